package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.PaymentGatewayContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FakePaymentGatewayTest extends PaymentGatewayContract {

    private static final String SECRET = "whsec_fake_endpoint_secret";

    private FakePaymentGateway fake;

    @Override
    protected PaymentGateway gateway(Clock clock) {
        fake = new FakePaymentGateway(SECRET, clock);
        return fake;
    }

    @Override
    protected String webhookSecret() {
        return SECRET;
    }

    @Override
    protected List<String> everythingSentToProcessor() {
        return fake.sentToProcessor();
    }

    @Override
    protected PaymentRef personPays(PaymentGateway.Session session) {
        return fake.pay(session);
    }

    @Override
    protected int refundsAtProcessor(PaymentRef payment) {
        return fake.refundsOf(payment).size();
    }

    @Override
    protected String checkoutPaidEvent(
            String eventId, PaymentGateway.Session session, OrderId order, PaymentRef payment) {
        return fake.checkoutCompletedPayload(eventId, session, true, Optional.of(payment));
    }

    @Override
    protected String checkoutCompletedUnpaidEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return fake.checkoutCompletedPayload(eventId, session, false, Optional.empty());
    }

    @Override
    protected String paymentFailedEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return fake.asyncPaymentFailedPayload(eventId, session);
    }

    @Override
    protected String checkoutExpiredEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return fake.checkoutExpiredPayload(eventId, session);
    }

    @Override
    protected String refundedEvent(String eventId, OrderId order, PaymentRef payment) {
        return FakePaymentGateway.chargeRefundedPayload(eventId, order, payment);
    }

    @Override
    protected String unhandledEvent(String eventId) {
        return FakePaymentGateway.otherEventPayload(eventId, "customer.created");
    }

    // ---- the fake's own helpers ------------------------------------------------------------------

    @Test
    void the_webhook_helpers_produce_genuine_events_for_the_applications_tests() {
        OrderId order = new OrderId(UUID.randomUUID());
        PaymentGateway.Session session = fake.startCheckout(new PaymentGateway.Checkout(
                order,
                VendorFixtures.PLAN.price(),
                "Kaptura headshots",
                "k1",
                "https://kaptura.example/ok",
                "https://kaptura.example/cancel"));
        PaymentRef payment = fake.pay(session);

        FakePaymentGateway.Webhook paid = fake.paidWebhook(session, payment);
        FakePaymentGateway.Webhook expired = fake.expiredWebhook(session);
        FakePaymentGateway.Webhook refunded = fake.refundedWebhook(payment);

        assertThat(fake.decodeWebhook(paid.body(), paid.headers()))
                .isInstanceOfSatisfying(
                        Result.Ok.class,
                        ok -> assertThat(ok.value()).isInstanceOfSatisfying(PaymentEvent.Paid.class, p -> {
                            assertThat(p.order()).isEqualTo(order);
                            assertThat(p.payment()).isEqualTo(payment);
                        }));
        assertThat(((Result.Ok<PaymentEvent>) fake.decodeWebhook(expired.body(), expired.headers())).value())
                .isInstanceOf(PaymentEvent.CheckoutExpired.class);
        PaymentEvent refund =
                ((Result.Ok<PaymentEvent>) fake.decodeWebhook(refunded.body(), refunded.headers())).value();
        assertThat(refund).isEqualTo(new PaymentEvent.Refunded(refund.eventId(), order, payment));
        assertThat(fake.orderOf(session)).isEqualTo(order);
        FakePaymentGateway.Webhook foreign = fake.signedNow(FakePaymentGateway.paidPayload(
                "evt_foreign", "cs_someone_elses", order, Money.of(100, "USD"), payment));
        assertThat(((Result.Ok<PaymentEvent>) fake.decodeWebhook(foreign.body(), foreign.headers())).value())
                .isEqualTo(new PaymentEvent.Paid(
                        "evt_foreign", order, new CheckoutRef("cs_someone_elses"), Money.of(100, "USD"), payment));
    }

    @Test
    void reusing_a_key_for_another_checkout_or_refunding_twice_under_new_keys_is_an_application_bug() {
        OrderId order = new OrderId(UUID.randomUUID());
        PaymentGateway.Checkout checkout = new PaymentGateway.Checkout(
                order,
                VendorFixtures.PLAN.price(),
                "Kaptura headshots",
                "k1",
                "https://kaptura.example/ok",
                "https://kaptura.example/cancel");
        PaymentGateway.Session session = fake.startCheckout(checkout);
        PaymentRef payment = fake.pay(session);
        fake.refund(payment, VendorFixtures.PLAN.price(), "r1");

        assertThatThrownBy(() -> fake.startCheckout(new PaymentGateway.Checkout(
                        new OrderId(UUID.randomUUID()),
                        VendorFixtures.PLAN.price(),
                        "Kaptura headshots",
                        "k1",
                        "https://kaptura.example/ok",
                        "https://kaptura.example/cancel")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fake.refund(payment, VendorFixtures.PLAN.price(), "r2"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.refund(new PaymentRef("pi_unknown"), VendorFixtures.PLAN.price(), "r3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fake.refundsOf(payment)).hasSize(1);
    }
}
