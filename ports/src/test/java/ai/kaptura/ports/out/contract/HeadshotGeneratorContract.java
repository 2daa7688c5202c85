package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link HeadshotGenerator} must do: train once per idempotency key and only with the
 * guard's vendor-training permit (R17), read selfies only through their suppliers, send nothing that
 * identifies the person (R37), report progress through {@code status} (for callbacks that never
 * come), confirm deletion only when the vendor no longer has the model (R14), and decode only
 * authentic, well-formed callbacks, never throwing.
 *
 * <p>The hooks let each adapter's test drive its vendor (a fake, or a local HTTP stub of the real
 * API): finish training, finish generating, keep a model despite deletion, and deliver callbacks the
 * way that vendor delivers them.
 */
public abstract class HeadshotGeneratorContract {

    /** A callback as the vendor delivers it: the token of the callback address, the raw body and the headers. */
    public record Callback(String token, byte[] body, Map<String, List<String>> headers) {}

    /** The generator under test, fresh for each test; the hooks below act on the same vendor. */
    protected abstract HeadshotGenerator generator();

    /** Every piece of text the adapter sent to the vendor: URLs, form fields, JSON, headers, file names. */
    protected abstract List<String> everythingSentToVendor();

    /** The vendor finishes training {@code model}. */
    protected abstract void vendorFinishesTraining(ModelRef model);

    /** The vendor finishes every image asked of {@code model}. */
    protected abstract void vendorFinishesGenerating(ModelRef model);

    /** The vendor will acknowledge deletion requests for {@code model} but keep it. */
    protected abstract void vendorKeepsModelDespiteDeletion(ModelRef model);

    /** The genuine callback the vendor sends when {@code model} (of {@code order}) has finished training. */
    protected abstract Callback trainingFinishedCallback(OrderId order, ModelRef model);

    /** The genuine callback the vendor sends when the images of {@code style} are ready. */
    protected abstract Callback imagesReadyCallback(OrderId order, ModelRef model, StyleId style);

    /**
     * {@code genuine}'s delivery (address and headers) with {@code body} instead, authenticated exactly as
     * the vendor authenticates its callbacks (re-signed, for a vendor that signs).
     */
    protected abstract Callback authenticWithBody(Callback genuine, byte[] body);

    /** {@code genuine} altered in a way the adapter's authenticity check must catch. */
    protected abstract Callback tampered(Callback genuine);

    /**
     * {@code genuine} delivered again when it may no longer be accepted (for a signing vendor: after
     * the tolerance has passed; for a token-authenticated one: after the token was retired).
     */
    protected abstract Callback replayedTooLate(Callback genuine);

    private HeadshotGenerator generator;
    private Customer ada;

    @BeforeEach
    void freshVendor() {
        generator = generator();
        ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    }

    // ---- training -------------------------------------------------------------------------------

    @Test
    void training_reads_every_selfie_through_its_supplier_to_the_end() {
        List<CountingSelfie> selfies = selfies(8);

        ModelRef model = generator.train(training(ada, selfies, "train:" + ada.orderId()));

        assertThat(model).isNotNull();
        for (CountingSelfie selfie : selfies) {
            assertThat(selfie.opened()).as("%s opened", selfie.name).isPositive();
            assertThat(selfie.someStreamReadToTheEnd())
                    .as("%s read to the end", selfie.name)
                    .isTrue();
            assertThat(selfie.everyStreamClosed()).as("%s closed", selfie.name).isTrue();
        }
    }

    @Test
    void the_same_idempotency_key_never_trains_a_second_model() {
        String key = "train:" + ada.orderId();
        ModelRef first = generator.train(training(ada, selfies(8), key));

        ModelRef again = generator.train(training(ada, selfies(8), key));
        Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        ModelRef other = generator.train(training(grace, selfies(8), "train:" + grace.orderId()));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void training_needs_the_guards_vendor_training_permit_for_that_order() {
        List<CountingSelfie> selfies = selfies(8);
        Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        HeadshotGenerator.Training ownerCopy =
                training(ada.orderId(), ada.ownerCopy(), selfies, "train:" + ada.orderId());
        HeadshotGenerator.Training anotherOrdersPermit =
                training(ada.orderId(), grace.vendorTraining(), selfies, "train:" + ada.orderId());

        assertThatThrownBy(() -> generator.train(ownerCopy)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> generator.train(anotherOrdersPermit)).isInstanceOf(SecurityException.class);
        assertThat(selfies)
                .allSatisfy(s -> assertThat(s.opened()).as("%s opened", s.name).isZero());
    }

    @Test
    void nothing_sent_to_the_vendor_identifies_the_person() {
        ModelRef model = generator.train(training(ada, selfies(8), "train:" + ada.orderId()));
        vendorFinishesTraining(model);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        vendorFinishesGenerating(model);
        generator.status(ada.orderId(), model);
        generator.requestDeletion(model);
        generator.verifyDeletion(model);

        VendorFixtures.assertCarriesNothingPersonal(everythingSentToVendor(), ada);
    }

    // ---- progress -------------------------------------------------------------------------------

    @Test
    void status_shows_the_model_trained_only_once_the_vendor_has_finished() {
        ModelRef model = generator.train(training(ada, selfies(8), "train:" + ada.orderId()));

        List<GeneratorEvent> before = generator.status(ada.orderId(), model);
        vendorFinishesTraining(model);
        List<GeneratorEvent> after = generator.status(ada.orderId(), model);

        assertThat(before).noneMatch(GeneratorEvent.ModelTrained.class::isInstance);
        assertThat(after)
                .filteredOn(GeneratorEvent.ModelTrained.class::isInstance)
                .singleElement()
                .satisfies(e -> {
                    GeneratorEvent.ModelTrained trained = (GeneratorEvent.ModelTrained) e;
                    assertThat(trained.order()).isEqualTo(ada.orderId());
                    assertThat(trained.model()).isEqualTo(model);
                    assertThat(trained.trainedAt()).isNotNull();
                    assertThat(trained.eventId()).isNotBlank();
                });
    }

    @Test
    void generated_images_appear_per_style_and_download() {
        ModelRef model = trainedModel();

        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 3);
        vendorFinishesGenerating(model);
        List<GeneratorEvent.ImagesReady> ready = imagesReady(generator.status(ada.orderId(), model));

        assertThat(ready)
                .extracting(GeneratorEvent.ImagesReady::style)
                .containsExactlyInAnyOrder(VendorFixtures.STUDIO.id(), VendorFixtures.CITY.id());
        for (GeneratorEvent.ImagesReady event : ready) {
            assertThat(event.order()).isEqualTo(ada.orderId());
            assertThat(event.imageLocations()).hasSize(3).doesNotHaveDuplicates();
            for (String location : event.imageLocations()) {
                byte[] image = VendorFixtures.readAll(generator.download(location));
                assertThat(image).as("image at %s", location).isNotEmpty();
                assertThat(isPngOrJpeg(image))
                        .as("image at %s is a PNG or JPEG", location)
                        .isTrue();
            }
        }
    }

    @Test
    void asking_again_for_the_same_styles_does_not_double_the_images() {
        ModelRef model = trainedModel();

        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        vendorFinishesGenerating(model);
        List<GeneratorEvent.ImagesReady> ready = imagesReady(generator.status(ada.orderId(), model));

        assertThat(ready)
                .singleElement()
                .satisfies(e -> assertThat(e.imageLocations()).hasSize(2));
    }

    // ---- deletion -------------------------------------------------------------------------------

    @Test
    void deletion_is_confirmed_only_once_the_model_is_gone() {
        ModelRef model = trainedModel();

        HeadshotGenerator.DeletionCheck before = generator.verifyDeletion(model);
        generator.requestDeletion(model);
        HeadshotGenerator.DeletionCheck after = generator.verifyDeletion(model);

        assertThat(before).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
        assertThat(((HeadshotGenerator.DeletionCheck.StillThere) before).detail())
                .isNotBlank();
        assertThat(after).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(((HeadshotGenerator.DeletionCheck.Gone) after).confirmation())
                .isNotBlank()
                .doesNotContain("@");
    }

    @Test
    void asking_to_delete_twice_is_harmless() {
        ModelRef model = trainedModel();

        generator.requestDeletion(model);
        assertThatCode(() -> generator.requestDeletion(model)).doesNotThrowAnyException();

        assertThat(generator.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    @Test
    void a_vendor_that_acknowledges_deletion_but_keeps_the_model_is_not_confirmed() {
        ModelRef model = trainedModel();
        vendorKeepsModelDespiteDeletion(model);

        generator.requestDeletion(model);

        assertThat(generator.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
    }

    @Test
    void images_are_no_longer_downloadable_once_the_model_is_deleted() {
        ModelRef model = trainedModel();
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 1);
        vendorFinishesGenerating(model);
        String location = imagesReady(generator.status(ada.orderId(), model))
                .getFirst()
                .imageLocations()
                .getFirst();

        generator.requestDeletion(model);

        assertThatThrownBy(() -> VendorFixtures.readAll(generator.download(location)))
                .isInstanceOf(RuntimeException.class);
    }

    // ---- callbacks ------------------------------------------------------------------------------

    @Test
    void a_genuine_training_callback_decodes_to_the_event_status_also_reports() {
        ModelRef model = trainedModel();
        Callback genuine = trainingFinishedCallback(ada.orderId(), model);

        Result<GeneratorEvent> decoded = decoded(genuine);

        GeneratorEvent.ModelTrained event = (GeneratorEvent.ModelTrained) ok(decoded);
        assertThat(event.order()).isEqualTo(ada.orderId());
        assertThat(event.model()).isEqualTo(model);
        GeneratorEvent.ModelTrained polled =
                (GeneratorEvent.ModelTrained) generator.status(ada.orderId(), model).stream()
                        .filter(GeneratorEvent.ModelTrained.class::isInstance)
                        .findFirst()
                        .orElseThrow();
        assertThat(event.eventId())
                .as("the same fact has the same event id, by callback or by poll")
                .isEqualTo(polled.eventId());
    }

    @Test
    void a_genuine_images_callback_decodes_to_the_images_of_that_style() {
        ModelRef model = trainedModel();
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 2);
        vendorFinishesGenerating(model);
        Callback genuine = imagesReadyCallback(ada.orderId(), model, VendorFixtures.CITY.id());

        GeneratorEvent event = ok(decoded(genuine));

        GeneratorEvent.ImagesReady polled = imagesReady(generator.status(ada.orderId(), model)).stream()
                .filter(e -> e.style().equals(VendorFixtures.CITY.id()))
                .findFirst()
                .orElseThrow();
        assertThat(event).isInstanceOf(GeneratorEvent.ImagesReady.class);
        GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) event;
        assertThat(ready.order()).isEqualTo(ada.orderId());
        assertThat(ready.style()).isEqualTo(VendorFixtures.CITY.id());
        assertThat(ready.imageLocations()).containsExactlyInAnyOrderElementsOf(polled.imageLocations());
    }

    @Test
    void a_callback_delivered_twice_decodes_to_the_same_event_id_so_it_is_processed_once() {
        ModelRef model = trainedModel();
        Callback genuine = trainingFinishedCallback(ada.orderId(), model);

        GeneratorEvent first = ok(decoded(genuine));
        GeneratorEvent second = ok(decoded(genuine));

        assertThat(second.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void a_callback_at_an_address_never_given_to_the_vendor_is_refused() {
        ModelRef model = trainedModel();
        Callback genuine = trainingFinishedCallback(ada.orderId(), model);

        Result<GeneratorEvent> decoded = generator.decodeCallback(
                "unknown" + genuine.token().hashCode() + "x0", genuine.body(), genuine.headers());

        assertRefused(decoded, Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_tampered_callback_is_refused() {
        ModelRef model = trainedModel();
        Callback forged = tampered(trainingFinishedCallback(ada.orderId(), model));

        assertRefused(decoded(forged), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_callback_replayed_too_late_is_refused() {
        ModelRef model = trainedModel();
        Callback replay = replayedTooLate(trainingFinishedCallback(ada.orderId(), model));

        assertRefused(decoded(replay), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("half an object", "{\"id\":".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("not JSON", "training done!".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an object of nothing known", "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("random bytes", VendorFixtures.pseudoRandomBytes(77, 512)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void an_authentic_but_malformed_callback_is_refused_as_malformed(String what, byte[] body) {
        ModelRef model = trainedModel();
        Callback malformed = authenticWithBody(trainingFinishedCallback(ada.orderId(), model), body);

        assertRefused(decoded(malformed), Rejection.Reason.EVENT_MALFORMED);
    }

    @Test
    void decoding_garbage_never_throws() {
        trainedModel();

        assertThatCode(() -> {
                    assertThat(generator.decodeCallback("x", VendorFixtures.pseudoRandomBytes(5, 64), Map.of()))
                            .isInstanceOf(Result.Refused.class);
                    assertThat(generator.decodeCallback("", new byte[0], Map.of("Content-Type", List.of("text/plain"))))
                            .isInstanceOf(Result.Refused.class);
                })
                .doesNotThrowAnyException();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** A model of Ada's order that the vendor has finished training. */
    protected final ModelRef trainedModel() {
        ModelRef model = generator.train(training(ada, selfies(8), "train:" + ada.orderId()));
        vendorFinishesTraining(model);
        return model;
    }

    /** The person the contract's orders belong to. */
    protected final Customer ada() {
        return ada;
    }

    private static HeadshotGenerator.Training training(Customer who, List<CountingSelfie> selfies, String key) {
        return training(who.orderId(), who.vendorTraining(), selfies, key);
    }

    /** A training of one order's selfies under the given permit, which may be the wrong one for that order. */
    private static HeadshotGenerator.Training training(
            OrderId order, SelfieReadPermit permit, List<CountingSelfie> selfies, String key) {
        return new HeadshotGenerator.Training(
                order, permit, selfies.stream().map(CountingSelfie::selfie).toList(), "person", key);
    }

    private static List<CountingSelfie> selfies(int count) {
        List<CountingSelfie> selfies = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            selfies.add(new CountingSelfie(
                    String.format("selfie-%02d.jpg", i), VendorFixtures.pseudoRandomBytes(i, 4096 + i)));
        }
        return selfies;
    }

    private static List<GeneratorEvent.ImagesReady> imagesReady(List<GeneratorEvent> events) {
        return events.stream()
                .filter(GeneratorEvent.ImagesReady.class::isInstance)
                .map(GeneratorEvent.ImagesReady.class::cast)
                .toList();
    }

    /** What the generator makes of {@code callback} as it arrived. */
    private Result<GeneratorEvent> decoded(Callback callback) {
        return generator.decodeCallback(callback.token(), callback.body(), callback.headers());
    }

    private static GeneratorEvent ok(Result<GeneratorEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<GeneratorEvent>) result).value();
    }

    private static void assertRefused(Result<GeneratorEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        Rejection why = ((Result.Refused<GeneratorEvent>) result).why();
        assertThat(why.reason()).as("refused because: %s", why.detail()).isEqualTo(reason);
    }

    private static boolean isPngOrJpeg(byte[] image) {
        return image.length > 8
                && ((image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N' && image[3] == 'G'
                        || (image[0] & 0xff) == 0xFF && (image[1] & 0xff) == 0xD8);
    }

    /** A selfie whose supplier keeps every stream it hands out, to check how each was used. */
    private static final class CountingSelfie {
        final String name;
        final byte[] bytes;
        final List<TrackedStream> streams = new CopyOnWriteArrayList<>();

        CountingSelfie(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        HeadshotGenerator.Selfie selfie() {
            return new HeadshotGenerator.Selfie(name, () -> {
                TrackedStream stream = new TrackedStream(bytes);
                streams.add(stream);
                return stream;
            });
        }

        int opened() {
            return streams.size();
        }

        boolean someStreamReadToTheEnd() {
            return streams.stream().anyMatch(s -> s.available() == 0);
        }

        boolean everyStreamClosed() {
            return streams.stream().allMatch(s -> s.closed);
        }
    }

    private static final class TrackedStream extends ByteArrayInputStream {
        volatile boolean closed;

        TrackedStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
