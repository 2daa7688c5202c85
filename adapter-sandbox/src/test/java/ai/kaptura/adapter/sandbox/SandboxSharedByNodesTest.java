package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.Concurrently;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import ai.kaptura.ports.out.fake.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two sandboxes on one shared store are two nodes of one vendor: whatever one accepted, the other continues — a model
 * trained through one is finished, generated, downloaded and deleted through the other, a checkout opened through one
 * is paid and refunded through the other — and a step due is taken by one node only, also when both look for it at
 * once, and by the survivor when the node that held it is gone.
 */
class SandboxSharedByNodesTest {

    private static final byte[] SECRET = "sandbox-two-nodes-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration ARRIVAL = Duration.ofSeconds(15);

    private final MutableClock clock = MutableClock.at(VendorFixtures.NOW);
    private final InMemorySandboxRecords shared = new InMemorySandboxRecords();
    private final LocalEndpoint app = new LocalEndpoint();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        app.close();
    }

    @Test
    void a_model_trained_through_one_node_is_finished_by_the_other_once_the_first_is_gone() {
        SandboxGenerator node1 = generator();
        SandboxGenerator node2 = generator();
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        ModelRef model = node1.train(training(ada, 2));
        node1.close(); // it had armed the training's end; it is gone before then

        clock.advance(LONG.plusSeconds(1));

        LocalEndpoint.Request trained = app.await(about(model, Callbacks.TRAINED), ARRIVAL);
        assertThat(ok(node2.decodeCallback(trained.lastSegment(), trained.body(), trained.headers())))
                .isInstanceOf(GeneratorEvent.ModelTrained.class);
        assertThat(node2.train(training(ada, 2)))
                .as("the same idempotency key through the other node")
                .isEqualTo(model);

        node2.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        clock.advance(LONG.plusSeconds(1));
        LocalEndpoint.Request ready = app.await(about(model, Callbacks.READY), ARRIVAL);
        GeneratorEvent.ImagesReady images = (GeneratorEvent.ImagesReady)
                ok(node2.decodeCallback(ready.lastSegment(), ready.body(), ready.headers()));

        SandboxGenerator node3 = generator(); // a node started later downloads and deletes
        assertThat(TestImages.decode(VendorFixtures.readAll(
                                node3.download(images.imageLocations().getFirst())))
                        .getWidth())
                .isGreaterThanOrEqualTo(512);
        assertThat(node3.status(ada.orderId(), model)).hasSize(2);
        node3.requestDeletion(model);
        assertThat(node2.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(shared.everything()).isEmpty();
        assertThat(app.requests().stream().filter(about(model, Callbacks.TRAINED)))
                .as("one trained callback")
                .hasSize(1);
    }

    @Test
    void of_two_nodes_looking_for_the_same_due_steps_each_step_is_taken_once() {
        SandboxGenerator node1 = generator();
        List<ModelRef> models = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            models.add(node1.train(training(VendorFixtures.paidCustomer("p" + i + "@example.org"), 1)));
        }
        generator(); // node2 sweeps the same records

        clock.advance(LONG.plusSeconds(1)); // due for both nodes' sweeps at once

        for (ModelRef model : models) {
            app.await(about(model, Callbacks.TRAINED), ARRIVAL);
        }
        assertThat(app.anyWithin(r -> false, StepScheduler.SWEEP.multipliedBy(3)))
                .isFalse();
        for (ModelRef model : models) {
            assertThat(app.requests().stream().filter(about(model, Callbacks.TRAINED)))
                    .as("model %s trained once, called back once", model)
                    .hasSize(1);
        }
    }

    @Test
    void a_step_claimed_by_a_node_that_died_is_taken_by_the_survivor_once_the_lease_has_passed() {
        SandboxGenerator node1 = generator();
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
        ModelRef model = node1.train(training(ada, 1));
        node1.close();
        clock.advance(LONG.plusSeconds(1));
        // node1 "died" holding the step: its claim outlives it by one lease.
        assertThat(shared.claim(
                        "model",
                        model.value(),
                        "node1",
                        clock.instant(),
                        clock.instant().plus(SandboxGenerator.LEASE)))
                .isTrue();
        generator();

        assertThat(app.anyWithin(about(model, Callbacks.TRAINED), StepScheduler.SWEEP.multipliedBy(2)))
                .as("not while the dead node's lease lasts")
                .isFalse();
        clock.advance(SandboxGenerator.LEASE);

        app.await(about(model, Callbacks.TRAINED), ARRIVAL);
    }

    @Test
    void a_checkout_opened_through_one_node_is_paid_through_another_and_refunded_through_a_third() {
        SandboxPayments node1 = payments();
        SandboxPayments node2 = payments();
        Customer ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");
        PaymentGateway.Session session = node1.startCheckout(checkout(ada, "checkout:1"));

        assertThat(node2.startCheckout(checkout(ada, "checkout:1"))).isEqualTo(session);
        assertThat(node2.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.OPEN);
        List<String> answers =
                Concurrently.all(2, n -> (n == 0 ? node1 : node2).pay(session.reference(), clock.instant()));

        assertThat(answers).containsOnly(checkout(ada, "checkout:1").successUrl());
        List<LocalEndpoint.Request> events = app.requestsTo(PaymentGateway.WEBHOOK_PATH);
        assertThat(events.stream()
                        .map(r ->
                                ((PaymentEvent.Paid) okPayment(node1.decodeWebhook(r.body(), r.headers()))).eventId()))
                .as("paid on two nodes at once: one event, perhaps sent twice")
                .hasSizeBetween(1, 2)
                .containsOnly(((PaymentEvent.Paid) okPayment(node1.decodeWebhook(
                                events.getFirst().body(), events.getFirst().headers())))
                        .eventId());
        assertThat(node1.page(session.reference(), clock.instant())
                        .orElseThrow()
                        .state())
                .isEqualTo(LocalCheckout.State.PAID);
        PaymentRef payment = ((PaymentEvent.Paid) okPayment(node2.decodeWebhook(
                        events.getFirst().body(), events.getFirst().headers())))
                .payment();

        SandboxPayments node3 = payments();
        String refund = node3.refund(payment, VendorFixtures.PLAN.price(), "refund:1");
        assertThat(node1.refund(payment, VendorFixtures.PLAN.price(), "refund:1"))
                .isEqualTo(refund);
        assertThat(node2.refundsOf(payment)).isEqualTo(1);
        assertThat(app.requestsTo(PaymentGateway.WEBHOOK_PATH).stream()
                        .filter(r -> r.text().contains("charge.refunded")))
                .hasSize(1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private SandboxGenerator generator() {
        SandboxGenerator generator = new SandboxGenerator(
                app.base().toString(),
                SECRET,
                LONG,
                new Redelivery(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMinutes(1)),
                clock,
                shared);
        opened.add(generator);
        return generator;
    }

    private SandboxPayments payments() {
        SandboxPayments payments = new SandboxPayments(app.base().toString(), SECRET, clock, shared);
        opened.add(payments);
        return payments;
    }

    private static PaymentGateway.Checkout checkout(Customer who, String key) {
        return new PaymentGateway.Checkout(
                who.orderId(),
                VendorFixtures.PLAN.price(),
                "Kaptura headshots",
                key,
                "https://kaptura.example/orders/" + who.orderId() + "-paid",
                "https://kaptura.example/orders/" + who.orderId() + "-cancelled");
    }

    private static Predicate<LocalEndpoint.Request> about(ModelRef model, String type) {
        return r -> r.text().contains("\"model\":\"" + model + "\"") && r.text().contains(type);
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

    private static PaymentEvent okPayment(Result<PaymentEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<PaymentEvent>) result).value();
    }
}
