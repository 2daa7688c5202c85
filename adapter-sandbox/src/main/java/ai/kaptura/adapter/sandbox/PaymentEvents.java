package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/**
 * The sandbox processor's events, in Stripe's shapes (a subset of their fields), so the sandbox exercises
 * the same decisions as the real processor:
 * <pre>
 * {"id":"evt_sbx_…","object":"event","type":"checkout.session.completed","created":1793611800,"livemode":false,
 *  "data":{"object":{"id":"cs_sbx_…","object":"checkout.session","client_reference_id":"&lt;order id&gt;",
 *                    "payment_status":"paid","status":"complete","payment_intent":"pi_sbx_…",
 *                    "amount_total":2900,"currency":"eur","metadata":{"order":"&lt;order id&gt;"}}}}
 * </pre>
 * {@code checkout.session.expired} (the same object, {@code "status":"expired"}, no payment intent) and
 * {@code charge.refunded} (a charge naming its {@code payment_intent} and, in {@code metadata.order}, the
 * order). They carry the order id and nothing about the person (R37).
 */
final class PaymentEvents {

    static final String COMPLETED = "checkout.session.completed";
    static final String ASYNC_SUCCEEDED = "checkout.session.async_payment_succeeded";
    static final String ASYNC_FAILED = "checkout.session.async_payment_failed";
    static final String EXPIRED = "checkout.session.expired";
    static final String REFUNDED = "charge.refunded";
    static final int MAX_BODY_BYTES = 256 * 1024;

    private PaymentEvents() {}

    static byte[] checkoutCompleted(
            String eventId, Instant created, String session, OrderId order, PaymentRef payment, Money amount) {
        ObjectNode event = event(eventId, COMPLETED, created);
        ObjectNode object = session(event, session, order);
        object.put("payment_status", "paid");
        object.put("status", "complete");
        object.put("payment_intent", payment.value());
        object.put("amount_total", amount.minorUnits());
        object.put("currency", currency(amount));
        return Json.bytes(event);
    }

    static byte[] checkoutExpired(String eventId, Instant created, String session, OrderId order) {
        ObjectNode event = event(eventId, EXPIRED, created);
        ObjectNode object = session(event, session, order);
        object.put("payment_status", "unpaid");
        object.put("status", "expired");
        return Json.bytes(event);
    }

    static byte[] chargeRefunded(
            String eventId, Instant created, String charge, PaymentRef payment, OrderId order, Money amount) {
        ObjectNode event = event(eventId, REFUNDED, created);
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", charge);
        object.put("object", "charge");
        object.put("payment_intent", payment.value());
        object.put("amount", amount.minorUnits());
        object.put("amount_refunded", amount.minorUnits());
        object.put("currency", currency(amount));
        object.put("refunded", true);
        object.putObject("metadata").put("order", order.toString());
        return Json.bytes(event);
    }

    /** The domain event of a verified webhook body; refused as malformed when it is not a well-formed event. Never throws. */
    static Result<PaymentEvent> decode(byte[] body) {
        try {
            if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
                return malformed("The webhook body is empty or larger than " + MAX_BODY_BYTES + " bytes");
            }
            Optional<ObjectNode> parsed = Json.readObject(body);
            if (parsed.isEmpty()) {
                return malformed("The webhook body is not a JSON object");
            }
            JsonNode json = parsed.get();
            Optional<String> id = Json.text(json, "id");
            Optional<String> type = Json.text(json, "type");
            if (id.isEmpty() || type.isEmpty()) {
                return malformed("The webhook event has no id or no type");
            }
            String eventId = id.get();
            JsonNode object = json.path("data").path("object");
            return switch (type.get()) {
                case COMPLETED ->
                    "paid".equals(Json.text(object, "payment_status").orElse(""))
                            ? paid(eventId, object)
                            // A delayed method: the money comes (or not) with a later async event.
                            : Result.ok(new PaymentEvent.Ignored(eventId, COMPLETED + " (not paid yet)"));
                case ASYNC_SUCCEEDED -> paid(eventId, object);
                case ASYNC_FAILED, EXPIRED -> {
                    Optional<OrderId> order = order(object, "client_reference_id");
                    Optional<CheckoutRef> checkout = checkout(object);
                    yield order.isEmpty() || checkout.isEmpty()
                            ? malformed("The event names no order or no checkout")
                            : Result.ok(
                                    type.get().equals(EXPIRED)
                                            ? new PaymentEvent.CheckoutExpired(eventId, order.get(), checkout.get())
                                            : new PaymentEvent.PaymentFailed(eventId, order.get(), checkout.get()));
                }
                case REFUNDED -> {
                    Optional<OrderId> order = order(object.path("metadata"), "order");
                    Optional<PaymentRef> payment = payment(object);
                    yield order.isEmpty() || payment.isEmpty()
                            ? malformed("The refund names no order or no payment")
                            : Result.ok(new PaymentEvent.Refunded(eventId, order.get(), payment.get()));
                }
                default -> Result.ok(new PaymentEvent.Ignored(eventId, type.get()));
            };
        } catch (RuntimeException e) {
            return malformed("The webhook could not be read");
        }
    }

    /** A payment, as the event states it: the checkout it was made on, and the amount paid in the currency paid. */
    private static Result<PaymentEvent> paid(String eventId, JsonNode object) {
        Optional<OrderId> order = order(object, "client_reference_id");
        Optional<CheckoutRef> checkout = checkout(object);
        Optional<Money> amount = amount(object);
        Optional<PaymentRef> payment = payment(object);
        return order.isEmpty() || checkout.isEmpty() || amount.isEmpty() || payment.isEmpty()
                ? malformed("The payment names no order, no checkout, no amount paid or no payment")
                : Result.ok(new PaymentEvent.Paid(eventId, order.get(), checkout.get(), amount.get(), payment.get()));
    }

    private static Optional<CheckoutRef> checkout(JsonNode object) {
        try {
            return Json.text(object, "id").map(CheckoutRef::new);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code amount_total} (whole minor units, not negative) in {@code currency} (an ISO 4217 code, any case). */
    private static Optional<Money> amount(JsonNode object) {
        JsonNode total = object.get("amount_total");
        Optional<String> currency = Json.text(object, "currency");
        if (total == null || !total.isIntegralNumber() || !total.canConvertToLong() || currency.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Money(
                    total.asLong(), Currency.getInstance(currency.get().toUpperCase(Locale.ROOT))));
        } catch (RuntimeException e) { // a negative amount, an unknown currency
            return Optional.empty();
        }
    }

    private static Optional<OrderId> order(JsonNode node, String field) {
        try {
            return Json.text(node, field).map(OrderId::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<PaymentRef> payment(JsonNode object) {
        try {
            return Json.text(object, "payment_intent").map(PaymentRef::new);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static ObjectNode event(String eventId, String type, Instant created) {
        ObjectNode event = Json.object();
        event.put("id", eventId);
        event.put("object", "event");
        event.put("type", type);
        event.put("created", created.getEpochSecond());
        event.put("livemode", false);
        return event;
    }

    private static ObjectNode session(ObjectNode event, String session, OrderId order) {
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", session);
        object.put("object", "checkout.session");
        object.put("client_reference_id", order.toString());
        object.putObject("metadata").put("order", order.toString());
        return object;
    }

    private static String currency(Money amount) {
        return amount.currency().getCurrencyCode().toLowerCase(Locale.ROOT);
    }

    private static Result<PaymentEvent> malformed(String detail) {
        return Result.refused(Rejection.Reason.EVENT_MALFORMED, detail);
    }
}
