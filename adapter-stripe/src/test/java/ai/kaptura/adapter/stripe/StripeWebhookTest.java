package ai.kaptura.adapter.stripe;

import static ai.kaptura.adapter.stripe.StripeEvents.WEBHOOK_SECRET;
import static ai.kaptura.adapter.stripe.StripeEvents.event;
import static ai.kaptura.adapter.stripe.StripeEvents.headers;
import static ai.kaptura.adapter.stripe.StripeEvents.signature;
import static ai.kaptura.adapter.stripe.StripeEvents.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.VendorFixtures;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhook decoding beyond the contract: time read from the injected clock, secrets and tampering,
 * bodies that are not events, every event type Kaptura reads and the ones it does not, and events in
 * shapes of other API versions. Webhooks need no HTTP: the gateway's API base is never called here.
 */
class StripeWebhookTest {

    private static final Instant NOW = VendorFixtures.NOW;
    private static final OrderId ORDER = new OrderId(UUID.fromString("6f1c2a5e-3b7d-4e8f-9a10-b2c3d4e5f601"));
    private static final PaymentRef PAYMENT = new PaymentRef("pi_3PaidWithCard0000000001");
    private static final CheckoutRef SESSION = new CheckoutRef("cs_test_a1Session");
    private static final Money ASKED = Money.of(2_900, "EUR");

    private final MovableClock clock = new MovableClock(NOW);
    private PaymentGateway gateway;

    @BeforeEach
    void gateway() {
        gateway = StripeAdapter.gateway(
                StripeStub.SECRET_KEY, WEBHOOK_SECRET, Optional.of(URI.create("http://127.0.0.1:9")), clock);
    }

    // ---- freshness, secrets, tampering ----------------------------------------------------------

    @Test
    void freshness_is_measured_against_the_injected_clock_with_five_minutes_of_tolerance() {
        byte[] body = utf8(paidEvent("evt_1Fresh"));
        Map<String, List<String>> signedNow = headers(signature(WEBHOOK_SECRET, body, NOW));

        clock.set(NOW.plusSeconds(300));
        assertThat(gateway.decodeWebhook(body, signedNow)).isInstanceOf(Result.Ok.class);

        clock.set(NOW.plusSeconds(301));
        assertRefused(gateway.decodeWebhook(body, signedNow), Rejection.Reason.EVENT_NOT_AUTHENTIC, "tolerance");
    }

    @Test
    void a_stale_delivery_replayed_much_later_is_refused_even_with_a_valid_signature() {
        byte[] body = utf8(paidEvent("evt_1Replayed"));

        Result<PaymentEvent> replayed =
                gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW.minus(Duration.ofDays(3)))));

        assertRefused(replayed, Rejection.Reason.EVENT_NOT_AUTHENTIC, "signed more than 300 s ago");
    }

    @Test
    void a_wrong_secret_is_refused_and_the_refusal_never_shows_a_secret() {
        byte[] body = utf8(paidEvent("evt_1WrongSecret"));

        Result<PaymentEvent> decoded =
                gateway.decodeWebhook(body, headers(signature("whsec_someOtherEndpoint0000", body, NOW)));

        Rejection why = assertRefused(decoded, Rejection.Reason.EVENT_NOT_AUTHENTIC, "No signatures found matching");
        assertThat(why.detail())
                .doesNotContain(WEBHOOK_SECRET)
                .doesNotContain("whsec_")
                .doesNotContain(StripeStub.SECRET_KEY);
    }

    @Test
    void a_body_altered_after_signing_is_refused_even_when_it_is_still_a_valid_event() {
        String genuine = paidEvent("evt_1Altered");
        String header = signature(WEBHOOK_SECRET, utf8(genuine), NOW);
        OrderId someoneElses = new OrderId(UUID.fromString("00000000-0000-4000-8000-000000000001"));
        String redirected = genuine.replace(ORDER.toString(), someoneElses.toString());
        assertThat(redirected).isNotEqualTo(genuine);

        assertRefused(
                gateway.decodeWebhook(utf8(redirected), headers(header)),
                Rejection.Reason.EVENT_NOT_AUTHENTIC,
                "signature");
        assertThat(gateway.decodeWebhook(utf8(genuine), headers(header))).isInstanceOf(Result.Ok.class);
    }

    @Test
    void during_a_secret_rotation_a_header_with_several_v1_signatures_verifies_if_one_matches() {
        byte[] body = utf8(paidEvent("evt_1Rolling"));
        long t = NOW.getEpochSecond();
        String header = "t=" + t + ",v1=" + StripeEvents.hmac("whsec_theOldSecret000000", t, body) + ",v1="
                + StripeEvents.hmac(WEBHOOK_SECRET, t, body) + ",v0=" + "00".repeat(32);

        assertThat(ok(gateway.decodeWebhook(body, headers(header)))).isEqualTo(paid("evt_1Rolling"));
    }

    @Test
    void a_body_that_is_not_utf8_is_refused_without_throwing() {
        byte[] body = {'{', '"', 'i', 'd', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};

        assertRefused(decodedWithoutThrowing(body), Rejection.Reason.EVENT_NOT_AUTHENTIC, "UTF-8");
    }

    @Test
    void null_headers_or_body_are_refused_without_throwing() {
        byte[] body = utf8(paidEvent("evt_1Nulls"));

        assertRefused(gateway.decodeWebhook(body, null), Rejection.Reason.EVENT_NOT_AUTHENTIC, "no Stripe-Signature");
        assertRefused(
                gateway.decodeWebhook(null, headers(signature(WEBHOOK_SECRET, body, NOW))),
                Rejection.Reason.EVENT_MALFORMED,
                "no body");
    }

    // ---- live and test mode ---------------------------------------------------------------------

    @Test
    void a_live_event_signed_for_a_node_with_a_test_key_is_refused_not_acknowledged_so_stripe_keeps_and_retries_it() {
        JsonObject event = json(paidEvent("evt_1LiveAtTest"));
        event.addProperty("livemode", true);
        byte[] body = utf8(event.toString());

        Rejection why = assertRefused(
                gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC,
                "live mode");

        assertThat(why.detail())
                .contains("test-mode key")
                .contains("evt_1LiveAtTest")
                .doesNotContain(StripeStub.SECRET_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sk_live_51KapturaLiveKey000000", "rk_live_51KapturaRestrictedLive00"})
    void a_node_with_a_live_key_acts_on_live_events_and_refuses_test_events(String liveKey) {
        PaymentGateway live =
                StripeAdapter.gateway(liveKey, WEBHOOK_SECRET, Optional.of(URI.create("http://127.0.0.1:9")), clock);
        JsonObject liveEvent = json(paidEvent("evt_1Live"));
        liveEvent.addProperty("livemode", true);
        byte[] liveBody = utf8(liveEvent.toString());
        byte[] testBody = utf8(paidEvent("evt_1Test"));

        assertThat(ok(live.decodeWebhook(liveBody, headers(signature(WEBHOOK_SECRET, liveBody, NOW)))))
                .isEqualTo(paid("evt_1Live"));
        Rejection why = assertRefused(
                live.decodeWebhook(testBody, headers(signature(WEBHOOK_SECRET, testBody, NOW))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC,
                "test mode");
        assertThat(why.detail()).contains("live-mode key").doesNotContain(liveKey);
    }

    @Test
    void an_event_of_the_other_mode_is_refused_even_when_it_is_of_a_type_kaptura_does_not_act_on() {
        JsonObject event = json(event("evt_1LiveOther", "customer.created", json("{\"id\":\"cus_1\"}"), NOW));
        event.addProperty("livemode", true);
        byte[] body = utf8(event.toString());

        assertRefused(
                gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW))),
                Rejection.Reason.EVENT_NOT_AUTHENTIC,
                "live mode");
    }

    @ParameterizedTest(name = "livemode {0}")
    @ValueSource(strings = {"absent", "null", "\"false\"", "0"})
    void an_event_that_does_not_say_its_mode_is_refused_as_malformed(String livemode) {
        JsonObject event = json(paidEvent("evt_1NoMode"));
        event.remove("livemode");
        if (!livemode.equals("absent")) {
            event.add("livemode", JsonParser.parseString(livemode));
        }
        byte[] body = utf8(event.toString());

        assertRefused(
                gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW))),
                Rejection.Reason.EVENT_MALFORMED,
                "live or test mode");
    }

    // ---- bodies that are not events -------------------------------------------------------------

    static Stream<Arguments> signedButNotAnEvent() {
        return Stream.of(
                Arguments.of("trailing garbage", "{\"id\":\"evt_1\",\"type\":\"charge.refunded\"} and more"),
                Arguments.of("two objects", "{\"id\":\"evt_1\",\"type\":\"x\"}{\"id\":\"evt_2\",\"type\":\"y\"}"),
                Arguments.of("an array", "[{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}]"),
                Arguments.of("null", "null"),
                Arguments.of("a string", "\"evt_1\""),
                Arguments.of("single quotes (lenient JSON)", "{'id':'evt_1','type':'payment_intent.succeeded'}"),
                Arguments.of("a numeric id", "{\"id\":42,\"type\":\"payment_intent.succeeded\"}"),
                Arguments.of("an empty type", "{\"id\":\"evt_1\",\"type\":\"\"}"),
                Arguments.of(
                        "a handled type without data.object",
                        "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"data\":{}}"),
                Arguments.of("nesting 100000 deep", "[".repeat(100_000) + "]".repeat(100_000)),
                Arguments.of(
                        "a paid session without a payment intent",
                        event(
                                "evt_1",
                                "checkout.session.completed",
                                json("{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"client_reference_id\":\""
                                        + ORDER + "\",\"payment_status\":\"paid\",\"payment_intent\":null}"),
                                NOW)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedButNotAnEvent")
    void a_genuinely_signed_body_that_is_not_a_usable_event_is_refused_as_malformed_without_throwing(
            String what, String payload) {
        byte[] body = utf8(payload);

        assertRefused(decodedWithoutThrowing(body), Rejection.Reason.EVENT_MALFORMED, "");
    }

    // ---- what each event means ------------------------------------------------------------------

    @Test
    void the_same_delivery_decodes_to_the_same_event_every_time_so_the_application_records_it_once() {
        byte[] body = utf8(paidEvent("evt_1Duplicate"));
        Map<String, List<String>> headers = headers(signature(WEBHOOK_SECRET, body, NOW));

        List<PaymentEvent> decoded = Stream.generate(() -> ok(gateway.decodeWebhook(body, headers)))
                .limit(3)
                .toList();

        assertThat(decoded).containsOnly(paid("evt_1Duplicate"));
        assertThat(decoded).extracting(PaymentEvent::eventId).containsOnly("evt_1Duplicate");
    }

    @Test
    void a_checkout_completed_unpaid_waits_for_the_async_outcome_and_the_async_success_is_the_payment() {
        JsonObject unpaid = session("complete", "unpaid");

        PaymentEvent completed = decode(event("evt_1Completed", "checkout.session.completed", unpaid, NOW));
        PaymentEvent succeeded = decode(
                event("evt_1Succeeded", "checkout.session.async_payment_succeeded", session("complete", "paid"), NOW));

        assertThat(completed).isInstanceOf(PaymentEvent.Ignored.class);
        assertThat(((PaymentEvent.Ignored) completed).type())
                .startsWith("checkout.session.completed")
                .contains("unpaid");
        assertThat(succeeded).isEqualTo(paid("evt_1Succeeded"));
    }

    @Test
    void a_checkout_completed_without_payment_required_is_not_a_payment() {
        assertThat(decode(event(
                        "evt_1Free", "checkout.session.completed", session("complete", "no_payment_required"), NOW)))
                .isInstanceOf(PaymentEvent.Ignored.class);
    }

    @Test
    void failed_and_expired_checkouts_name_the_order() {
        assertThat(decode(event(
                        "evt_1Failed", "checkout.session.async_payment_failed", session("complete", "unpaid"), NOW)))
                .isEqualTo(new PaymentEvent.PaymentFailed("evt_1Failed", ORDER, SESSION));
        assertThat(decode(event("evt_1Expired", "checkout.session.expired", session("expired", "unpaid"), NOW)))
                .isEqualTo(new PaymentEvent.CheckoutExpired("evt_1Expired", ORDER, SESSION));
    }

    @Test
    void an_expanded_payment_intent_object_is_read_by_its_id() {
        JsonObject session = session("complete", "paid");
        session.add(
                "payment_intent",
                json("{\"id\":\"" + PAYMENT + "\",\"object\":\"payment_intent\",\"status\":\"succeeded\"}"));

        assertThat(decode(event("evt_1Expanded", "checkout.session.completed", session, NOW)))
                .isEqualTo(paid("evt_1Expanded"));
    }

    @Test
    void a_session_without_client_reference_falls_back_to_the_order_in_its_metadata() {
        JsonObject session = session("complete", "paid");
        session.add("client_reference_id", com.google.gson.JsonNull.INSTANCE);

        assertThat(decode(event("evt_1Meta", "checkout.session.completed", session, NOW)))
                .isEqualTo(paid("evt_1Meta"));
    }

    @Test
    void a_checkout_of_another_integration_on_the_same_account_is_acknowledged_and_ignored() {
        JsonObject theirs = json(
                "{\"id\":\"cs_live_other\",\"object\":\"checkout.session\",\"client_reference_id\":\"cart-1234\","
                        + "\"metadata\":{},\"payment_intent\":\"pi_3Other0000000000000000\",\"payment_status\":\"paid\",\"status\":\"complete\"}");

        PaymentEvent event = decode(event("evt_1Theirs", "checkout.session.completed", theirs, NOW));

        assertThat(event).isInstanceOf(PaymentEvent.Ignored.class);
        assertThat(((PaymentEvent.Ignored) event).type()).contains("names no Kaptura order");
    }

    @Test
    void a_full_refund_of_the_charge_is_refunded_and_a_partial_one_is_not() {
        assertThat(decode(event("evt_1Refunded", "charge.refunded", charge(true, 2900), NOW)))
                .isEqualTo(new PaymentEvent.Refunded("evt_1Refunded", ORDER, PAYMENT));

        PaymentEvent partial = decode(event("evt_1Partial", "charge.refunded", charge(false, 500), NOW));
        assertThat(partial).isInstanceOf(PaymentEvent.Ignored.class);
        assertThat(((PaymentEvent.Ignored) partial).type()).contains("partial");
    }

    @Test
    void refund_objects_are_refunded_only_when_succeeded_and_carrying_the_order() {
        String withOrder = "{\"id\":\"re_3A\",\"object\":\"refund\",\"amount\":2900,\"payment_intent\":\"" + PAYMENT
                + "\",\"metadata\":{\"order\":\"" + ORDER + "\"},\"status\":\"%s\"}";
        String withoutOrder = "{\"id\":\"re_3B\",\"object\":\"refund\",\"amount\":2900,\"payment_intent\":\"" + PAYMENT
                + "\",\"metadata\":{},\"status\":\"succeeded\"}";

        assertThat(decode(event("evt_1R1", "refund.updated", json(withOrder.formatted("succeeded")), NOW)))
                .isEqualTo(new PaymentEvent.Refunded("evt_1R1", ORDER, PAYMENT));
        assertThat(decode(event("evt_1R2", "refund.created", json(withOrder.formatted("pending")), NOW)))
                .isInstanceOf(PaymentEvent.Ignored.class);
        assertThat(decode(event("evt_1R3", "refund.created", json(withoutOrder), NOW)))
                .isInstanceOf(PaymentEvent.Ignored.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "customer.created",
                "payment_intent.succeeded",
                "charge.succeeded",
                "refund.failed",
                "charge.dispute.created",
                "checkout.session.async_payment_pending",
                "v1.billing.meter.error_report_triggered"
            })
    void an_event_kaptura_does_not_act_on_is_ignored_with_its_type(String type) {
        JsonObject object = json("{\"id\":\"obj_1\",\"object\":\"unknown\",\"email\":\"payer@example.com\"}");

        assertThat(decode(event("evt_1Other", type, object, NOW)))
                .isEqualTo(new PaymentEvent.Ignored("evt_1Other", type));
    }

    @Test
    void an_event_in_a_newer_api_version_with_changed_shapes_still_decodes_from_the_fields_kaptura_reads() {
        JsonObject session = session("complete", "paid");
        session.addProperty("customer_details", "a string where an object used to be");
        session.add("total_details", json("{\"amount_discount\":{\"value\":0},\"breakdown\":[]}"));
        session.add("line_items", json("{\"unexpected\":[1,2,3]}"));
        JsonObject event = json(event("evt_1Newer", "checkout.session.completed", session, NOW));
        event.addProperty("api_version", "2099-01-01.future");
        event.add("context", json("{\"x\":1}"));

        assertThat(decode(event.toString())).isEqualTo(paid("evt_1Newer"));
    }

    @Test
    void a_paid_session_reports_its_session_id_and_the_amount_and_currency_stripe_says_were_paid_whatever_was_asked() {
        JsonObject session = session("complete", "paid");
        session.addProperty("id", "cs_live_b1AnotherSession");
        session.addProperty("amount_total", 100);
        session.addProperty("currency", "usd");

        assertThat(decode(event("evt_1Other", "checkout.session.completed", session, NOW)))
                .isEqualTo(new PaymentEvent.Paid(
                        "evt_1Other",
                        ORDER,
                        new CheckoutRef("cs_live_b1AnotherSession"),
                        Money.of(100, "USD"),
                        PAYMENT));
    }

    @Test
    void a_zero_decimal_currency_is_read_in_its_own_minor_units() {
        JsonObject session = session("complete", "paid");
        session.addProperty("amount_total", 2_900);
        session.addProperty("currency", "jpy");

        assertThat(decode(event("evt_1Yen", "checkout.session.completed", session, NOW)))
                .isInstanceOfSatisfying(
                        PaymentEvent.Paid.class,
                        paid -> assertThat(paid.amount()).isEqualTo(Money.of(2_900, "JPY")));
    }

    @Test
    void a_session_shown_in_another_currency_by_adaptive_pricing_reports_what_was_paid_in_the_sessions_own_currency() {
        JsonObject session = session("complete", "paid");
        session.add("presentment_details", json("{\"presentment_amount\":3150,\"presentment_currency\":\"usd\"}"));

        assertThat(decode(event("evt_1Adaptive", "checkout.session.completed", session, NOW)))
                .isEqualTo(paid("evt_1Adaptive"));
    }

    static Stream<Arguments> paidSessionsWithoutAUsableAmountOrId() {
        return Stream.of(
                Arguments.of("no amount_total", "amount_total", null),
                Arguments.of("a null amount_total", "amount_total", "null"),
                Arguments.of("a fractional amount_total", "amount_total", "29.5"),
                Arguments.of("a negative amount_total", "amount_total", "-2900"),
                Arguments.of("an amount_total in quotes", "amount_total", "\"2900\""),
                Arguments.of("an amount_total as an object", "amount_total", "{\"value\":2900}"),
                Arguments.of("no currency", "currency", null),
                Arguments.of("a currency that is no ISO code", "currency", "\"eurx\""),
                Arguments.of("no session id", "id", null),
                Arguments.of("a session id with spaces", "id", "\"cs test\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paidSessionsWithoutAUsableAmountOrId")
    void a_paid_session_without_a_usable_amount_currency_or_id_is_refused_as_malformed_so_stripe_keeps_it(
            String what, String field, String value) {
        JsonObject session = session("complete", "paid");
        session.remove(field);
        if (value != null) {
            session.add(field, JsonParser.parseString(value));
        }

        byte[] body = utf8(event("evt_1Unusable", "checkout.session.completed", session, NOW));
        Result<PaymentEvent> decoded = gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW)));

        assertRefused(decoded, Rejection.Reason.EVENT_MALFORMED, "evt_1Unusable");
    }

    @Test
    void an_expired_session_without_an_id_is_refused_as_malformed() {
        JsonObject session = session("expired", "unpaid");
        session.remove("id");

        byte[] body = utf8(event("evt_1NoId", "checkout.session.expired", session, NOW));

        assertRefused(
                gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW))),
                Rejection.Reason.EVENT_MALFORMED,
                "session id");
    }

    @Test
    void a_paid_event_carrying_the_payers_details_decodes_to_ids_only() {
        JsonObject session = session("complete", "paid");
        session.add("customer_details", json("{\"email\":\"ada.lovelace@example.org\",\"name\":\"Ada Lovelace\"}"));

        PaymentEvent event = decode(event("evt_1Details", "checkout.session.completed", session, NOW));

        assertThat(event).isEqualTo(paid("evt_1Details"));
        assertThat(event.toString()).doesNotContain("ada").doesNotContain("example.org");
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The payment {@link #paidEvent} reports: on {@link #SESSION}, for what it asked. */
    private static PaymentEvent.Paid paid(String eventId) {
        return new PaymentEvent.Paid(eventId, ORDER, SESSION, ASKED, PAYMENT);
    }

    private static String paidEvent(String id) {
        return event(id, "checkout.session.completed", session("complete", "paid"), NOW);
    }

    private static JsonObject session(String status, String paymentStatus) {
        return json(
                "{\"id\":\"" + SESSION + "\",\"object\":\"checkout.session\",\"client_reference_id\":\"" + ORDER + "\","
                        + "\"amount_subtotal\":2900,\"amount_total\":2900,\"currency\":\"eur\","
                        + "\"customer\":null,\"customer_email\":null,\"expires_at\":"
                        + NOW.plusSeconds(86_400).getEpochSecond() + ","
                        + "\"livemode\":false,\"metadata\":{\"order\":\"" + ORDER
                        + "\"},\"mode\":\"payment\",\"payment_intent\":\""
                        + PAYMENT + "\",\"payment_status\":\"" + paymentStatus + "\",\"status\":\"" + status + "\"}");
    }

    private static JsonObject charge(boolean refundedInFull, long amountRefunded) {
        return json("{\"id\":\"ch_3Charge\",\"object\":\"charge\",\"amount\":2900,\"amount_refunded\":" + amountRefunded
                + ","
                + "\"metadata\":{\"order\":\"" + ORDER + "\"},\"paid\":true,\"payment_intent\":\"" + PAYMENT + "\","
                + "\"refunded\":" + refundedInFull + ",\"status\":\"succeeded\"}");
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private PaymentEvent decode(String payload) {
        byte[] body = utf8(payload);
        return ok(gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW.minusSeconds(1)))));
    }

    private static PaymentEvent ok(Result<PaymentEvent> result) {
        assertThat(result).as("decoded").isInstanceOf(Result.Ok.class);
        return ((Result.Ok<PaymentEvent>) result).value();
    }

    private static Rejection assertRefused(
            Result<PaymentEvent> result, Rejection.Reason reason, String detailContains) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        Rejection why = ((Result.Refused<PaymentEvent>) result).why();
        assertThat(why.reason()).as("refused because: %s", why.detail()).isEqualTo(reason);
        assertThat(why.detail()).contains(detailContains);
        return why;
    }

    /** Decodes {@code body}, signed now with the webhook secret, asserting that decoding it throws nothing. */
    private Result<PaymentEvent> decodedWithoutThrowing(byte[] body) {
        Result<PaymentEvent>[] decoded = holder();
        assertThatCode(() -> decoded[0] = gateway.decodeWebhook(body, headers(signature(WEBHOOK_SECRET, body, NOW))))
                .doesNotThrowAnyException();
        return decoded[0];
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Result<PaymentEvent>[] holder() {
        return new Result[1];
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
