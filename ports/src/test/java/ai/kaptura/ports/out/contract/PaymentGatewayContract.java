package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.VendorFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link PaymentGateway} must do: start checkouts idempotently, send the processor the
 * order id and nothing personal (R37), refund once per key, and decode only webhooks whose
 * signature ({@code t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">}, Stripe's scheme) is valid and
 * fresh (300 s), never throwing.
 *
 * <p>The contract signs webhooks itself with {@link #webhookSecret()}; the adapter's test supplies
 * the payloads in its processor's format, and plays the processor's side (a person pays).
 */
public abstract class PaymentGatewayContract {

    /** Stripe's default tolerance for webhook signatures. */
    protected static final Duration TOLERANCE = Duration.ofSeconds(300);

    /** The gateway under test, fresh for each test, reading time from {@code clock} (fixed at {@link VendorFixtures#NOW}). */
    protected abstract PaymentGateway gateway(Clock clock);

    /** The endpoint secret the gateway under test verifies webhooks with. */
    protected abstract String webhookSecret();

    /** Every piece of text the adapter sent to the processor: URLs, form fields, JSON, headers. */
    protected abstract List<String> everythingSentToProcessor();

    /** The person completes {@code session}'s checkout at the processor; answers the payment's reference. */
    protected abstract PaymentRef personPays(PaymentGateway.Session session);

    /** How many refunds the processor has made of {@code payment}. */
    protected abstract int refundsAtProcessor(PaymentRef payment);

    /** The processor's event: the checkout was completed and paid with {@code payment}, for the amount it asked. */
    protected abstract String checkoutPaidEvent(
            String eventId, PaymentGateway.Session session, OrderId order, PaymentRef payment);

    /** The processor's event: the checkout was completed with a delayed method, not paid yet. */
    protected abstract String checkoutCompletedUnpaidEvent(
            String eventId, PaymentGateway.Session session, OrderId order);

    /** The processor's event: the (delayed) payment failed. */
    protected abstract String paymentFailedEvent(String eventId, PaymentGateway.Session session, OrderId order);

    /** The processor's event: the checkout expired unpaid. */
    protected abstract String checkoutExpiredEvent(String eventId, PaymentGateway.Session session, OrderId order);

    /** The processor's event: {@code payment}, made for {@code order}'s checkout, was refunded. */
    protected abstract String refundedEvent(String eventId, OrderId order, PaymentRef payment);

    /** An event of a type Kaptura does not act on (e.g. {@code customer.created}). */
    protected abstract String unhandledEvent(String eventId);

    /** The name of the signature header. */
    protected String signatureHeader() {
        return "Stripe-Signature";
    }

    private PaymentGateway gateway;
    private Customer ada;

    @BeforeEach
    void freshGateway() {
        gateway = gateway(Clock.fixed(NOW, ZoneOffset.UTC));
        ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");
    }

    // ---- checkout -------------------------------------------------------------------------------

    @Test
    void a_checkout_answers_where_to_send_the_person_and_when_it_lapses() {
        PaymentGateway.Session session = adasFirstCheckout();

        URI url = URI.create(session.url());
        assertThat(url.isAbsolute()).isTrue();
        assertThat(url.getScheme()).isIn("https", "http");
        assertThat(session.reference()).isNotBlank();
        assertThat(session.expiresAt()).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(Duration.ofHours(24)));
    }

    @Test
    void the_same_idempotency_key_answers_the_same_session() {
        String key = "checkout:" + ada.orderId() + ":1";
        PaymentGateway.Session first = gateway.startCheckout(checkout(ada, key));

        PaymentGateway.Session again = gateway.startCheckout(checkout(ada, key));
        PaymentGateway.Session nextAttempt = gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":2"));

        assertThat(again.reference()).isEqualTo(first.reference());
        assertThat(again.url()).isEqualTo(first.url());
        assertThat(nextAttempt.reference()).isNotEqualTo(first.reference());
    }

    @Test
    void the_processor_is_sent_the_order_id_and_nothing_personal() {
        PaymentGateway.Session session = adasFirstCheckout();
        PaymentRef payment = personPays(session);
        gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());

        List<String> sent = everythingSentToProcessor();

        VendorFixtures.assertCarriesNothingPersonal(sent, ada);
        assertThat(sent)
                .as("the order id is the reference the processor sees")
                .anyMatch(s -> s.contains(ada.orderId().toString()));
    }

    // ---- refunds --------------------------------------------------------------------------------

    @Test
    void the_same_refund_key_refunds_once() {
        PaymentRef payment = personPays(adasFirstCheckout());
        assertThat(refundsAtProcessor(payment)).isZero();

        String first = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());
        String again = gateway.refund(payment, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());

        assertThat(first).isNotBlank();
        assertThat(again).isEqualTo(first);
        assertThat(refundsAtProcessor(payment)).isEqualTo(1);
    }

    @Test
    void two_payments_are_refunded_separately() {
        Customer grace = VendorFixtures.draftCustomer("grace.hopper@example.net");
        PaymentRef adas = personPays(adasFirstCheckout());
        PaymentRef graces = personPays(gateway.startCheckout(checkout(grace, "checkout:" + grace.orderId() + ":1")));

        String adasRefund = gateway.refund(adas, VendorFixtures.PLAN.price(), "refund:" + ada.orderId());
        String gracesRefund = gateway.refund(graces, VendorFixtures.PLAN.price(), "refund:" + grace.orderId());

        assertThat(gracesRefund).isNotEqualTo(adasRefund);
        assertThat(refundsAtProcessor(adas)).isEqualTo(1);
        assertThat(refundsAtProcessor(graces)).isEqualTo(1);
    }

    // ---- webhooks: decoding ---------------------------------------------------------------------

    @Test
    void a_paid_checkout_decodes_to_paid_for_the_order_on_that_checkout_with_the_amount_and_currency_paid() {
        PaymentGateway.Session session = adasFirstCheckout();
        PaymentRef payment = personPays(session);
        String eventId = VendorFixtures.eventId("evt_");

        PaymentEvent event = decodeSigned(checkoutPaidEvent(eventId, session, ada.orderId(), payment));

        assertThat(event)
                .isEqualTo(new PaymentEvent.Paid(
                        eventId,
                        ada.orderId(),
                        new CheckoutRef(session.reference()),
                        VendorFixtures.PLAN.price(),
                        payment));
    }

    @Test
    void a_completed_but_unpaid_checkout_is_not_a_payment() {
        PaymentGateway.Session session = adasFirstCheckout();

        PaymentEvent event =
                decodeSigned(checkoutCompletedUnpaidEvent(VendorFixtures.eventId("evt_"), session, ada.orderId()));

        assertThat(event).isNotInstanceOf(PaymentEvent.Paid.class);
    }

    @Test
    void a_failed_payment_decodes_to_payment_failed() {
        assertCheckoutEventDecodesTo(this::paymentFailedEvent, PaymentEvent.PaymentFailed::new);
    }

    @Test
    void an_expired_checkout_decodes_to_checkout_expired() {
        assertCheckoutEventDecodesTo(this::checkoutExpiredEvent, PaymentEvent.CheckoutExpired::new);
    }

    @Test
    void a_refund_decodes_to_refunded_for_the_payment() {
        PaymentRef payment = personPays(adasFirstCheckout());
        String eventId = VendorFixtures.eventId("evt_");

        PaymentEvent event = decodeSigned(refundedEvent(eventId, ada.orderId(), payment));

        assertThat(event).isEqualTo(new PaymentEvent.Refunded(eventId, ada.orderId(), payment));
    }

    @Test
    void an_event_kaptura_does_not_act_on_is_ignored_not_refused() {
        String eventId = VendorFixtures.eventId("evt_");

        PaymentEvent event = decodeSigned(unhandledEvent(eventId));

        assertThat(event).isInstanceOf(PaymentEvent.Ignored.class);
        assertThat(event.eventId()).isEqualTo(eventId);
        assertThat(((PaymentEvent.Ignored) event).type()).isNotBlank();
    }

    @Test
    void a_webhook_delivered_again_decodes_to_the_same_event_so_it_is_processed_once() {
        PaymentGateway.Session session = adasFirstCheckout();
        String payload = checkoutPaidEvent(VendorFixtures.eventId("evt_"), session, ada.orderId(), personPays(session));
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = headers(signature(webhookSecret(), body, NOW.minusSeconds(5)));

        PaymentEvent first = ok(gateway.decodeWebhook(body, headers));
        PaymentEvent second = ok(gateway.decodeWebhook(body, headers));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void the_signature_header_name_is_case_insensitive() {
        byte[] body = unhandledEvent(VendorFixtures.eventId("evt_")).getBytes(StandardCharsets.UTF_8);

        Result<PaymentEvent> decoded = gateway.decodeWebhook(
                body,
                Map.of(signatureHeader().toLowerCase(Locale.ROOT), List.of(signature(webhookSecret(), body, NOW))));

        assertThat(decoded).isInstanceOf(Result.Ok.class);
    }

    // ---- webhooks: refusing ---------------------------------------------------------------------

    @Test
    void a_webhook_signed_with_another_secret_is_refused() {
        byte[] body = paidPayload();

        Result<PaymentEvent> decoded = gateway.decodeWebhook(body, headers(signature("whsec_guessed", body, NOW)));

        assertRefused(decoded, Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_webhook_signed_longer_ago_than_the_tolerance_is_refused() {
        byte[] body = paidPayload();

        Result<PaymentEvent> stale = gateway.decodeWebhook(
                body,
                headers(signature(webhookSecret(), body, NOW.minus(TOLERANCE).minusSeconds(1))));
        Result<PaymentEvent> justInTime = gateway.decodeWebhook(
                body,
                headers(signature(webhookSecret(), body, NOW.minus(TOLERANCE).plusSeconds(1))));

        assertRefused(stale, Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertThat(justInTime).isInstanceOf(Result.Ok.class);
    }

    @Test
    void a_webhook_changed_after_signing_is_refused() {
        byte[] body = paidPayload();
        String header = signature(webhookSecret(), body, NOW);
        byte[] changed = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);

        assertRefused(gateway.decodeWebhook(changed, headers(header)), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void an_unsigned_webhook_is_refused() {
        assertRefused(gateway.decodeWebhook(paidPayload(), Map.of()), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(
                gateway.decodeWebhook(paidPayload(), Map.of("Content-Type", List.of("application/json"))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    static Stream<Arguments> malformedSignatureHeaders() {
        long t = NOW.getEpochSecond();
        return Stream.of(
                Arguments.of(""),
                Arguments.of("garbage"),
                Arguments.of("t=,v1="),
                Arguments.of("t=" + t),
                Arguments.of("v1=" + "ab".repeat(32)),
                Arguments.of("t=yesterday,v1=" + "ab".repeat(32)),
                Arguments.of("t=" + t + ",v0=" + "ab".repeat(32)),
                Arguments.of("t=" + t + ",v1=not-hex"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("malformedSignatureHeaders")
    void a_malformed_signature_header_is_refused_without_throwing(String header) {
        byte[] body = paidPayload();

        Result<PaymentEvent>[] decoded = holder();
        assertThatCode(() -> decoded[0] = gateway.decodeWebhook(body, headers(header)))
                .doesNotThrowAnyException();

        assertRefused(decoded[0], Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    static Stream<Arguments> malformedPayloads() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("half an object", "{\"id\":\"evt_1\","),
                Arguments.of("not JSON", "payment done"),
                Arguments.of("an event without a type", "{\"id\":\"evt_1\",\"object\":\"event\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloads")
    void a_genuinely_signed_but_malformed_webhook_is_refused_as_malformed(String what, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);

        Result<PaymentEvent>[] decoded = holder();
        assertThatCode(() -> decoded[0] = gateway.decodeWebhook(body, headers(signature(webhookSecret(), body, NOW))))
                .doesNotThrowAnyException();

        assertRefused(decoded[0], Rejection.Reason.EVENT_MALFORMED);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The {@code t=...,v1=...} header value for {@code body} signed at {@code at} with {@code secret}. */
    protected static String signature(String secret, byte[] body, Instant at) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first checkout opened for Ada's order. */
    private PaymentGateway.Session adasFirstCheckout() {
        return gateway.startCheckout(checkout(ada, "checkout:" + ada.orderId() + ":1"));
    }

    private Map<String, List<String>> headers(String signature) {
        return Map.of(
                signatureHeader(), List.of(signature), "Content-Type", List.of("application/json; charset=utf-8"));
    }

    /**
     * Signs and decodes the event {@code payload} writes for Ada's first checkout, and checks it is the one
     * {@code expected} builds from the same event id, order and checkout.
     */
    private void assertCheckoutEventDecodesTo(CheckoutEventPayload payload, CheckoutEventOf expected) {
        PaymentGateway.Session session = adasFirstCheckout();
        String eventId = VendorFixtures.eventId("evt_");

        PaymentEvent event = decodeSigned(payload.write(eventId, session, ada.orderId()));

        assertThat(event).isEqualTo(expected.of(eventId, ada.orderId(), new CheckoutRef(session.reference())));
    }

    /** Writes the processor's webhook body for an event about one checkout session. */
    @FunctionalInterface
    private interface CheckoutEventPayload {
        String write(String eventId, PaymentGateway.Session session, OrderId order);
    }

    /** Builds the decoded event expected for one checkout session. */
    @FunctionalInterface
    private interface CheckoutEventOf {
        PaymentEvent of(String eventId, OrderId order, CheckoutRef checkout);
    }

    private PaymentEvent decodeSigned(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return ok(gateway.decodeWebhook(body, headers(signature(webhookSecret(), body, NOW.minusSeconds(2)))));
    }

    private byte[] paidPayload() {
        PaymentGateway.Session session = adasFirstCheckout();
        PaymentRef payment = personPays(session);
        return checkoutPaidEvent(VendorFixtures.eventId("evt_"), session, ada.orderId(), payment)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static PaymentGateway.Checkout checkout(Customer who, String key) {
        return new PaymentGateway.Checkout(
                who.orderId(),
                VendorFixtures.PLAN.price(),
                "Kaptura headshots (" + VendorFixtures.PLAN.id() + ")",
                key,
                "https://kaptura.example/orders/" + who.orderId() + "?paid=1",
                "https://kaptura.example/orders/" + who.orderId() + "?cancelled=1");
    }

    private static PaymentEvent ok(Result<PaymentEvent> result) {
        assertThat(result).as("decoded").isInstanceOf(Result.Ok.class);
        return ((Result.Ok<PaymentEvent>) result).value();
    }

    private static void assertRefused(Result<PaymentEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        Rejection why = ((Result.Refused<PaymentEvent>) result).why();
        assertThat(why.reason()).as("refused because: %s", why.detail()).isEqualTo(reason);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Result<PaymentEvent>[] holder() {
        return new Result[1];
    }
}
