package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Payment webhooks: only verified events count; each acts once; an order is never paid twice. */
class PaymentEventsTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
    private final FakePaymentGateway processor = k.paymentProcessor;

    @Test
    void a_replayed_webhook_changes_nothing() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook paid = processor.paidWebhook(session, processor.pay(session));
        assertThat(k.paymentEvents.handle(paid.body(), paid.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);
        long version = j.current().version();
        int jobs = k.stores.jobs().scheduled().size();

        assertThat(k.paymentEvents.handle(paid.body(), paid.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);

        assertThat(j.current().version()).isEqualTo(version);
        assertThat(k.stores.jobs().scheduled()).hasSize(jobs);
    }

    @Test
    void a_forged_or_stale_webhook_is_rejected_and_changes_nothing() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook paid = processor.paidWebhook(session, processor.pay(session));
        byte[] forged = new String(paid.body(), StandardCharsets.UTF_8).replace("paid", "paid ").getBytes(StandardCharsets.UTF_8);

        assertThat(k.paymentEvents.handle(forged, paid.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);
        assertThat(k.paymentEvents.handle(paid.body(), Map.of())).isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);
        k.clock.advance(Duration.ofMinutes(6));
        assertThat(k.paymentEvents.handle(paid.body(), paid.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);

        assertThat(j.current().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    }

    @Test
    void a_second_payment_for_the_same_order_is_refunded_never_kept() {
        PaymentGateway.Session first = k.sessionOf(j.order);
        j.checkOut(); // the person started checkout again: a second session for the same order
        PaymentGateway.Session second = k.sessionOf(j.order);
        assertThat(second.reference()).isNotEqualTo(first.reference());
        PaymentRef one = processor.pay(second);
        PaymentRef two = processor.pay(first);
        FakePaymentGateway.Webhook a = processor.paidWebhook(second, one);
        FakePaymentGateway.Webhook b = processor.paidWebhook(first, two);

        k.paymentEvents.handle(a.body(), a.headers());
        k.paymentEvents.handle(b.body(), b.headers());
        k.runDueJobs();

        assertThat(j.current().payment()).contains(one);
        assertThat(processor.refundsOf(two)).hasSize(1);
        assertThat(processor.refundsOf(one)).isEmpty();
    }

    @Test
    void an_expired_checkout_makes_the_order_an_editable_draft_again() {
        FakePaymentGateway.Webhook expired = processor.expiredWebhook(k.sessionOf(j.order));

        assertThat(k.paymentEvents.handle(expired.body(), expired.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);

        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(j.upload(Journey.png(70, 50))).isInstanceOf(ai.kaptura.ports.in.UploadSelfie.Outcome.Uploaded.class);
    }

    @Test
    void an_event_we_do_not_use_is_answered_with_success() {
        FakePaymentGateway.Webhook other = processor.signedNow(FakePaymentGateway.otherEventPayload("evt_other_1", "customer.created"));

        assertThat(k.paymentEvents.handle(other.body(), other.headers())).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);
    }

    @Test
    void a_failed_generation_refunds_the_payment_and_deletes_the_selfies() {
        j.pay();
        k.runDueJobs();
        var vendor = (ai.kaptura.ports.out.fake.FakeHeadshotGenerator) k.generator;
        var failed = vendor.failedCallback(j.model(), "training diverged");
        k.pipeline.handle(failed.token(), failed.body(), failed.headers());
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(processor.refundsOf(j.current().payment().orElseThrow())).hasSize(1);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL)).isEmpty();
        FakePaymentGateway.Webhook refunded = processor.refundedWebhook(j.current().payment().orElseThrow());
        k.paymentEvents.handle(refunded.body(), refunded.headers());
        assertThat(j.current().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(k.failedJobs).isEmpty();
    }
}
