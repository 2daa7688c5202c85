package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.SandboxRecords;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import ai.kaptura.ports.out.fake.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sandbox that stops (a restart, a {@code kill -9}: it is simply never closed) leaves its work directory behind, and
 * a new sandbox on the same directory finishes every step the old one had accepted: the training, the styles asked,
 * and every callback the app had not answered, through the same signed path, at its time or at once if overdue.
 */
class SandboxGeneratorRestartTest {

    private static final byte[] SECRET = "sandbox-generator-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Duration ARRIVAL = Duration.ofSeconds(15);
    private static final Duration LONG = Duration.ofHours(1);
    /** Gives up on a callback after its first attempt: what a sandbox stopped before its retries looks like. */
    private static final Redelivery ONCE =
            new Redelivery(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ZERO);

    private static final Redelivery QUICK =
            new Redelivery(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1));

    private final InMemorySandboxRecords records = new InMemorySandboxRecords();

    private final MutableClock clock = MutableClock.at(VendorFixtures.NOW);
    private final List<LocalEndpoint> endpoints = new ArrayList<>();
    private final List<SandboxGenerator> opened = new ArrayList<>();
    private final Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    private final LocalEndpoint app = endpoint(new LocalEndpoint());

    @AfterEach
    void stop() {
        opened.forEach(SandboxGenerator::close);
        endpoints.forEach(LocalEndpoint::close);
    }

    @Test
    void a_training_that_fell_due_while_the_sandbox_was_down_finishes_at_once_after_the_restart() {
        SandboxGenerator before = sandbox(app.base(), LONG, QUICK);
        ModelRef model = before.train(training(ada, 2));
        before.close();
        clock.advance(LONG.plusMinutes(1));

        SandboxGenerator after = sandbox(app.base(), LONG, QUICK);

        LocalEndpoint.Request callback = app.await(trained(model), ARRIVAL);
        assertThat(ok(after.decodeCallback(callback.lastSegment(), callback.body(), callback.headers())))
                .isInstanceOfSatisfying(GeneratorEvent.ModelTrained.class, event -> {
                    assertThat(event.order()).isEqualTo(ada.orderId());
                    assertThat(event.model()).isEqualTo(model);
                });
    }

    @Test
    void a_training_not_yet_due_at_the_restart_finishes_at_its_own_time_not_a_whole_delay_later() {
        Duration delay = Duration.ofMinutes(10);
        SandboxGenerator before = sandbox(app.base(), delay, QUICK);
        ModelRef model = before.train(training(ada, 1));
        before.close();
        clock.advance(delay.minusSeconds(2));

        sandbox(app.base(), delay, QUICK);

        assertThat(app.anyWithin(trained(model), Duration.ofMillis(500)))
                .as("not before its time")
                .isFalse();
        assertThat(app.await(trained(model), ARRIVAL).text()).contains(model.value());
    }

    @Test
    void styles_asked_and_not_drawn_before_the_restart_are_drawn_after_it_and_their_images_download() {
        SandboxGenerator before = sandbox(app.base(), LONG, QUICK);
        ModelRef model = before.train(training(ada, 2));
        before.finishTrainingNow(model);
        before.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 2);
        before.close();
        clock.advance(LONG.plusMinutes(1));

        SandboxGenerator after = sandbox(app.base(), LONG, QUICK);

        for (StyleId style : List.of(VendorFixtures.STUDIO.id(), VendorFixtures.CITY.id())) {
            LocalEndpoint.Request callback = app.await(ready(model, style), ARRIVAL);
            GeneratorEvent.ImagesReady event = (GeneratorEvent.ImagesReady)
                    ok(after.decodeCallback(callback.lastSegment(), callback.body(), callback.headers()));
            assertThat(event.imageLocations())
                    .hasSize(2)
                    .allSatisfy(
                            location -> assertThat(TestImages.decode(VendorFixtures.readAll(after.download(location)))
                                            .getWidth())
                                    .isGreaterThanOrEqualTo(512));
        }
        assertThat(after.status(ada.orderId(), model)).hasSize(3);
    }

    @Test
    void a_style_asked_shortly_before_the_restart_is_drawn_one_delay_after_it_was_asked() {
        Duration delay = Duration.ofMinutes(10);
        SandboxGenerator before = sandbox(app.base(), delay, QUICK);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        clock.advance(delay);
        before.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 1);
        before.close();
        clock.advance(delay.minusSeconds(2));

        sandbox(app.base(), delay, QUICK);

        assertThat(app.anyWithin(ready(model, VendorFixtures.STUDIO.id()), Duration.ofMillis(500)))
                .as("not before its time")
                .isFalse();
        assertThat(app.await(ready(model, VendorFixtures.STUDIO.id()), ARRIVAL).text())
                .contains("sandbox:img-");
    }

    @Test
    void a_callback_the_app_never_answered_is_sent_again_by_the_next_sandbox_and_then_never_again() throws Exception {
        app.answer(503);
        SandboxGenerator before = sandbox(app.base(), LONG, ONCE);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        LocalEndpoint.Request unanswered = app.await(trained(model), ARRIVAL);
        before.close();
        app.answer(200);

        SandboxGenerator after = sandbox(app.base(), LONG, ONCE);

        awaitCount(app, trained(model), 2);
        LocalEndpoint.Request again =
                app.requests().stream().filter(trained(model)).toList().getLast();
        assertThat(again.body()).as("the same event, the same body").isEqualTo(unanswered.body());
        assertThat(again.lastSegment()).as("the same address").isEqualTo(unanswered.lastSegment());
        assertThat(ok(after.decodeCallback(again.lastSegment(), again.body(), again.headers()))
                        .eventId())
                .isEqualTo(Callbacks.trainedEventId(model));
        awaitKeptAnswered(model, Callbacks.trainedEventId(model));
        after.close();

        sandbox(app.base(), LONG, ONCE);

        assertThat(app.anyWithin(r -> trained(model).test(r) && count(app, trained(model)) > 2, Duration.ofSeconds(1)))
                .as("answered once, kept at rest: not sent by a third sandbox")
                .isFalse();
    }

    @Test
    void a_callback_sent_while_the_app_is_not_listening_yet_arrives_once_it_listens() {
        LocalEndpoint late = new LocalEndpoint();
        int port = late.base().getPort();
        late.close();
        URI base = URI.create("http://127.0.0.1:" + port);
        SandboxGenerator before = sandbox(base, LONG, ONCE);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        before.close();

        sandbox(base, LONG, QUICK);
        LocalEndpoint listening = endpoint(new LocalEndpoint(port));

        assertThat(listening.await(trained(model), ARRIVAL).text()).contains(model.value());
    }

    @Test
    void a_callback_is_sent_until_the_app_takes_it_and_only_once_it_is_taken() {
        AtomicInteger answers = new AtomicInteger();
        app.answer(request -> answers.incrementAndGet() <= 2 ? 503 : 200);
        SandboxGenerator sandbox = sandbox(app.base(), LONG, QUICK);
        ModelRef model = sandbox.train(training(ada, 1));

        sandbox.finishTrainingNow(model);

        awaitCount(app, trained(model), 3);
        assertThat(app.anyWithin(r -> count(app, trained(model)) > 3, Duration.ofSeconds(1)))
                .as("taken: not sent again")
                .isFalse();
    }

    @Test
    void a_callback_the_app_refuses_for_good_is_neither_repeated_nor_sent_again_after_a_restart() throws Exception {
        app.answer(400);
        SandboxGenerator before = sandbox(app.base(), LONG, QUICK);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        app.await(trained(model), ARRIVAL);
        assertThat(app.anyWithin(r -> count(app, trained(model)) > 1, Duration.ofSeconds(1)))
                .isFalse();
        awaitKeptAnswered(model, Callbacks.trainedEventId(model));
        before.close();

        sandbox(app.base(), LONG, QUICK);

        assertThat(app.anyWithin(r -> count(app, trained(model)) > 1, Duration.ofSeconds(1)))
                .isFalse();
    }

    @Test
    void a_model_deleted_before_the_restart_sends_nothing_after_it() throws Exception {
        app.answer(503);
        SandboxGenerator before = sandbox(app.base(), LONG, ONCE);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        app.await(trained(model), ARRIVAL);
        before.requestDeletion(model);
        before.close();
        app.answer(200);

        SandboxGenerator after = sandbox(app.base(), LONG, QUICK);

        assertThat(app.anyWithin(r -> count(app, trained(model)) > 1, Duration.ofSeconds(1)))
                .isFalse();
        assertThat(after.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(records.everything()).isEmpty();
    }

    @Test
    void a_record_kept_before_callbacks_were_tracked_sends_its_events_again_once() throws Exception {
        SandboxGenerator before = sandbox(app.base(), LONG, QUICK);
        ModelRef model = before.train(training(ada, 1));
        before.finishTrainingNow(model);
        app.await(trained(model), ARRIVAL);
        awaitKeptAnswered(model, Callbacks.trainedEventId(model));
        before.close();
        SandboxRecords.Entry record = records.find("model", model.value()).orElseThrow();
        String withoutTracking = record.body().replaceAll(",\"delivered\":\\[[^\\]]*\\]", "");
        assertThat(withoutTracking).doesNotContain("delivered");
        assertThat(records.replace("model", model.value(), record.version(), withoutTracking, record.dueAt()))
                .isTrue();

        sandbox(app.base(), LONG, QUICK);

        awaitCount(app, trained(model), 2);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private SandboxGenerator sandbox(URI base, Duration delay, Redelivery redelivery) {
        SandboxGenerator sandbox = new SandboxGenerator(base.toString(), SECRET, delay, redelivery, clock, records);
        opened.add(sandbox);
        return sandbox;
    }

    /** Waits until the model's record at rest says the app answered the callback of {@code eventId}. */
    private void awaitKeptAnswered(ModelRef model, String eventId) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (!records.find("model", model.value())
                .orElseThrow()
                .body()
                .matches(".*\"delivered\":\\[[^\\]]*\"" + java.util.regex.Pattern.quote(eventId) + "\".*")) {
            assertThat(System.nanoTime())
                    .as("the answer to %s is kept within %s", eventId, ARRIVAL)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private LocalEndpoint endpoint(LocalEndpoint endpoint) {
        endpoints.add(endpoint);
        return endpoint;
    }

    private static Predicate<LocalEndpoint.Request> trained(ModelRef model) {
        return r -> r.text().contains("\"model\":\"" + model + "\"") && r.text().contains(Callbacks.TRAINED);
    }

    private static Predicate<LocalEndpoint.Request> ready(ModelRef model, StyleId style) {
        return r ->
                r.text().contains("\"model\":\"" + model + "\"") && r.text().contains("\"style\":\"" + style + "\"");
    }

    private static long count(LocalEndpoint endpoint, Predicate<LocalEndpoint.Request> which) {
        return endpoint.requests().stream().filter(which).count();
    }

    private static void awaitCount(LocalEndpoint endpoint, Predicate<LocalEndpoint.Request> which, int count) {
        endpoint.await(r -> count(endpoint, which) >= count, ARRIVAL);
        assertThat(count(endpoint, which)).isGreaterThanOrEqualTo(count);
    }

    private static HeadshotGenerator.Training training(Customer who, int selfies) {
        List<HeadshotGenerator.Selfie> all = new ArrayList<>();
        for (int i = 0; i < selfies; i++) {
            byte[] bytes = TestImages.selfieJpeg(i, 480, 640);
            all.add(new HeadshotGenerator.Selfie("selfie-" + i + ".jpg", () -> new ByteArrayInputStream(bytes)));
        }
        return new HeadshotGenerator.Training(
                who.orderId(), who.vendorTraining(), all, "person", "train:" + who.orderId());
    }

    private static GeneratorEvent ok(Result<GeneratorEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<GeneratorEvent>) result).value();
    }
}
