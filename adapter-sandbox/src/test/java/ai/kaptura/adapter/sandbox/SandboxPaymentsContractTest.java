package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.PaymentGatewayContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The sandbox payments against the port's contract. A person pays on the sandbox's checkout page
 * ({@link LocalCheckout#pay}): the sandbox posts its signed event over HTTP to a local endpoint standing in
 * for the app, and the payment reference is read from that event, decoded by the gateway itself.
 */
class SandboxPaymentsContractTest extends PaymentGatewayContract {

    static final String SECRET = "whsec_sandbox_contract_0123456789";

    private LocalEndpoint app;
    private SandboxPayments sandbox;
    private Clock clock;
    private final List<PaymentGateway.Session> sessions = new ArrayList<>();

    @Override
    protected PaymentGateway gateway(Clock clock) {
        this.clock = clock;
        app = new LocalEndpoint();
        sandbox = (SandboxPayments) SandboxAdapter.payments(
                app.base(), SECRET.getBytes(StandardCharsets.UTF_8), clock, new InMemorySandboxRecords());
        return sandbox;
    }

    @AfterEach
    void stop() {
        sandbox.close();
        app.close();
    }

    @Override
    protected String webhookSecret() {
        return SECRET;
    }

    @Override
    protected String signatureHeader() {
        return Signatures.HEADER;
    }

    /** The checkout pages the person saw and every event the sandbox posted to the app. */
    @Override
    protected List<String> everythingSentToProcessor() {
        List<String> all = new ArrayList<>();
        for (PaymentGateway.Session session : sessions) {
            all.add(session.url());
            all.add(sandbox.page(session.reference(), clock.instant())
                    .orElseThrow()
                    .toString());
        }
        app.requests().forEach(request -> all.addAll(request.asText()));
        return all;
    }

    @Override
    protected PaymentRef personPays(PaymentGateway.Session session) {
        sessions.add(session);
        sandbox.pay(session.reference(), clock.instant());
        List<LocalEndpoint.Request> events = app.requestsTo("/webhooks/payments").stream()
                .filter(r -> r.text().contains("\"" + session.reference() + "\"")
                        && r.text().contains("checkout.session.completed"))
                .toList();
        assertThat(events)
                .as("the payment event of %s, posted once however often the person pays", session.reference())
                .hasSize(1);
        Result<PaymentEvent> decoded = sandbox.decodeWebhook(
                events.getFirst().body(), events.getFirst().headers());
        assertThat(decoded).isInstanceOf(Result.Ok.class);
        return ((PaymentEvent.Paid) ((Result.Ok<PaymentEvent>) decoded).value()).payment();
    }

    @Override
    protected int refundsAtProcessor(PaymentRef payment) {
        return sandbox.refundsOf(payment);
    }

    @Override
    protected String checkoutPaidEvent(
            String eventId, PaymentGateway.Session session, OrderId order, PaymentRef payment) {
        return sessionEvent(
                eventId,
                "checkout.session.completed",
                session,
                order,
                "\"payment_status\":\"paid\",\"status\":\"complete\",\"payment_intent\":\"" + payment
                        + "\",\"amount_total\":" + VendorFixtures.PLAN.price().minorUnits() + ",\"currency\":\"eur\"");
    }

    @Override
    protected String checkoutCompletedUnpaidEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return sessionEvent(
                eventId,
                "checkout.session.completed",
                session,
                order,
                "\"payment_status\":\"unpaid\",\"status\":\"complete\"");
    }

    @Override
    protected String paymentFailedEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return sessionEvent(
                eventId, "checkout.session.async_payment_failed", session, order, "\"payment_status\":\"unpaid\"");
    }

    @Override
    protected String checkoutExpiredEvent(String eventId, PaymentGateway.Session session, OrderId order) {
        return sessionEvent(
                eventId,
                "checkout.session.expired",
                session,
                order,
                "\"payment_status\":\"unpaid\",\"status\":\"expired\"");
    }

    @Override
    protected String refundedEvent(String eventId, OrderId order, PaymentRef payment) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"charge.refunded\",\"created\":"
                + clock.instant().getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"ch_sbx_1\",\"object\":\"charge\",\"payment_intent\":\"" + payment
                + "\",\"refunded\":true,\"metadata\":{\"order\":\"" + order + "\"}}}}";
    }

    @Override
    protected String unhandledEvent(String eventId) {
        return "{\"id\":\"" + eventId
                + "\",\"object\":\"event\",\"type\":\"customer.created\",\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
    }

    private String sessionEvent(
            String eventId, String type, PaymentGateway.Session session, OrderId order, String fields) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"created\":"
                + clock.instant().getEpochSecond()
                + ",\"data\":{\"object\":{\"id\":\"" + session.reference()
                + "\",\"object\":\"checkout.session\",\"client_reference_id\":\""
                + order + "\"," + fields + "}}}";
    }
}
