package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import ai.kaptura.ports.out.fake.MutableClock;
import ai.kaptura.ports.testing.CapturedLog;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox generator beyond the contract: real deliveries, real images, refusals, deletion on disk, restarts, threads. */
class SandboxGeneratorTest {

    private static final byte[] SECRET = "sandbox-generator-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final Duration LONG = Duration.ofHours(1);

    private final InMemorySandboxRecords records = new InMemorySandboxRecords();

    private final MutableClock clock = MutableClock.at(VendorFixtures.NOW);
    private final LocalEndpoint app = new LocalEndpoint();
    private final List<SandboxGenerator> opened = new ArrayList<>();
    private final Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    private final Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");

    private CapturedLog log;

    @AfterEach
    void stop() {
        opened.forEach(SandboxGenerator::close);
        app.close();
        if (log != null) {
            log.close();
        }
    }

    // ---- delivery -------------------------------------------------------------------------------

    @Test
    @Tag("R37")
    void the_trained_callback_arrives_at_the_app_after_the_delay_with_an_opaque_token_that_decodes_to_the_model() {
        Duration delay = Duration.ofMillis(600);
        SandboxGenerator sandbox = sandbox(app.base(), delay);
        long submitted = System.nanoTime();

        ModelRef model = sandbox.train(training(ada, jpegSelfies(3)));

        assertThat(app.anyWithin(r -> true, Duration.ofMillis(250)))
                .as("nothing before the delay")
                .isFalse();
        LocalEndpoint.Request callback = app.await(r -> r.text().contains("model.trained"), ARRIVAL);
        assertThat(Duration.ofNanos(callback.receivedNanos() - submitted)).isGreaterThanOrEqualTo(delay);
        assertThat(callback.method()).isEqualTo("POST");
        assertThat(callback.path()).startsWith("/webhooks/generator/");
        String token = callback.lastSegment();
        assertThat(token)
                .doesNotContain(ada.orderId().toString())
                .doesNotContain(model.value())
                .doesNotContain(ada.id().toString());
        assertThat(callback.headers().get("Content-type"))
                .singleElement()
                .asString()
                .startsWith("application/json");

        GeneratorEvent event = ok(sandbox.decodeCallback(token, callback.body(), callback.headers()));
        GeneratorEvent again = ok(sandbox.decodeCallback(token, callback.body(), callback.headers()));

        assertThat(event).isInstanceOf(GeneratorEvent.ModelTrained.class);
        GeneratorEvent.ModelTrained trained = (GeneratorEvent.ModelTrained) event;
        assertThat(trained.order()).isEqualTo(ada.orderId());
        assertThat(trained.model()).isEqualTo(model);
        assertThat(again).as("a duplicated callback is the same event").isEqualTo(event);
        assertThat(sandbox.status(ada.orderId(), model)).containsExactly(event);
    }

    @Test
    void generation_runs_by_itself_and_every_delivered_image_is_a_jpeg_of_at_least512_pixels() {
        SandboxGenerator sandbox = sandbox(app.base(), Duration.ofMillis(200));
        ModelRef model = sandbox.train(training(ada, jpegSelfies(2)));
        app.await(r -> r.text().contains("model.trained"), ARRIVAL);

        sandbox.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 2);

        for (StyleId style : List.of(VendorFixtures.STUDIO.id(), VendorFixtures.CITY.id())) {
            LocalEndpoint.Request callback = app.await(r -> r.text().contains("\"style\":\"" + style + "\""), ARRIVAL);
            GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady)
                    ok(sandbox.decodeCallback(callback.lastSegment(), callback.body(), callback.headers()));
            assertThat(ready.order()).isEqualTo(ada.orderId());
            assertThat(ready.style()).isEqualTo(style);
            assertThat(ready.imageLocations()).hasSize(2).allSatisfy(location -> {
                assertThat(location).startsWith("sandbox:");
                BufferedImage image = TestImages.decode(VendorFixtures.readAll(sandbox.download(location)));
                assertThat(image.getWidth()).isGreaterThanOrEqualTo(512);
                assertThat(image.getHeight()).isGreaterThanOrEqualTo(512);
            });
        }
    }

    @Test
    void each_style_has_its_own_colour_grade() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = sandbox.train(training(ada, jpegSelfies(1)));
        sandbox.finishTrainingNow(model);
        sandbox.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 1);
        sandbox.finishGeneratingNow(model);

        List<double[]> means = sandbox.status(ada.orderId(), model).stream()
                .filter(GeneratorEvent.ImagesReady.class::isInstance)
                .map(GeneratorEvent.ImagesReady.class::cast)
                .map(e -> TestImages.meanColour(TestImages.decode(VendorFixtures.readAll(
                        sandbox.download(e.imageLocations().getFirst())))))
                .toList();

        assertThat(means).hasSize(2);
        double difference = 0;
        for (int channel = 0; channel < 3; channel++) {
            difference = Math.max(difference, Math.abs(means.get(0)[channel] - means.get(1)[channel]));
        }
        assertThat(difference)
                .as("largest difference of a mean channel between two styles of one selfie")
                .isGreaterThan(3);
    }

    @Test
    void a_selfie_that_is_not_an_image_gives_a_drawn_placeholder_instead() {
        byte[] noise = VendorFixtures.pseudoRandomBytes(42, 8192);

        assertThat(PortraitRenderer.decode(noise)).isEmpty();
        BufferedImage image =
                TestImages.decode(new PortraitRenderer().render(Optional.empty(), 42L, VendorFixtures.STUDIO.id(), 0));

        assertThat(image.getWidth()).isEqualTo(PortraitRenderer.SIZE);
        assertThat(image.getHeight()).isEqualTo(PortraitRenderer.SIZE);
        assertThat(PortraitRenderer.decode(TestImages.selfieJpeg(1, 300, 400)))
                .hasValueSatisfying(decoded -> assertThat(decoded.getWidth()).isEqualTo(300));
    }

    @Test
    void a_failed_delivery_neither_throws_nor_loses_the_event_and_its_log_names_no_token_or_order() {
        listen();
        LocalEndpoint gone = new LocalEndpoint();
        URI nowhere = gone.base();
        gone.close();
        SandboxGenerator sandbox = sandbox(nowhere, LONG);
        ModelRef model = sandbox.train(training(ada, jpegSelfies(2)));

        assertThatCode(() -> sandbox.finishTrainingNow(model)).doesNotThrowAnyException();

        LogRecord retrying = log.await(Level.INFO, "could not be delivered", ARRIVAL);
        assertThat(sandbox.status(ada.orderId(), model))
                .singleElement()
                .isInstanceOf(GeneratorEvent.ModelTrained.class);
        assertThat(retrying.getMessage())
                .contains(model.value())
                .contains("sent again")
                .doesNotContain(ada.orderId().toString())
                .doesNotContain(ada.id().toString());
        assertThat(log.records()).extracting(LogRecord::getMessage).noneMatch(m -> m.contains("/webhooks/generator/"));
    }

    @Test
    void a_callback_the_app_fails_is_logged_and_the_event_stays_in_status() {
        listen();
        app.answer(500);
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = sandbox.train(training(ada, jpegSelfies(2)));

        sandbox.finishTrainingNow(model);

        assertThat(log.await(Level.INFO, "HTTP 500", ARRIVAL).getMessage()).contains(model.value());
        assertThat(sandbox.status(ada.orderId(), model))
                .singleElement()
                .isInstanceOf(GeneratorEvent.ModelTrained.class);
    }

    // ---- refusing callbacks ---------------------------------------------------------------------

    @Test
    @Tag("R37")
    void a_token_of_another_secret_or_of_no_model_is_refused() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        LocalEndpoint.Request genuine = trainedCallback(model);
        String token = genuine.lastSegment();
        SandboxGenerator other = (SandboxGenerator) SandboxAdapter.generator(
                app.base(),
                "another-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                LONG,
                clock,
                new InMemorySandboxRecords());
        opened.add(other);
        ModelRef stranger = other.train(training(grace, jpegSelfies(1)));
        other.finishTrainingNow(stranger);
        String strangersToken =
                app.await(r -> r.text().contains(stranger.value()), ARRIVAL).lastSegment();
        String nonce = token.substring(0, token.indexOf('.'));
        String forgedTag = nonce + "." + "A".repeat(22);

        assertRefused(
                sandbox.decodeCallback(strangersToken, genuine.body(), genuine.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(
                sandbox.decodeCallback(forgedTag, genuine.body(), genuine.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(
                sandbox.decodeCallback(token + "x", genuine.body(), genuine.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertThat(sandbox.decodeCallback(token, genuine.body(), genuine.headers()))
                .isInstanceOf(Result.Ok.class);
    }

    @Test
    void a_body_signed_with_another_key_or_for_another_address_is_refused() throws Exception {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef adas = trainedModel(sandbox, ada);
        ModelRef graces = trainedModel(sandbox, grace);
        LocalEndpoint.Request forAda = trainedCallback(adas);
        LocalEndpoint.Request forGrace = trainedCallback(graces);
        long t = clock.instant().getEpochSecond();
        String guessed = "t=" + t + ",v1="
                + hmacHex(
                        "guessed-secret".getBytes(StandardCharsets.UTF_8),
                        t + "." + forAda.lastSegment() + "." + forAda.text());

        assertRefused(
                sandbox.decodeCallback(
                        forAda.lastSegment(), forAda.body(), Map.of(Signatures.HEADER, List.of(guessed))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(
                sandbox.decodeCallback(forGrace.lastSegment(), forAda.body(), forAda.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        byte[] adasBody = forAda.body();
        assertRefused(
                sandbox.decodeCallback(
                        forGrace.lastSegment(),
                        adasBody,
                        Map.of(
                                Signatures.HEADER,
                                List.of(sandbox.signature(forGrace.lastSegment(), adasBody, clock.instant())))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_callback_is_fresh_for_five_minutes_either_side_of_the_clock() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        LocalEndpoint.Request genuine = trainedCallback(model);
        String token = genuine.lastSegment();
        Map<String, List<String>> early =
                signedAt(sandbox, token, genuine.body(), clock.instant().plus(Duration.ofMinutes(6)));
        Map<String, List<String>> slightlyAhead =
                signedAt(sandbox, token, genuine.body(), clock.instant().plus(Duration.ofMinutes(4)));

        assertRefused(sandbox.decodeCallback(token, genuine.body(), early), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertThat(sandbox.decodeCallback(token, genuine.body(), slightlyAhead)).isInstanceOf(Result.Ok.class);

        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(sandbox.decodeCallback(token, genuine.body(), genuine.headers()))
                .as("replayed within the tolerance")
                .isInstanceOf(Result.Ok.class);
        clock.advance(Duration.ofSeconds(2));
        assertRefused(
                sandbox.decodeCallback(token, genuine.body(), genuine.headers()), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "",
                "garbage",
                "t=,v1=",
                "t=1793611800",
                "v1=abab",
                "t=yesterday,v1=00",
                "t=99999999999999999999,v1=00",
                "t=1793611800,v0=0000000000000000000000000000000000000000000000000000000000000000",
                "t=1793611800,v1=not-hex",
                "t=1793611800,t=1793611801,v1=0000000000000000000000000000000000000000000000000000000000000000"
            })
    void a_malformed_signature_header_is_refused_without_throwing(String header) {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        LocalEndpoint.Request genuine = trainedCallback(model);

        List<Result<GeneratorEvent>> decoded = new ArrayList<>();
        assertThatCode(() -> decoded.add(sandbox.decodeCallback(
                        genuine.lastSegment(), genuine.body(), Map.of(Signatures.HEADER, List.of(header)))))
                .doesNotThrowAnyException();

        assertRefused(decoded.getFirst(), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void nothing_hostile_makes_decoding_throw() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        LocalEndpoint.Request genuine = trainedCallback(model);
        Map<String, List<String>> nullValues = new java.util.HashMap<>();
        nullValues.put(null, null);
        nullValues.put(Signatures.HEADER, java.util.Collections.singletonList(null));
        byte[] deep = ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);

        assertThatCode(() -> {
                    assertThat(sandbox.decodeCallback(null, null, null)).isInstanceOf(Result.Refused.class);
                    assertThat(sandbox.decodeCallback(genuine.lastSegment(), null, null))
                            .isInstanceOf(Result.Refused.class);
                    assertThat(sandbox.decodeCallback(genuine.lastSegment(), genuine.body(), nullValues))
                            .isInstanceOf(Result.Refused.class);
                    assertThat(sandbox.decodeCallback(
                                    genuine.lastSegment(),
                                    deep,
                                    signedAt(sandbox, genuine.lastSegment(), deep, clock.instant())))
                            .isInstanceOf(Result.Refused.class);
                    assertThat(sandbox.decodeCallback(
                                    genuine.lastSegment(),
                                    genuine.body(),
                                    Map.of(Signatures.HEADER, List.of("v1=" + "a".repeat(100_000)))))
                            .isInstanceOf(Result.Refused.class);
                })
                .doesNotThrowAnyException();
    }

    @Test
    @Tag("R14")
    void a_deleted_models_address_is_retired() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        LocalEndpoint.Request genuine = trainedCallback(model);

        sandbox.requestDeletion(model);

        assertRefused(
                sandbox.decodeCallback(genuine.lastSegment(), genuine.body(), genuine.headers()),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertThat(sandbox.status(ada.orderId(), model)).isEmpty();
    }

    @Test
    @Tag("R37")
    void the_callback_signature_follows_the_documented_scheme() throws Exception {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        LocalEndpoint.Request genuine = trainedCallback(trainedModel(sandbox, ada));
        String header = genuine.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(Signatures.HEADER))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getFirst();
        long t = clock.instant().getEpochSecond();
        byte[] bodyKey = hmac(SECRET, "kaptura-sandbox/generator/callback-body/v1".getBytes(StandardCharsets.UTF_8));

        assertThat(header)
                .isEqualTo(
                        "t=" + t + ",v1=" + hmacHex(bodyKey, t + "." + genuine.lastSegment() + "." + genuine.text()));
    }

    // ---- downloads ------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "https://images.example.org/a.jpg",
                "sandbox:../../etc/passwd",
                "sandbox:",
                "img-0123",
                "file:///etc/passwd"
            })
    void download_refuses_what_is_not_its_own_location(String location) {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);

        assertThatThrownBy(() -> sandbox.download(location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox");
    }

    @Test
    void download_of_an_image_it_never_drew_is_not_found() {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);

        assertThatThrownBy(() -> sandbox.download("sandbox:img-" + "0".repeat(32)))
                .isInstanceOf(NoSuchElementException.class);
    }

    // ---- training -------------------------------------------------------------------------------

    @Test
    @Tag("R17")
    void a_selfie_that_cannot_be_read_leaves_nothing_behind_and_every_opened_stream_is_closed() throws IOException {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        AtomicBoolean closed = new AtomicBoolean();
        List<HeadshotGenerator.Selfie> selfies = new ArrayList<>(jpegSelfies(2));
        selfies.add(new HeadshotGenerator.Selfie("broken.jpg", () -> new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        }));
        HeadshotGenerator.Training broken = new HeadshotGenerator.Training(
                ada.orderId(), ada.vendorTraining(), selfies, "person", "train:" + ada.orderId());

        assertThatThrownBy(() -> sandbox.train(broken))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nothing was kept");

        assertThat(closed).isTrue();
        assertThat(records.everything()).isEmpty();
        ModelRef model = sandbox.train(training(ada, jpegSelfies(2)));
        assertThat(sandbox.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
    }

    @Test
    void the_sandbox_keeps_its_copies_sealed_not_in_the_clear() throws IOException {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        List<byte[]> originals = List.of(TestImages.selfieJpeg(1, 400, 500), TestImages.selfieJpeg(2, 400, 500));
        List<HeadshotGenerator.Selfie> selfies = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            byte[] bytes = originals.get(i);
            selfies.add(new HeadshotGenerator.Selfie("s" + i + ".jpg", () -> new ByteArrayInputStream(bytes)));
        }
        ModelRef model = sandbox.train(
                new HeadshotGenerator.Training(ada.orderId(), ada.vendorTraining(), selfies, "person", "k"));
        sandbox.finishTrainingNow(model);
        sandbox.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 1);
        sandbox.finishGeneratingNow(model);
        String image = ((GeneratorEvent.ImagesReady)
                        sandbox.status(ada.orderId(), model).getLast())
                .imageLocations()
                .getFirst();
        byte[] drawn = VendorFixtures.readAll(sandbox.download(image));

        assertThat(records.blobNames(model.value())).hasSize(2 + 1);
        for (Map.Entry<String, byte[]> kept : records.everything().entrySet()) {
            String content = HexFormat.of().formatHex(kept.getValue());
            for (byte[] clear : List.of(originals.get(0), originals.get(1), drawn)) {
                assertThat(content)
                        .as("%s holds no clear bytes", kept.getKey())
                        .doesNotContain(HexFormat.of().formatHex(clear, 200, 264));
            }
        }
    }

    // ---- deletion -------------------------------------------------------------------------------

    @Test
    @Tag("R14")
    @Tag("R2")
    void deletion_removes_every_file_the_sandbox_kept_for_that_model_and_no_other() throws IOException {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef adas = trainedModel(sandbox, ada);
        ModelRef graces = trainedModel(sandbox, grace);
        sandbox.generate(ada.orderId(), adas, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 2);
        sandbox.generate(grace.orderId(), graces, List.of(VendorFixtures.STUDIO), 1);
        sandbox.finishGeneratingNow(adas);
        sandbox.finishGeneratingNow(graces);
        assertThat(records.blobNames(adas.value()))
                .as("8 selfie copies, 4 headshots")
                .hasSize(8 + 4);
        String gracesImage = ((GeneratorEvent.ImagesReady)
                        sandbox.status(grace.orderId(), graces).getLast())
                .imageLocations()
                .getFirst();

        String answer = sandbox.requestDeletion(adas);

        assertThat(answer).contains("8 selfie copies").contains("4 headshots");
        assertThat(records.holdsAnything(adas.value())).isFalse();
        assertThat(records.everything().keySet()).noneMatch(name -> name.contains(adas.value()));
        assertThat(records.everything().values())
                .as("no record names the deleted model")
                .noneMatch(body -> new String(body, StandardCharsets.ISO_8859_1).contains(adas.value()));
        assertThat(sandbox.verifyDeletion(adas)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(records.blobNames(graces.value())).hasSize(8 + 1);
        assertThat(records.find("model", graces.value())).isPresent();
        assertThat(TestImages.decode(VendorFixtures.readAll(sandbox.download(gracesImage))))
                .isNotNull();
    }

    @Test
    @Tag("R14")
    void a_model_whose_files_remain_is_not_confirmed_gone() throws IOException {
        SandboxGenerator sandbox = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(sandbox, ada);
        sandbox.requestDeletion(model);
        records.putBlob(model.value() + "/stray", model.value(), new byte[] {1});

        assertThat(sandbox.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
        sandbox.requestDeletion(model);
        assertThat(sandbox.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(records.everything()).isEmpty();
    }

    // ---- restarts and threads -------------------------------------------------------------------

    @Test
    void a_restarted_sandbox_knows_its_models_images_and_addresses() {
        SandboxGenerator before = sandbox(app.base(), LONG);
        ModelRef model = trainedModel(before, ada);
        before.generate(ada.orderId(), model, List.of(VendorFixtures.CITY), 2);
        before.finishGeneratingNow(model);
        LocalEndpoint.Request callback = trainedCallback(model);
        List<GeneratorEvent> events = before.status(ada.orderId(), model);
        before.close();

        SandboxGenerator after = sandbox(app.base(), LONG);

        assertThat(after.status(ada.orderId(), model)).isEqualTo(events);
        GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) events.getLast();
        assertThat(TestImages.decode(VendorFixtures.readAll(
                        after.download(ready.imageLocations().getFirst()))))
                .isNotNull();
        assertThat(after.decodeCallback(callback.lastSegment(), callback.body(), callback.headers()))
                .isInstanceOf(Result.Ok.class);
        assertThat(after.train(training(ada, jpegSelfies(1))))
                .as("the same idempotency key, after a restart")
                .isEqualTo(model);
    }

    @Test
    void a_training_interrupted_by_a_restart_finishes_after_it() {
        SandboxGenerator before = sandbox(app.base(), Duration.ofMillis(300));
        ModelRef model = before.train(training(ada, jpegSelfies(1)));
        before.close();

        sandbox(app.base(), Duration.ofMillis(300));

        LocalEndpoint.Request callback = app.await(r -> r.text().contains("model.trained"), ARRIVAL);
        assertThat(callback.text()).contains(model.value());
    }

    @Test
    void its_threads_are_daemons_and_close_stops_them() throws InterruptedException {
        SandboxGenerator sandbox = sandbox(app.base(), Duration.ofMillis(50));
        sandbox.train(training(ada, jpegSelfies(1)));
        app.await(r -> r.text().contains("model.trained"), ARRIVAL);

        assertThat(sandboxThreads())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon())
                        .as("%s is a daemon", t.getName())
                        .isTrue());
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().startsWith("HttpClient-"))
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon())
                        .as("%s is a daemon", t.getName())
                        .isTrue());
        sandbox.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sandboxThreads().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sandboxThreads()).isEmpty();
        assertThatThrownBy(() -> sandbox.train(training(grace, jpegSelfies(1))))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---- the entry ------------------------------------------------------------------------------

    @Test
    void the_entry_refuses_wrong_settings_naming_them() {
        assertThatThrownBy(() ->
                        SandboxAdapter.generator(URI.create("ftp://kaptura.example"), SECRET, LONG, clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_BASE_URL");
        assertThatThrownBy(() -> SandboxAdapter.generator(
                        URI.create("https://user:pw@kaptura.example"), SECRET, LONG, clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_BASE_URL")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> SandboxAdapter.generator(
                        URI.create("https://kaptura.example/?a=1"), SECRET, LONG, clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_BASE_URL");
        assertThatThrownBy(() -> SandboxAdapter.generator(app.base(), SECRET, Duration.ofSeconds(-1), clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_SANDBOX_DELAY");
        assertThatThrownBy(() -> SandboxAdapter.generator(app.base(), new byte[8], LONG, clock, records))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
    }

    @Test
    void a_base_address_with_a_path_keeps_it_and_nothing_leaves_the_machine() {
        SandboxGenerator sandbox = (SandboxGenerator)
                SandboxAdapter.generator(URI.create(app.base() + "/kaptura/"), SECRET, LONG, clock, records);
        opened.add(sandbox);

        sandbox.finishTrainingNow(sandbox.train(training(ada, jpegSelfies(1))));

        assertThat(app.await(r -> true, ARRIVAL).path()).startsWith("/kaptura/webhooks/generator/");
        assertThat(sandbox.processorName()).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private SandboxGenerator sandbox(URI base, Duration delay) {
        SandboxGenerator sandbox = (SandboxGenerator) SandboxAdapter.generator(base, SECRET, delay, clock, records);
        opened.add(sandbox);
        return sandbox;
    }

    private ModelRef trainedModel(SandboxGenerator sandbox, Customer who) {
        ModelRef model = sandbox.train(training(who, jpegSelfies(8)));
        sandbox.finishTrainingNow(model);
        return model;
    }

    private LocalEndpoint.Request trainedCallback(ModelRef model) {
        return app.await(
                r -> r.text().contains("\"model\":\"" + model + "\"")
                        && r.text().contains("model.trained"),
                ARRIVAL);
    }

    private static HeadshotGenerator.Training training(Customer who, List<HeadshotGenerator.Selfie> selfies) {
        return new HeadshotGenerator.Training(
                who.orderId(), who.vendorTraining(), selfies, "person", "train:" + who.orderId());
    }

    private static List<HeadshotGenerator.Selfie> jpegSelfies(int count) {
        List<HeadshotGenerator.Selfie> selfies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] bytes = TestImages.selfieJpeg(i, 480, 640);
            selfies.add(new HeadshotGenerator.Selfie("selfie-" + i + ".jpg", () -> new ByteArrayInputStream(bytes)));
        }
        return selfies;
    }

    private static Map<String, List<String>> signedAt(SandboxGenerator sandbox, String token, byte[] body, Instant at) {
        return Map.of(Signatures.HEADER, List.of(sandbox.signature(token, body, at)));
    }

    private static Set<Thread> sandboxThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kaptura-sandbox-") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    private void listen() {
        log = CapturedLog.of(SandboxGenerator.class);
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

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static String hmacHex(byte[] key, String data) throws GeneralSecurityException {
        return HexFormat.of().formatHex(hmac(key, data.getBytes(StandardCharsets.UTF_8)));
    }
}
