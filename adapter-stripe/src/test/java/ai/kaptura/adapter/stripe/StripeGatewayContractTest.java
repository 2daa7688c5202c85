package ai.kaptura.adapter.stripe;

import static ai.kaptura.adapter.stripe.StripeEvents.WEBHOOK_SECRET;
import static ai.kaptura.adapter.stripe.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.PaymentGatewayContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import com.google.gson.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The port's contract against the real adapter: stripe-java talks HTTP to {@link StripeStub} (WireMock),
 * and webhooks are Stripe-shaped events built from the stub's own records, signed with Stripe's scheme.
 *
 * <p>The events are built from what the adapter sent, not from what the test knows: the session's
 * {@code client_reference_id} is the one the stub received, and a refunded charge carries the metadata
 * the stub copied from the checkout's {@code payment_intent_data[metadata]} — as Stripe does.
 */
class StripeGatewayContractTest extends PaymentGatewayContract {

    private static StripeStub stripe;

    @BeforeAll
    static void startStripe() {
        stripe = new StripeStub(Clock.fixed(VendorFixtures.NOW, java.time.ZoneOffset.UTC));
    }

    @AfterAll
    static void stopStripe() {
        stripe.close();
    }

    @Override
    protected PaymentGateway gateway(Clock clock) {
        stripe.reset(clock);
        return StripeAdapter.gateway(StripeStub.SECRET_KEY, WEBHOOK_SECRET, Optional.of(stripe.baseUrl()), clock);
    }

    @Override
    protected String webhookSecret() {
        return WEBHOOK_SECRET;
    }

    @Override
    protected List<String> everythingSentToProcessor() {
        return stripe.everythingSent();
    }

    @Override
    protected PaymentRef personPays(PaymentGateway.Session session) {
        return stripe.pay(session.reference());
    }

    @Override
    protected int refundsAtProcessor(PaymentRef payment) {
        return stripe.refundsOf(payment).size();
    }

    @Override
    protected String checkoutPaidEvent(
            String eventId, PaymentGateway.Session session, OrderId order, PaymentRef payment) {
        JsonObject object = sessionFor(session, order);
        assertThat(object.get("payment_intent").getAsString()).isEqualTo(payment.value());
        return event(eventId, "checkout.session.completed", object, VendorFixtures.NOW);
    }

    @Override
    protected String checkoutCompletedUnpaidEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        stripe.completeUnpaid(session.reference());
        return event(eventId, "checkout.session.completed", sessionFor(session, order), VendorFixtures.NOW);
    }

    @Override
    protected String paymentFailedEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        stripe.completeUnpaid(session.reference());
        stripe.failPayment(session.reference());
        return event(eventId, "checkout.session.async_payment_failed", sessionFor(session, order), VendorFixtures.NOW);
    }

    @Override
    protected String checkoutExpiredEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        stripe.expire(session.reference());
        return event(eventId, "checkout.session.expired", sessionFor(session, order), VendorFixtures.NOW);
    }

    @Override
    protected String refundedEvent(String eventId, OrderId order, PaymentRef payment) {
        return event(eventId, "charge.refunded", stripe.refundedCharge(payment), VendorFixtures.NOW);
    }

    @Override
    protected String unhandledEvent(String eventId) {
        JsonObject intent = new JsonObject();
        intent.addProperty("id", "pi_3Unrelated000000000000");
        intent.addProperty("object", "payment_intent");
        intent.addProperty("status", "succeeded");
        return event(eventId, "payment_intent.succeeded", intent, VendorFixtures.NOW);
    }

    /** The session as the stub holds it, which must name the order the test expects. */
    private static JsonObject sessionFor(PaymentGateway.Session session, OrderId order) {
        JsonObject object = stripe.session(session.reference());
        assertThat(object.get("client_reference_id").getAsString()).isEqualTo(order.toString());
        return object;
    }
}
