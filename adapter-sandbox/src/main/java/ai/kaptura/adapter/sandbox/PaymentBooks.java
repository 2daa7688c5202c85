package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.ports.out.PaymentGateway.Checkout;
import ai.kaptura.ports.out.PaymentGateway.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The sandbox payment processor's books: every checkout it opened, the events it built for each, and every refund,
 * indexed as {@link SandboxPayments} looks them up, and their form at rest ({@link #toJson}, {@link #load}) for a
 * {@link PaymentLedger}. Not thread-safe: the processor guards it with its own lock.
 */
final class PaymentBooks {

    /** One checkout; its own monitor serialises pay and cancel, which alone write its state (read by the page at any time). */
    static final class Attempt {
        final Checkout checkout;
        final Session session;
        volatile Sent payment;
        volatile boolean paid;
        volatile Sent expiry;
        volatile boolean cancelled;

        Attempt(Checkout checkout, Session session) {
            this.checkout = checkout;
            this.session = session;
        }
    }

    /** An event built once, with what it reports. */
    record Sent(String eventId, Instant created, PaymentRef payment) {}

    /** One refund; its monitor serialises its delivery. */
    static final class Refund {
        final String reference;
        final String eventId;
        final Instant created;
        final Attempt attempt;
        final PaymentRef payment;
        final String key;
        volatile boolean delivered;

        Refund(String reference, String eventId, Instant created, Attempt attempt, PaymentRef payment, String key) {
            this.reference = reference;
            this.eventId = eventId;
            this.created = created;
            this.attempt = attempt;
            this.payment = payment;
            this.key = key;
        }
    }

    final Map<String, Attempt> byKey = new HashMap<>();
    final Map<String, Attempt> byReference = new HashMap<>();
    final Map<PaymentRef, Attempt> byPayment = new HashMap<>();
    final Map<String, Refund> refundsByKey = new HashMap<>();
    final Map<PaymentRef, Refund> refundsByPayment = new HashMap<>();

    /** The books as they are now, as a ledger keeps them. */
    ObjectNode toJson() {
        ObjectNode books = Json.object();
        ArrayNode checkouts = books.putArray("checkouts");
        for (Map.Entry<String, Attempt> entry : byKey.entrySet()) {
            Attempt a = entry.getValue();
            ObjectNode c = checkouts.addObject();
            c.put("key", entry.getKey());
            c.put("order", a.checkout.order().toString());
            c.put("amount", a.checkout.amount().minorUnits());
            c.put("currency", a.checkout.amount().currency().getCurrencyCode());
            c.put("description", a.checkout.description());
            c.put("success", a.checkout.successUrl());
            c.put("cancel", a.checkout.cancelUrl());
            c.put("reference", a.session.reference());
            c.put("url", a.session.url());
            c.put("expiresAt", a.session.expiresAt().toString());
            c.set("payment", sent(a.payment));
            c.put("paid", a.paid);
            c.set("expiry", sent(a.expiry));
            c.put("cancelled", a.cancelled);
        }
        ArrayNode refunds = books.putArray("refunds");
        for (Refund r : refundsByKey.values()) {
            ObjectNode o = refunds.addObject();
            o.put("key", r.key);
            o.put("reference", r.reference);
            o.put("event", r.eventId);
            o.put("created", r.created.toString());
            o.put("checkout", r.attempt.session.reference());
            o.put("payment", r.payment.value());
            o.put("delivered", r.delivered);
        }
        return books;
    }

    /** Reads the books back at start: every checkout, payment and refund the sandbox had made. */
    void load(ObjectNode books) {
        for (JsonNode c : PaymentLedger.array(books, "checkouts")) {
            Checkout checkout = new Checkout(
                    OrderId.parse(c.get("order").asText()),
                    Money.of(c.get("amount").asLong(), c.get("currency").asText()),
                    c.get("description").asText(),
                    c.get("key").asText(),
                    c.get("success").asText(),
                    c.get("cancel").asText());
            Session session = new Session(
                    c.get("url").asText(),
                    c.get("reference").asText(),
                    Instant.parse(c.get("expiresAt").asText()));
            Attempt attempt = new Attempt(checkout, session);
            attempt.payment = sent(c.get("payment"));
            attempt.paid = c.get("paid").asBoolean();
            attempt.expiry = sent(c.get("expiry"));
            attempt.cancelled = c.get("cancelled").asBoolean();
            byKey.put(checkout.idempotencyKey(), attempt);
            byReference.put(session.reference(), attempt);
            if (attempt.paid) {
                byPayment.put(attempt.payment.payment(), attempt);
            }
        }
        for (JsonNode r : PaymentLedger.array(books, "refunds")) {
            Attempt attempt = byReference.get(r.get("checkout").asText());
            PaymentRef payment = new PaymentRef(r.get("payment").asText());
            Refund refund = new Refund(
                    r.get("reference").asText(),
                    r.get("event").asText(),
                    Instant.parse(r.get("created").asText()),
                    attempt,
                    payment,
                    r.get("key").asText());
            refund.delivered = r.get("delivered").asBoolean();
            refundsByKey.put(refund.key, refund);
            refundsByPayment.put(payment, refund);
        }
    }

    private static JsonNode sent(Sent sent) {
        if (sent == null) {
            return Json.object().nullNode();
        }
        ObjectNode o = Json.object();
        o.put("event", sent.eventId());
        o.put("created", sent.created().toString());
        if (sent.payment() != null) {
            o.put("payment", sent.payment().value());
        }
        return o;
    }

    private static Sent sent(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Sent(
                node.get("event").asText(),
                Instant.parse(node.get("created").asText()),
                node.hasNonNull("payment") ? new PaymentRef(node.get("payment").asText()) : null);
    }
}
