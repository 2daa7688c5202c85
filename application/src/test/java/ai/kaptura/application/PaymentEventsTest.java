package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.checkout.PaymentEventService;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.testing.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Payment webhooks: only verified events count; only a payment on the order's own checkout for the amount and
 * currency it asked pays it; each event acts once; an order is never paid twice; no money is kept silently.
 */
class PaymentEventsTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final Journey j =
            new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
    private final FakePaymentGateway processor = k.paymentProcessor;

    private List<AuditEvent> audited(AuditAction action) {
        return k.stores.auditLog().read(1, 10_000).stream()
                .map(AuditEntry::event)
                .filter(e -> e.action() == action)
                .toList();
    }

    @Test
    void a_payment_on_the_orders_checkout_for_the_amount_and_currency_asked_pays_it() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook paid = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_right", session.reference(), j.order, Money.of(2_900, "EUR"), processor.pay(session)));

        assertThat(k.webhook(paid)).isEqualTo(new ReceivePaymentEvent.Outcome.Applied("evt_right"));

        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
        assertThat(audited(AuditAction.PAYMENT_CONFIRMED))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("checkout_attempt", "1"));
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED)).isEmpty();
        assertThat(k.stores.jobs().scheduled(JobKind.SUBMIT_TRAINING)).hasSize(1);
    }

    @Test
    void a_payment_on_a_checkout_that_is_not_the_orders_never_pays_it_and_is_audited_logged_and_left_to_reconcile() {
        PaymentRef theirs = new PaymentRef("pi_someone_elses_1");
        FakePaymentGateway.Webhook foreign = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_foreign", "cs_not_ours_123", j.order, j.current().price(), theirs));

        ReceivePaymentEvent.Outcome outcome;
        try (CapturedLog log = CapturedLog.of(PaymentEventService.class)) {
            outcome = k.webhook(foreign);

            assertThat(log.messages(Level.WARNING))
                    .singleElement()
                    .asString()
                    .contains(j.order.toString())
                    .contains("unknown-checkout")
                    .contains("cs_not_ours_123")
                    .contains("reconcile")
                    .doesNotContain("ada@example.com");
        }

        assertThat(outcome).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);
        assertThat(j.current().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(j.current().payment()).isEmpty();
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED)).singleElement().satisfies(e -> {
            assertThat(e.subject().id()).isEqualTo(j.order.toString());
            assertThat(e.rule()).isEqualTo(Rule.R46);
            assertThat(e.details())
                    .containsEntry("why", "unknown-checkout")
                    .containsEntry("checkout", "cs_not_ours_123")
                    .containsEntry("event", "evt_foreign")
                    .containsEntry("paid", "29.00 EUR")
                    .containsEntry("money", "left to reconcile at the payment processor");
        });
        assertThat(k.stores.jobs().scheduled(JobKind.REFUND_PAYMENT))
                .as("not refunded automatically")
                .isEmpty();
        assertThat(k.stores.jobs().scheduled(JobKind.SUBMIT_TRAINING)).isEmpty();
        assertThat(k.webhook(foreign))
                .as("acts once")
                .isEqualTo(new ReceivePaymentEvent.Outcome.Ignored("evt_foreign", "already handled"));
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED)).hasSize(1);
    }

    @Test
    void a_payment_for_another_amount_on_the_orders_checkout_never_pays_it_and_is_refunded_as_paid() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        PaymentRef payment = processor.pay(session);
        FakePaymentGateway.Webhook cheap = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_cheap", session.reference(), j.order, Money.of(100, "EUR"), payment));

        assertThat(k.webhook(cheap)).isEqualTo(new ReceivePaymentEvent.Outcome.Applied("evt_cheap"));
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(j.current().payment()).isEmpty();
        assertThat(processor.refundsOf(payment)).hasSize(1);
        assertThat(processor.sentToProcessor()).contains("payment_intent=" + payment, "amount=100");
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED))
                .singleElement()
                .satisfies(e -> assertThat(e.details())
                        .containsEntry("why", "amount-differs")
                        .containsEntry("paid", "1.00 EUR")
                        .containsEntry("money", "refunded in full, as paid"));
        assertThat(k.failedJobs).isEmpty();
    }

    @Test
    void
            a_payment_of_the_price_in_another_currency_on_the_orders_checkout_never_pays_it_and_is_refunded_in_that_currency() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        PaymentRef payment = processor.pay(session);
        FakePaymentGateway.Webhook dollars = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_usd", session.reference(), j.order, Money.of(2_900, "USD"), payment));

        k.webhook(dollars);
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(processor.refundsOf(payment)).hasSize(1);
        assertThat(k.stores.jobs().scheduled(JobKind.SUBMIT_TRAINING)).isEmpty();
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED))
                .singleElement()
                .satisfies(e -> assertThat(e.details())
                        .containsEntry("why", "currency-differs")
                        .containsEntry("paid", "29.00 USD"));
    }

    @Test
    void after_mismatched_payments_the_genuine_payment_still_pays_the_order() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook foreign = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_f", "cs_not_ours", j.order, j.current().price(), new PaymentRef("pi_not_ours")));
        FakePaymentGateway.Webhook cheap = processor.signedNow(FakePaymentGateway.paidPayload(
                "evt_c", session.reference(), j.order, Money.of(1, "EUR"), processor.pay(session)));
        k.webhook(foreign);
        k.webhook(cheap);

        j.pay();

        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void a_payment_on_an_earlier_checkout_of_the_order_pays_it_and_the_later_checkouts_payment_is_refunded() {
        PaymentGateway.Session first = k.sessionOf(j.order);
        j.checkOut(); // the person started checkout again, then paid in the first tab after all
        PaymentGateway.Session second = k.sessionOf(j.order);
        PaymentRef one = processor.pay(first);
        PaymentRef two = processor.pay(second);
        FakePaymentGateway.Webhook a = processor.paidWebhook(first, one);
        FakePaymentGateway.Webhook b = processor.paidWebhook(second, two);

        assertThat(k.webhook(a)).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
        k.webhook(b);
        k.runDueJobs();

        assertThat(j.current().payment()).contains(one);
        assertThat(processor.refundsOf(two)).hasSize(1);
        assertThat(processor.refundsOf(one)).isEmpty();
        assertThat(audited(AuditAction.PAYMENT_CONFIRMED))
                .singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("checkout_attempt", "1"));
        assertThat(audited(AuditAction.PAYMENT_NOT_MATCHED)).isEmpty();
    }

    @Test
    void a_replayed_webhook_changes_nothing() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook paid = processor.paidWebhook(session, processor.pay(session));
        assertThat(k.webhook(paid)).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);
        long version = j.current().version();
        int jobs = k.stores.jobs().scheduled().size();

        assertThat(k.webhook(paid)).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);

        assertThat(j.current().version()).isEqualTo(version);
        assertThat(k.stores.jobs().scheduled()).hasSize(jobs);
    }

    @Test
    void a_forged_or_stale_webhook_is_rejected_and_changes_nothing() {
        PaymentGateway.Session session = k.sessionOf(j.order);
        FakePaymentGateway.Webhook paid = processor.paidWebhook(session, processor.pay(session));
        byte[] forged = new String(paid.body(), StandardCharsets.UTF_8)
                .replace("paid", "paid ")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(k.paymentEvents.handle(forged, paid.headers()))
                .isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);
        assertThat(k.paymentEvents.handle(paid.body(), Map.of()))
                .isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);
        k.clock.advance(Duration.ofMinutes(6));
        assertThat(k.webhook(paid)).isInstanceOf(ReceivePaymentEvent.Outcome.Rejected.class);

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

        k.webhook(a);
        k.webhook(b);
        k.runDueJobs();

        assertThat(j.current().payment()).contains(one);
        assertThat(processor.refundsOf(two)).hasSize(1);
        assertThat(processor.refundsOf(one)).isEmpty();
    }

    @Test
    void an_expired_checkout_makes_the_order_an_editable_draft_again() {
        FakePaymentGateway.Webhook expired = processor.expiredWebhook(k.sessionOf(j.order));

        assertThat(k.webhook(expired)).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);

        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(j.upload(Journey.png(70, 50))).isInstanceOf(ai.kaptura.ports.in.UploadSelfie.Outcome.Uploaded.class);
    }

    @Test
    void an_earlier_checkout_expiring_or_failing_leaves_the_open_checkout_and_its_payment_alone() {
        PaymentGateway.Session first = k.sessionOf(j.order);
        j.checkOut(); // a second attempt: the first checkout stays open at the processor until it expires
        PaymentGateway.Session second = k.sessionOf(j.order);
        FakePaymentGateway.Webhook expired = processor.expiredWebhook(first);
        FakePaymentGateway.Webhook failed = processor.paymentFailedWebhook(first);
        FakePaymentGateway.Webhook notOurs = processor.signedNow(
                processor.checkoutExpiredPayload("evt_not_ours", second).replace(second.reference(), "cs_not_ours"));

        assertThat(k.webhook(expired)).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);
        assertThat(k.webhook(failed)).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);
        assertThat(k.webhook(notOurs)).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);

        assertThat(j.current().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(j.current().openCheckout()).map(c -> c.reference().value()).contains(second.reference());
        j.pay();
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void the_open_checkouts_failed_payment_makes_the_order_an_editable_draft_again() {
        FakePaymentGateway.Webhook failed = processor.paymentFailedWebhook(k.sessionOf(j.order));

        assertThat(k.webhook(failed)).isInstanceOf(ReceivePaymentEvent.Outcome.Applied.class);

        assertThat(j.current().status()).isEqualTo(OrderStatus.DRAFT);
    }

    @Test
    void an_event_we_do_not_use_is_answered_with_success() {
        FakePaymentGateway.Webhook other =
                processor.signedNow(FakePaymentGateway.otherEventPayload("evt_other_1", "customer.created"));

        assertThat(k.webhook(other)).isInstanceOf(ReceivePaymentEvent.Outcome.Ignored.class);
    }

    @Test
    void a_failed_generation_refunds_the_payment_and_deletes_the_selfies() {
        j.pay();
        k.runDueJobs();
        var vendor = (ai.kaptura.ports.out.fake.FakeHeadshotGenerator) k.generator;
        var failed = vendor.failedCallback(j.model(), "training diverged");
        k.callBack(failed);
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.FAILED);
        assertThat(processor.refundsOf(j.current().payment().orElseThrow())).hasSize(1);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL)).isEmpty();
        FakePaymentGateway.Webhook refunded =
                processor.refundedWebhook(j.current().payment().orElseThrow());
        k.webhook(refunded);
        assertThat(j.current().status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(k.failedJobs).isEmpty();
    }
}
