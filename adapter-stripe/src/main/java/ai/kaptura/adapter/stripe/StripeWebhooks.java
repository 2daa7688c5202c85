package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies a Stripe webhook the way {@link Webhook#constructEvent(String, String, String, long, Clock)}
 * does — {@code Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">} with the endpoint secret,
 * at most {@value #TOLERANCE_SECONDS} s old by the injected clock — and then reads the event from its raw
 * JSON, so decoding does not depend on the API version the endpoint sends events in.
 *
 * <p>Nothing is thrown for hostile input: a missing, malformed, wrong or stale signature is refused as
 * {@link Rejection.Reason#EVENT_NOT_AUTHENTIC}; a genuinely signed body that is not a Stripe event is
 * refused as {@link Rejection.Reason#EVENT_MALFORMED}. The same body always decodes to the same event,
 * so the application can record each event id once.
 *
 * <p><b>Live and test mode.</b> Every Stripe event says whether it happened in live or test mode
 * ({@code livemode}); the adapter knows its own mode from {@code STRIPE_SECRET_KEY} ({@code sk_live_}/{@code rk_live_}
 * or not). An event of the other mode is <em>refused</em> ({@link Rejection.Reason#EVENT_NOT_AUTHENTIC}, so the
 * endpoint answers 400), not ignored: it means the webhook secret and the API key belong to different modes — a
 * misconfiguration — and then nothing can be done right with the event: a test payment must never pay an order,
 * and a live payment can be neither checked nor refunded with a test key. Acknowledging it (2xx) would make
 * Stripe drop it for good, and a real live payment would be lost without a trace; refusing leaves it undelivered
 * at Stripe, shown as failing on the endpoint, retried for three days and listable after that
 * ({@code GET /v1/events?delivery_success=false}), so it is processed once the configuration is put right. An
 * event that does not say its mode is refused as malformed.
 */
final class StripeWebhooks {

    static final String SIGNATURE_HEADER = "Stripe-Signature";
    static final long TOLERANCE_SECONDS = 300;

    /** The event types Kaptura reads; every other type is acknowledged as {@link PaymentEvent.Ignored}. */
    static final Set<String> READ = Set.of(
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
            "charge.refunded",
            "refund.created",
            "refund.updated");

    private static final System.Logger LOG = System.getLogger(StripeWebhooks.class.getName());

    private final String secret;
    private final Clock clock;
    private final boolean live;

    /** Verifies with {@code secret} against {@code clock}, and acts only on events of live mode if {@code live}, else of test mode. */
    StripeWebhooks(String secret, Clock clock, boolean live) {
        this.secret = Objects.requireNonNull(secret, "webhook secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.live = live;
    }

    Result<PaymentEvent> decode(byte[] body, Map<String, List<String>> headers) {
        Result<PaymentEvent> result;
        try {
            result = verifiedThenDecoded(body, headers);
        } catch (RuntimeException e) {
            // Defensive: a bug below must not turn a webhook into a 500 that Stripe retries for days.
            result = malformed("The webhook could not be read: " + e.getClass().getSimpleName());
        }
        if (result instanceof Result.Refused<PaymentEvent> refused) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Stripe webhook refused ({0}): {1}",
                    refused.why().reason().slug(),
                    refused.why().detail());
        }
        return result;
    }

    private Result<PaymentEvent> verifiedThenDecoded(byte[] body, Map<String, List<String>> headers) {
        Optional<String> header = signatureHeader(headers);
        if (header.isEmpty()) {
            return notAuthentic("The webhook carries no " + SIGNATURE_HEADER + " header");
        }
        if (body == null) {
            return malformed("The webhook has no body");
        }
        Optional<String> payload = utf8(body);
        if (payload.isEmpty()) {
            return notAuthentic("The webhook body is not UTF-8 text, so it cannot carry Stripe's signature");
        }
        try {
            Webhook.Signature.verifyHeader(payload.get(), header.get(), secret, TOLERANCE_SECONDS, clock);
        } catch (SignatureVerificationException e) {
            String why = String.valueOf(e.getMessage());
            return notAuthentic("The " + SIGNATURE_HEADER + " header does not verify: " + why
                    + (why.contains("tolerance") ? " (signed more than " + TOLERANCE_SECONDS + " s ago)" : ""));
        } catch (RuntimeException e) {
            return notAuthentic("The " + SIGNATURE_HEADER + " header is malformed");
        }
        return decodeVerified(payload.get());
    }

    private static String mode(boolean live) {
        return live ? "live" : "test";
    }

    private static Optional<String> signatureHeader(Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        String joined = headers.entrySet().stream()
                .filter(e ->
                        e.getKey() != null && e.getKey().equalsIgnoreCase(SIGNATURE_HEADER) && e.getValue() != null)
                .flatMap(e -> e.getValue().stream())
                .filter(Objects::nonNull)
                .collect(Collectors.joining(","));
        return joined.isBlank() ? Optional.empty() : Optional.of(joined);
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    // ---- decoding a verified event ----------------------------------------------------------------

    private Result<PaymentEvent> decodeVerified(String payload) {
        Optional<JsonObject> parsed = jsonObject(payload);
        if (parsed.isEmpty()) {
            return malformed("The webhook body is not a JSON object");
        }
        JsonObject event = parsed.get();
        Optional<String> id = text(event, "id");
        Optional<String> type = text(event, "type");
        if (id.isEmpty() || type.isEmpty()) {
            return malformed("The webhook is not a Stripe event: it has no id or no type");
        }
        String eventId = id.get();
        String eventType = type.get();
        JsonElement mode = event.get("livemode");
        if (mode == null
                || !mode.isJsonPrimitive()
                || !mode.getAsJsonPrimitive().isBoolean()) {
            return malformed(
                    "The " + eventType + " event " + eventId + " does not say whether it is from live or test mode");
        }
        if (mode.getAsBoolean() != live) {
            return notAuthentic(
                    "The " + eventType + " event " + eventId + " is from Stripe's " + mode(mode.getAsBoolean())
                            + " mode, but STRIPE_SECRET_KEY is a " + mode(live)
                            + "-mode key: it is not acted on, and stays undelivered at"
                            + " Stripe until the webhook endpoint and the key belong to the same mode");
        }
        if (!READ.contains(eventType)) {
            return Result.ok(new PaymentEvent.Ignored(eventId, eventType));
        }
        Optional<JsonObject> object = Optional.ofNullable(object(event, "data")).map(data -> object(data, "object"));
        if (object.isEmpty()) {
            return malformed("The " + eventType + " event " + eventId + " carries no data.object");
        }
        return switch (eventType) {
            case "checkout.session.completed" -> completed(eventId, eventType, object.get());
            case "checkout.session.async_payment_succeeded" -> paid(eventId, eventType, object.get());
            case "checkout.session.async_payment_failed", "checkout.session.expired" ->
                unpaid(eventId, eventType, object.get());
            case "charge.refunded" -> chargeRefunded(eventId, eventType, object.get());
            case "refund.created", "refund.updated" -> refundObject(eventId, eventType, object.get());
            default -> Result.ok(new PaymentEvent.Ignored(eventId, eventType));
        };
    }

    /** Completed is paid only with {@code payment_status=paid}; delayed methods complete unpaid and follow with an async event. */
    private static Result<PaymentEvent> completed(String eventId, String type, JsonObject session) {
        String status = text(session, "payment_status").orElse("none");
        if (!"paid".equals(status)) {
            return Result.ok(new PaymentEvent.Ignored(
                    eventId,
                    type + " (payment_status " + status
                            + ": the outcome follows as checkout.session.async_payment_succeeded or _failed)"));
        }
        return paid(eventId, type, session);
    }

    /**
     * A paid session, reported as Stripe states it: the session's {@code id}, and what was paid — its
     * {@code amount_total} in its {@code currency} (since API version 2025-03-31 a session stays in the currency
     * it was created in even when Adaptive Pricing shows the person another one). Whether that pays the order
     * is not decided here.
     */
    private static Result<PaymentEvent> paid(String eventId, String type, JsonObject session) {
        Optional<OrderId> order = sessionOrder(session);
        if (order.isEmpty()) {
            return notOurs(eventId, type);
        }
        Optional<CheckoutRef> checkout = checkoutRef(session);
        if (checkout.isEmpty()) {
            return malformed("The paid checkout of event " + eventId + " has no usable session id");
        }
        Optional<Money> amount = amountTotal(session);
        if (amount.isEmpty()) {
            return malformed("The paid checkout of event " + eventId
                    + " has no amount_total in whole minor units with an ISO currency");
        }
        Optional<PaymentRef> payment = paymentRef(session, "payment_intent");
        if (payment.isEmpty()) {
            return malformed("The paid checkout of event " + eventId + " names no payment intent");
        }
        return Result.ok(new PaymentEvent.Paid(eventId, order.get(), checkout.get(), amount.get(), payment.get()));
    }

    /** A failed delayed payment, or an expired session: the order and the session it concerns. */
    private static Result<PaymentEvent> unpaid(String eventId, String type, JsonObject session) {
        Optional<OrderId> order = sessionOrder(session);
        if (order.isEmpty()) {
            return notOurs(eventId, type);
        }
        Optional<CheckoutRef> checkout = checkoutRef(session);
        if (checkout.isEmpty()) {
            return malformed("The checkout of event " + eventId + " has no usable session id");
        }
        return Result.ok(
                type.equals("checkout.session.expired")
                        ? new PaymentEvent.CheckoutExpired(eventId, order.get(), checkout.get())
                        : new PaymentEvent.PaymentFailed(eventId, order.get(), checkout.get()));
    }

    /** A charge names the order through the metadata Stripe copied from its PaymentIntent; only a full refund ends the order. */
    private static Result<PaymentEvent> chargeRefunded(String eventId, String type, JsonObject charge) {
        if (!bool(charge, "refunded")) {
            return Result.ok(
                    new PaymentEvent.Ignored(eventId, type + " (partial refund: the payment is not refunded in full)"));
        }
        return refunded(eventId, type, charge);
    }

    /** A refund object names its payment intent, but the order only if the refund's own metadata carries it. */
    private static Result<PaymentEvent> refundObject(String eventId, String type, JsonObject refund) {
        String status = text(refund, "status").orElse("none");
        if (!"succeeded".equals(status)) {
            return Result.ok(new PaymentEvent.Ignored(eventId, type + " (refund status " + status + ")"));
        }
        if (metadataOrder(refund).isEmpty()) {
            return Result.ok(new PaymentEvent.Ignored(
                    eventId, type + " (the refund's metadata names no order; charge.refunded carries it)"));
        }
        return refunded(eventId, type, refund);
    }

    private static Result<PaymentEvent> refunded(String eventId, String type, JsonObject object) {
        Optional<OrderId> order = metadataOrder(object);
        if (order.isEmpty()) {
            return notOurs(eventId, type);
        }
        Optional<PaymentRef> payment = paymentRef(object, "payment_intent");
        if (payment.isEmpty()) {
            return malformed("The refund of event " + eventId + " names no payment intent");
        }
        return Result.ok(new PaymentEvent.Refunded(eventId, order.get(), payment.get()));
    }

    /** Another integration's object on the same Stripe account: acknowledged, so Stripe stops sending it. */
    private static Result<PaymentEvent> notOurs(String eventId, String type) {
        return Result.ok(new PaymentEvent.Ignored(eventId, type + " (names no Kaptura order)"));
    }

    private static Optional<OrderId> sessionOrder(JsonObject session) {
        return orderId(text(session, "client_reference_id")).or(() -> metadataOrder(session));
    }

    private static Optional<OrderId> metadataOrder(JsonObject object) {
        return Optional.ofNullable(object(object, "metadata"))
                .flatMap(metadata -> orderId(text(metadata, StripeGateway.ORDER_KEY)));
    }

    private static Optional<OrderId> orderId(Optional<String> text) {
        try {
            return text.map(OrderId::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<CheckoutRef> checkoutRef(JsonObject session) {
        try {
            return text(session, "id").map(CheckoutRef::new);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code amount_total} (a whole, non-negative number of minor units) in {@code currency} (an ISO 4217 code). */
    private static Optional<Money> amountTotal(JsonObject session) {
        JsonElement total = session.get("amount_total");
        Optional<String> currency = text(session, "currency");
        if (total == null
                || !total.isJsonPrimitive()
                || !total.getAsJsonPrimitive().isNumber()
                || currency.isEmpty()) {
            return Optional.empty();
        }
        try {
            long minor = total.getAsBigDecimal().longValueExact();
            return Optional.of(
                    new Money(minor, Currency.getInstance(currency.get().toUpperCase(Locale.ROOT))));
        } catch (RuntimeException e) { // a fraction, a negative amount, an unknown currency
            return Optional.empty();
        }
    }

    /** An id field that Stripe sends as a string, or as an object with an id when expanded. */
    private static Optional<PaymentRef> paymentRef(JsonObject object, String field) {
        JsonElement value = object.get(field);
        Optional<String> id =
                value != null && value.isJsonObject() ? text(value.getAsJsonObject(), "id") : text(object, field);
        try {
            return id.map(PaymentRef::new);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ---- strict JSON ------------------------------------------------------------------------------

    private static Optional<JsonObject> jsonObject(String payload) {
        try (JsonReader reader = new JsonReader(new StringReader(payload))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT || !root.isJsonObject()) {
                return Optional.empty();
            }
            return Optional.of(root.getAsJsonObject());
        } catch (JsonParseException | IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isString()) {
            return Optional.empty();
        }
        String text = value.getAsString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static JsonObject object(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    private static boolean bool(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null
                && value.isJsonPrimitive()
                && value.getAsJsonPrimitive().isBoolean()
                && value.getAsBoolean();
    }

    private static Result<PaymentEvent> notAuthentic(String detail) {
        return Result.refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, detail);
    }

    private static Result<PaymentEvent> malformed(String detail) {
        return Result.refused(Rejection.Reason.EVENT_MALFORMED, detail);
    }
}
