package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A payment processor in memory that speaks Stripe's shapes, so the same contract test passes for it
 * and for the Stripe adapter: checkouts are idempotent per key, webhooks carry {@value
 * #SIGNATURE_HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">} checked against the
 * injected clock with a {@link #TOLERANCE} for old signatures, and events are small Stripe-shaped JSON
 * objects (see the {@code *Payload} helpers). Refunds are idempotent per key.
 *
 * <p>Test helpers play the processor's side: {@link #pay} (the person pays), and the {@code *Webhook}
 * methods (the genuine, signed webhooks that follow).
 */
public final class FakePaymentGateway implements PaymentGateway {

    public static final String SIGNATURE_HEADER = "Stripe-Signature";
    public static final Duration TOLERANCE = Duration.ofSeconds(300);
    public static final Duration CHECKOUT_LIFETIME = Duration.ofHours(24);
    public static final String CHECKOUT_BASE = "https://checkout.fake-payments.invalid/pay/";

    /** A webhook as the processor delivers it. */
    public record Webhook(byte[] body, Map<String, List<String>> headers) {}

    private record Attempt(PaymentGateway.Checkout checkout, Session session) {}

    private final byte[] secret;
    private final InstantSource clock;
    private final Map<String, Attempt> byKey = new LinkedHashMap<>();
    private final Map<String, Attempt> byReference = new LinkedHashMap<>();
    private final Map<PaymentRef, String> payments = new LinkedHashMap<>();
    private final Map<String, String> refundsByKey = new LinkedHashMap<>();
    private final Map<PaymentRef, List<String>> refunds = new LinkedHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private int sessions;
    private int paid;
    private int refunded;

    public FakePaymentGateway(String webhookSecret, InstantSource clock) {
        this.secret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    @Override
    public String recordedName() {
        return "fake-payments";
    }

    @Override
    public synchronized Session startCheckout(Checkout checkout) {
        Attempt existing = byKey.get(checkout.idempotencyKey());
        if (existing != null) {
            if (!existing.checkout().equals(checkout)) {
                throw new IllegalArgumentException(
                        "Idempotency key " + checkout.idempotencyKey() + " was used for another checkout");
            }
            return existing.session();
        }
        sent.addAll(List.of(
                "POST /v1/checkout/sessions",
                "Idempotency-Key: " + checkout.idempotencyKey(),
                "mode=payment",
                "line_items[0][price_data][currency]="
                        + checkout.amount().currency().getCurrencyCode().toLowerCase(Locale.ROOT),
                "line_items[0][price_data][unit_amount]=" + checkout.amount().minorUnits(),
                "line_items[0][price_data][product_data][name]=" + checkout.description(),
                "line_items[0][quantity]=1",
                "client_reference_id=" + checkout.order(),
                "metadata[order]=" + checkout.order(),
                "payment_intent_data[metadata][order]=" + checkout.order(),
                "success_url=" + checkout.successUrl(),
                "cancel_url=" + checkout.cancelUrl()));
        String reference = "cs_fake_" + (++sessions);
        Session session = new Session(
                CHECKOUT_BASE + reference, reference, clock.instant().plus(CHECKOUT_LIFETIME));
        Attempt attempt = new Attempt(checkout, session);
        byKey.put(checkout.idempotencyKey(), attempt);
        byReference.put(reference, attempt);
        return session;
    }

    @Override
    public synchronized Result<PaymentEvent> decodeWebhook(byte[] body, Map<String, List<String>> headers) {
        try {
            if (body == null) {
                return malformed("The webhook has no body");
            }
            Optional<String> refusal = signatureProblem(body, headers);
            if (refusal.isPresent()) {
                return Result.refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, refusal.get());
            }
            return decode(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return malformed("The webhook could not be read");
        }
    }

    @Override
    public synchronized String refund(PaymentRef payment, Money amount, String idempotencyKey) {
        String existing = refundsByKey.get(idempotencyKey);
        if (existing != null) {
            return existing;
        }
        if (!payments.containsKey(payment)) {
            throw new IllegalArgumentException("No such payment: " + payment);
        }
        if (!refunds.getOrDefault(payment, List.of()).isEmpty()) {
            throw new IllegalStateException("Payment " + payment + " is already refunded");
        }
        sent.addAll(List.of(
                "POST /v1/refunds",
                "Idempotency-Key: " + idempotencyKey,
                "payment_intent=" + payment,
                "amount=" + amount.minorUnits()));
        String reference = "re_fake_" + (++refunded);
        refundsByKey.put(idempotencyKey, reference);
        refunds.computeIfAbsent(payment, p -> new ArrayList<>()).add(reference);
        return reference;
    }

    // ---- test helpers: the processor's side ------------------------------------------------------

    /** The person completes the checkout: answers the payment's reference (its payment intent). */
    public synchronized PaymentRef pay(Session session) {
        Attempt attempt = attempt(session);
        PaymentRef payment = new PaymentRef("pi_fake_" + (++paid));
        payments.put(payment, attempt.session().reference());
        return payment;
    }

    /** Everything sent to the processor, as text (request lines, form fields, headers). */
    public synchronized List<String> sentToProcessor() {
        return List.copyOf(sent);
    }

    /** The refunds issued for {@code payment}, by reference. */
    public synchronized List<String> refundsOf(PaymentRef payment) {
        return List.copyOf(refunds.getOrDefault(payment, List.of()));
    }

    /** The order a checkout session was started for. */
    public synchronized OrderId orderOf(Session session) {
        return attempt(session).checkout().order();
    }

    /** {@code checkout.session.completed}, paid or not yet paid (delayed methods), for the amount the checkout asked. */
    public String checkoutCompletedPayload(
            String eventId, Session session, boolean paidNow, Optional<PaymentRef> payment) {
        return event(
                eventId,
                "checkout.session.completed",
                session,
                "\"payment_status\":\"" + (paidNow ? "paid" : "unpaid") + "\""
                        + payment.map(p -> ",\"payment_intent\":\"" + p + "\"").orElse("")
                        + amountFields(asked(session)));
    }

    /**
     * A paid {@code checkout.session.completed} as the processor could sign it for anything: any session id
     * (one of ours or not), any order and amount — what a genuine payment on someone else's checkout, or on a
     * checkout of ours for another amount, looks like.
     */
    public static String paidPayload(String eventId, String sessionId, OrderId order, Money paid, PaymentRef payment) {
        return "{\"id\":\"" + eventId
                + "\",\"object\":\"event\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":"
                + "{\"id\":\"" + sessionId + "\",\"object\":\"checkout.session\",\"client_reference_id\":\"" + order
                + "\","
                + "\"payment_status\":\"paid\",\"payment_intent\":\"" + payment + "\"" + amountFields(paid) + "}}}";
    }

    public String asyncPaymentFailedPayload(String eventId, Session session) {
        return event(eventId, "checkout.session.async_payment_failed", session, "\"payment_status\":\"unpaid\"");
    }

    public String checkoutExpiredPayload(String eventId, Session session) {
        return event(eventId, "checkout.session.expired", session, "\"status\":\"expired\"");
    }

    /** {@code charge.refunded}: the charge names its payment intent and, in its metadata, the order given at checkout. */
    public static String chargeRefundedPayload(String eventId, OrderId order, PaymentRef payment) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"charge.refunded\",\"data\":{\"object\":"
                + "{\"id\":\"ch_" + Integer.toHexString(payment.value().hashCode())
                + "\",\"object\":\"charge\",\"payment_intent\":\""
                + payment + "\",\"metadata\":{\"order\":\"" + order + "\"},\"refunded\":true}}}";
    }

    public static String otherEventPayload(String eventId, String type) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"" + type
                + "\",\"data\":{\"object\":{\"id\":\"obj_1\"}}}";
    }

    /** The genuine webhook for a checkout paid with {@code payment}, signed now. */
    public Webhook paidWebhook(Session session, PaymentRef payment) {
        return signedNow(checkoutCompletedPayload(newEventId(), session, true, Optional.of(payment)));
    }

    public Webhook paymentFailedWebhook(Session session) {
        return signedNow(asyncPaymentFailedPayload(newEventId(), session));
    }

    public Webhook expiredWebhook(Session session) {
        return signedNow(checkoutExpiredPayload(newEventId(), session));
    }

    public Webhook refundedWebhook(PaymentRef payment) {
        OrderId order;
        synchronized (this) {
            String session = payments.get(payment);
            if (session == null) {
                throw new IllegalArgumentException("No such payment: " + payment);
            }
            order = byReference.get(session).checkout().order();
        }
        return signedNow(chargeRefundedPayload(newEventId(), order, payment));
    }

    /** {@code payload} signed now with this processor's secret. */
    public Webhook signedNow(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return new Webhook(body, Map.of(SIGNATURE_HEADER, List.of(signatureHeader(secret, body, clock.instant()))));
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} signed at {@code at} with {@code secret}. */
    public static String signatureHeader(byte[] secret, byte[] body, Instant at) {
        long t = at.getEpochSecond();
        byte[] signed = (t + ".").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, all, 0, signed.length);
        System.arraycopy(body, 0, all, signed.length, body.length);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(Hmac.sha256(secret, all));
    }

    // ---- internals ------------------------------------------------------------------------------

    private Attempt attempt(Session session) {
        Attempt attempt = byReference.get(session.reference());
        if (attempt == null) {
            throw new IllegalArgumentException("No checkout session " + session.reference());
        }
        return attempt;
    }

    private String event(String eventId, String type, Session session, String extra) {
        OrderId order;
        synchronized (this) {
            order = attempt(session).checkout().order();
        }
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":"
                + "{\"id\":\"" + session.reference() + "\",\"object\":\"checkout.session\",\"client_reference_id\":\""
                + order + "\","
                + extra + "}}}";
    }

    private synchronized Money asked(Session session) {
        return attempt(session).checkout().amount();
    }

    private static String amountFields(Money amount) {
        return ",\"amount_total\":" + amount.minorUnits() + ",\"currency\":\""
                + amount.currency().getCurrencyCode().toLowerCase(Locale.ROOT) + "\"";
    }

    private static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private Optional<String> signatureProblem(byte[] body, Map<String, List<String>> headers) {
        List<String> values = headers == null
                ? List.of()
                : headers.entrySet().stream()
                        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(SIGNATURE_HEADER))
                        .flatMap(e -> e.getValue() == null ? Stream.<String>empty() : e.getValue().stream())
                        .filter(Objects::nonNull)
                        .toList();
        if (values.isEmpty()) {
            return Optional.of("The webhook carries no " + SIGNATURE_HEADER + " header");
        }
        Long t = null;
        List<String> signatures = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals("t")) {
                    try {
                        t = Long.parseLong(kv[1]);
                    } catch (NumberFormatException e) {
                        return Optional.of("The webhook's signature timestamp is not a number");
                    }
                } else if (kv.length == 2 && kv[0].equals("v1")) {
                    signatures.add(kv[1]);
                }
            }
        }
        if (t == null) {
            return Optional.of("The webhook's signature has no timestamp");
        }
        if (signatures.isEmpty()) {
            return Optional.of("No signatures found with the expected scheme");
        }
        Instant signedAt = Instant.ofEpochSecond(t);
        if (signedAt.isBefore(clock.instant().minus(TOLERANCE))) {
            return Optional.of("The webhook was signed at " + signedAt + ", outside the tolerance zone");
        }
        byte[] expected = HexFormat.of()
                .formatHex(Hmac.sha256(secret, Hmac.concat((t + ".").getBytes(StandardCharsets.UTF_8), body)))
                .getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatures) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
        }
        return Optional.of("No signature matches the expected signature for the payload");
    }

    private static final Pattern ID = field("id");
    private static final Pattern TYPE = field("type");
    private static final Pattern CLIENT_REFERENCE = field("client_reference_id");
    private static final Pattern PAYMENT_STATUS = field("payment_status");
    private static final Pattern PAYMENT_INTENT = field("payment_intent");
    private static final Pattern SESSION_ID =
            Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"object\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern AMOUNT_TOTAL = Pattern.compile("\"amount_total\"\\s*:\\s*(\\d{1,18})\\b");
    private static final Pattern CURRENCY = field("currency");
    private static final Pattern METADATA_ORDER =
            Pattern.compile("\"metadata\"\\s*:\\s*\\{[^}]*\"order\"\\s*:\\s*\"([^\"]*)\"");

    private static Pattern field(String name) {
        return Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"");
    }

    private static Result<PaymentEvent> decode(String payload) {
        String json = payload.strip();
        if (!json.startsWith("{") || !json.endsWith("}")) {
            return malformed("The webhook body is not a JSON object");
        }
        Optional<String> id = find(ID, json);
        Optional<String> type = find(TYPE, json);
        if (id.isEmpty() || id.get().isBlank() || type.isEmpty() || type.get().isBlank()) {
            return malformed("The webhook event has no id or type");
        }
        String eventId = id.get();
        return switch (type.get()) {
            case "checkout.session.completed" -> {
                if (!"paid".equals(find(PAYMENT_STATUS, json).orElse(""))) {
                    // A delayed method: the money comes (or not) with a later async event.
                    yield Result.ok(new PaymentEvent.Ignored(eventId, type.get() + " (not paid yet)"));
                }
                yield paid(eventId, json);
            }
            case "checkout.session.async_payment_succeeded" -> paid(eventId, json);
            case "checkout.session.async_payment_failed" ->
                aboutCheckout(json, (order, checkout) -> new PaymentEvent.PaymentFailed(eventId, order, checkout));
            case "checkout.session.expired" ->
                aboutCheckout(json, (order, checkout) -> new PaymentEvent.CheckoutExpired(eventId, order, checkout));
            case "charge.refunded" -> {
                Optional<String> intent = find(PAYMENT_INTENT, json);
                Optional<OrderId> order = find(METADATA_ORDER, json).map(OrderId::parse);
                if (intent.isEmpty() || order.isEmpty()) {
                    yield malformed("The refund names no payment or no order");
                }
                yield Result.ok(new PaymentEvent.Refunded(eventId, order.get(), new PaymentRef(intent.get())));
            }
            default -> Result.ok(new PaymentEvent.Ignored(eventId, type.get()));
        };
    }

    private static Result<PaymentEvent> paid(String eventId, String json) {
        Optional<OrderId> order = order(json);
        Optional<String> session = find(SESSION_ID, json);
        Optional<String> total = find(AMOUNT_TOTAL, json);
        Optional<String> currency = find(CURRENCY, json);
        Optional<String> intent = find(PAYMENT_INTENT, json);
        if (order.isEmpty() || session.isEmpty() || total.isEmpty() || currency.isEmpty() || intent.isEmpty()) {
            return malformed("The payment names no order, no checkout, no amount paid or no payment");
        }
        Money paid = Money.of(Long.parseLong(total.get()), currency.get().toUpperCase(Locale.ROOT));
        return Result.ok(new PaymentEvent.Paid(
                eventId, order.get(), new CheckoutRef(session.get()), paid, new PaymentRef(intent.get())));
    }

    /** The event {@code made} from the order and checkout that {@code json} names, or malformed without both. */
    private static Result<PaymentEvent> aboutCheckout(
            String json, BiFunction<OrderId, CheckoutRef, PaymentEvent> made) {
        Optional<OrderId> order = order(json);
        Optional<String> session = find(SESSION_ID, json);
        return order.isEmpty() || session.isEmpty()
                ? malformed("The event names no order or no checkout")
                : ok(made.apply(order.get(), new CheckoutRef(session.get())));
    }

    private static Optional<OrderId> order(String json) {
        return find(CLIENT_REFERENCE, json).map(OrderId::parse);
    }

    private static Result<PaymentEvent> ok(PaymentEvent event) {
        return Result.ok(event);
    }

    private static Optional<String> find(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Result<PaymentEvent> malformed(String detail) {
        return Result.refused(Rejection.Reason.EVENT_MALFORMED, detail);
    }
}
