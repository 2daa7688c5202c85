package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.HeadshotGeneratorContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FakeHeadshotGeneratorTest extends HeadshotGeneratorContract {

    private static final String SECRET = "fake-vendor-callback-secret";

    private final AtomicReference<Instant> now = new AtomicReference<>(VendorFixtures.NOW);
    private FakeHeadshotGenerator fake;

    @Override
    protected HeadshotGenerator generator() {
        fake = new FakeHeadshotGenerator(SECRET, now::get);
        return fake;
    }

    @Override
    protected List<String> everythingSentToVendor() {
        return fake.sentToVendor();
    }

    @Override
    protected void vendorFinishesTraining(ModelRef model) {
        fake.finishTraining(model);
    }

    @Override
    protected void vendorFinishesGenerating(ModelRef model) {
        fake.finishGenerating(model);
    }

    @Override
    protected void vendorKeepsModelDespiteDeletion(ModelRef model) {
        fake.keepDespiteDeletion(model);
    }

    @Override
    protected Callback trainingFinishedCallback(OrderId order, ModelRef model) {
        return contract(fake.trainingFinishedCallback(model));
    }

    @Override
    protected Callback imagesReadyCallback(OrderId order, ModelRef model, StyleId style) {
        return contract(fake.imagesReadyCallback(model, style));
    }

    @Override
    protected Callback authenticWithBody(Callback genuine, byte[] body) {
        return contract(fake.signed(genuine.token(), body));
    }

    @Override
    protected Callback tampered(Callback genuine) {
        String body = new String(genuine.body(), StandardCharsets.UTF_8).replace("model.trained", "model.failed");
        return new Callback(genuine.token(), body.getBytes(StandardCharsets.UTF_8), genuine.headers());
    }

    @Override
    protected Callback replayedTooLate(Callback genuine) {
        now.set(now.get().plus(FakeHeadshotGenerator.TOLERANCE).plusSeconds(1));
        return genuine;
    }

    private static Callback contract(FakeHeadshotGenerator.Callback c) {
        return new Callback(c.token(), c.body(), c.headers());
    }

    // ---- what only the fake's own scheme can show ------------------------------------------------

    @Test
    void an_unsigned_callback_is_refused() {
        FakeHeadshotGenerator.Callback genuine = fake.trainingFinishedCallback(trainedModel());

        Result<GeneratorEvent> decoded = fake.decodeCallback(genuine.token(), genuine.body(), Map.of());

        assertReason(decoded, Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_callback_signed_with_another_secret_is_refused() {
        FakeHeadshotGenerator.Callback genuine = fake.trainingFinishedCallback(trainedModel());
        String forged = FakeHeadshotGenerator.signature(
                "guessed".getBytes(StandardCharsets.UTF_8), genuine.token(), genuine.body(), now.get());

        Result<GeneratorEvent> decoded = fake.decodeCallback(
                genuine.token(), genuine.body(), Map.of(FakeHeadshotGenerator.SIGNATURE_HEADER, List.of(forged)));

        assertReason(decoded, Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_genuine_body_moved_to_another_orders_address_is_refused() {
        FakeHeadshotGenerator.Callback genuine = fake.trainingFinishedCallback(trainedModel());
        Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        fake.train(new HeadshotGenerator.Training(
                grace.orderId(),
                grace.vendorTraining(),
                List.of(new HeadshotGenerator.Selfie("s.jpg", () -> new ByteArrayInputStream(new byte[] {1}))),
                "person",
                "g"));
        String gracesToken = fake.callbackTokenFor(grace.orderId());

        Result<GeneratorEvent> unsignedForThatAddress =
                fake.decodeCallback(gracesToken, genuine.body(), genuine.headers());
        FakeHeadshotGenerator.Callback resigned = fake.signed(gracesToken, genuine.body());
        Result<GeneratorEvent> signedButNotThatOrdersModel =
                fake.decodeCallback(resigned.token(), resigned.body(), resigned.headers());

        assertReason(unsignedForThatAddress, Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertReason(signedButNotThatOrdersModel, Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_signature_from_the_future_beyond_the_tolerance_is_refused() {
        ModelRef model = trainedModel();
        FakeHeadshotGenerator.Callback genuine = fake.trainingFinishedCallback(model);
        FakeHeadshotGenerator.Callback early =
                fake.signedAt(genuine.token(), genuine.body(), now.get().plus(Duration.ofMinutes(6)));
        FakeHeadshotGenerator.Callback garbled = new FakeHeadshotGenerator.Callback(
                genuine.token(), genuine.body(), Map.of("x-fake-vendor-signature", List.of("t=soon,v1=zz")));

        assertReason(
                fake.decodeCallback(early.token(), early.body(), early.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertReason(
                fake.decodeCallback(garbled.token(), garbled.body(), garbled.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void the_header_name_is_case_insensitive_as_in_http() {
        FakeHeadshotGenerator.Callback genuine = fake.trainingFinishedCallback(trainedModel());
        String value =
                genuine.headers().get(FakeHeadshotGenerator.SIGNATURE_HEADER).getFirst();

        Result<GeneratorEvent> decoded =
                fake.decodeCallback(genuine.token(), genuine.body(), Map.of("x-fake-vendor-signature", List.of(value)));

        assertThat(decoded).isInstanceOf(Result.Ok.class);
    }

    @Test
    void a_failed_training_callback_decodes_to_failed() {
        ModelRef model = trainedModel();
        FakeHeadshotGenerator.Callback failed = fake.failedCallback(model, "too few usable faces");

        Result<GeneratorEvent> decoded = fake.decodeCallback(failed.token(), failed.body(), failed.headers());

        assertThat(decoded).isInstanceOf(Result.Ok.class);
        GeneratorEvent event = ((Result.Ok<GeneratorEvent>) decoded).value();
        assertThat(event)
                .isEqualTo(new GeneratorEvent.Failed(model + ":failed", ada().orderId(), "too few usable faces"));
    }

    @Test
    void the_vendor_keeps_only_digests_of_the_selfies_and_nothing_once_deleted() {
        byte[] one = VendorFixtures.pseudoRandomBytes(1, 100);
        byte[] two = VendorFixtures.pseudoRandomBytes(2, 100);
        ModelRef model = fake.train(new HeadshotGenerator.Training(
                ada().orderId(),
                ada().vendorTraining(),
                List.of(
                        new HeadshotGenerator.Selfie("a.jpg", () -> new ByteArrayInputStream(one)),
                        new HeadshotGenerator.Selfie("b.jpg", () -> new ByteArrayInputStream(two))),
                "person",
                "k"));

        assertThat(fake.trainingImagesOf(model)).containsExactly(Digest.sha256(one), Digest.sha256(two));
        fake.requestDeletion(model);
        assertThat(fake.trainingImagesOf(model)).isEmpty();
        assertThat(fake.modelsTrained()).isEqualTo(1);
    }

    @Test
    void a_vendor_finishing_at_once_needs_no_callback_to_progress() {
        FakeHeadshotGenerator quick = FakeHeadshotGenerator.finishingAtOnce(SECRET, now::get);
        ModelRef model = quick.train(new HeadshotGenerator.Training(
                ada().orderId(),
                ada().vendorTraining(),
                List.of(new HeadshotGenerator.Selfie("a.jpg", () -> new ByteArrayInputStream(new byte[] {7}))),
                "person",
                "k"));

        quick.generate(ada().orderId(), model, List.of(VendorFixtures.STUDIO), 2);

        assertThat(quick.status(ada().orderId(), model))
                .hasSize(2)
                .anyMatch(GeneratorEvent.ModelTrained.class::isInstance)
                .anyMatch(e -> e instanceof GeneratorEvent.ImagesReady r
                        && r.imageLocations().size() == 2);
    }

    @Test
    void an_unreachable_vendor_fails_every_call_and_changes_nothing_until_it_is_back() {
        ModelRef model = trainedModel();
        FakeHeadshotGenerator.Callback callback = fake.trainingFinishedCallback(model);
        fake.unreachable(true);

        assertThatThrownBy(() -> fake.requestDeletion(model)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.verifyDeletion(model)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.status(ada().orderId(), model)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.generate(ada().orderId(), model, List.of(VendorFixtures.STUDIO), 2))
                .isInstanceOf(IllegalStateException.class);
        assertThat(fake.decodeCallback(callback.token(), callback.body(), callback.headers()))
                .isInstanceOf(Result.Ok.class);

        fake.unreachable(false);
        assertThat(fake.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
        fake.requestDeletion(model);
        assertThat(fake.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    private static void assertReason(Result<GeneratorEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        assertThat(((Result.Refused<GeneratorEvent>) result).why().reason()).isEqualTo(reason);
    }
}
