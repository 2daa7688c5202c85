package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.PaymentGateway.Checkout;
import ai.kaptura.ports.out.PaymentGateway.Session;
import ai.kaptura.ports.out.SandboxRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The sandbox payment processor's books in the shared {@link SandboxRecords}, as every node sees them: each checkout it
 * opened (kind {@value #CHECKOUT}, by its reference) with the events built for it, each refund ({@value #REFUND}, by the
 * hash of its idempotency key), and the look-ups that find them (a checkout by the hash of its idempotency key, a
 * checkout by its payment, a refund by its payment). An addition is one insert that exactly one node wins; a change is a
 * compare-and-set on the version read, tried again on a race. The books hold order ids, amounts and opaque references,
 * nothing about a person.
 */
final class PaymentBooks {

    static final String CHECKOUT = "checkout";
    static final String CHECKOUT_KEY = "checkout-key";
    static final String PAYMENT = "payment";
    static final String REFUND = "refund";
    static final String REFUND_OF = "refund-of";
    /** How a key kept as its hash reads. */
    static final String HASHED = "sha256:";
    /** The owner of every record of the books. */
    static final String OWNER = "sandbox-payments";

    /** An event built once, with what it reports. */
    record Sent(String eventId, Instant created, PaymentRef payment) {}

    /** One checkout, and what became of it. */
    record Attempt(Checkout checkout, Session session, Sent payment, boolean paid, Sent expiry, boolean cancelled) {
        Attempt withPayment(Sent sent) {
            return new Attempt(checkout, session, sent, paid, expiry, cancelled);
        }

        Attempt paidNow() {
            return new Attempt(checkout, session, payment, true, expiry, cancelled);
        }

        Attempt withExpiry(Sent sent) {
            return new Attempt(checkout, session, payment, paid, sent, cancelled);
        }

        Attempt cancelledNow() {
            return new Attempt(checkout, session, payment, paid, expiry, true);
        }
    }

    /** One refund, in full, of the payment made on checkout {@code checkout}. */
    record Refund(
            String reference,
            String eventId,
            Instant created,
            String checkout,
            PaymentRef payment,
            String keyHash,
            boolean delivered) {
        Refund deliveredNow() {
            return new Refund(reference, eventId, created, checkout, payment, keyHash, true);
        }
    }

    private final SandboxRecords records;

    PaymentBooks(SandboxRecords records) {
        this.records = records;
    }

    /** The look-up id of an idempotency key: its hash, so the key itself (whatever it holds) is not kept. */
    static String keyHash(String idempotencyKey) {
        return Digest.sha256("kaptura-sandbox payments:" + idempotencyKey).hex();
    }

    // ---- checkouts ----------------------------------------------------------------------------------

    Optional<Attempt> checkout(String reference) {
        if (reference == null || !SandboxRecords.OPAQUE.matcher(reference).matches()) {
            return Optional.empty();
        }
        return records.find(CHECKOUT, reference).map(entry -> attempt(parse(entry.body())));
    }

    /** The reference of the checkout opened under {@code idempotencyKey}, if any. */
    Optional<String> referenceOfKey(String idempotencyKey) {
        return records.find(CHECKOUT_KEY, keyHash(idempotencyKey)).map(SandboxRecords.Entry::body);
    }

    /**
     * Adds a checkout opened under {@code idempotencyKey}; answers false, keeping nothing of it, if another node opened
     * one under that key first.
     */
    boolean addCheckout(String idempotencyKey, Attempt attempt) {
        String reference = attempt.session().reference();
        records.insert(CHECKOUT, reference, OWNER, json(attempt), Optional.empty());
        if (records.insert(CHECKOUT_KEY, keyHash(idempotencyKey), OWNER, reference, Optional.empty())) {
            return true;
        }
        records.delete(CHECKOUT, reference);
        return false;
    }

    /** Changes checkout {@code reference} by {@code change}, whichever node changed it meanwhile; answers the result. */
    Attempt updateCheckout(String reference, UnaryOperator<Attempt> change) {
        while (true) {
            SandboxRecords.Entry entry = records.find(CHECKOUT, reference)
                    .orElseThrow(() -> new IllegalStateException("The sandbox has no checkout " + reference));
            Attempt read = attempt(parse(entry.body()));
            Attempt next = change.apply(read);
            if (next.equals(read)
                    || records.replace(CHECKOUT, reference, entry.version(), json(next), Optional.empty())) {
                return next;
            }
        }
    }

    /** Records that {@code payment} was made on checkout {@code reference}. */
    void recordPayment(PaymentRef payment, String reference) {
        records.insert(PAYMENT, payment.value(), OWNER, reference, Optional.empty());
    }

    /** The checkout a payment was made on. */
    Optional<Attempt> byPayment(PaymentRef payment) {
        if (!SandboxRecords.OPAQUE.matcher(payment.value()).matches()) {
            return Optional.empty();
        }
        return records.find(PAYMENT, payment.value()).flatMap(entry -> checkout(entry.body()));
    }

    // ---- refunds --------------------------------------------------------------------------------------

    Optional<Refund> refund(String keyHash) {
        return records.find(REFUND, keyHash).map(entry -> refund(parse(entry.body())));
    }

    /** The refund of {@code payment}, if it was refunded. */
    Optional<Refund> refundOf(PaymentRef payment) {
        if (!SandboxRecords.OPAQUE.matcher(payment.value()).matches()) {
            return Optional.empty();
        }
        return records.find(REFUND_OF, payment.value()).flatMap(entry -> refund(entry.body()));
    }

    /** Adds a refund; answers false, keeping nothing of it, if its key or its payment was refunded first. */
    boolean addRefund(Refund refund) {
        if (!records.insert(REFUND, refund.keyHash(), OWNER, json(refund), Optional.empty())) {
            return false;
        }
        if (records.insert(REFUND_OF, refund.payment().value(), OWNER, refund.keyHash(), Optional.empty())) {
            return true;
        }
        records.delete(REFUND, refund.keyHash());
        return false;
    }

    Refund updateRefund(String keyHash, UnaryOperator<Refund> change) {
        while (true) {
            SandboxRecords.Entry entry =
                    records.find(REFUND, keyHash).orElseThrow(() -> new IllegalStateException("No such refund"));
            Refund read = refund(parse(entry.body()));
            Refund next = change.apply(read);
            if (next.equals(read) || records.replace(REFUND, keyHash, entry.version(), json(next), Optional.empty())) {
                return next;
            }
        }
    }

    // ---- their form at rest ---------------------------------------------------------------------------

    private static String json(Attempt a) {
        ObjectNode c = Json.object();
        c.put("order", a.checkout().order().toString());
        c.put("amount", a.checkout().amount().minorUnits());
        c.put("currency", a.checkout().amount().currency().getCurrencyCode());
        c.put("description", a.checkout().description());
        c.put(
                "key",
                a.checkout().idempotencyKey().startsWith(HASHED)
                        ? a.checkout().idempotencyKey()
                        : HASHED + keyHash(a.checkout().idempotencyKey()));
        c.put("success", a.checkout().successUrl());
        c.put("cancel", a.checkout().cancelUrl());
        c.put("reference", a.session().reference());
        c.put("url", a.session().url());
        c.put("expiresAt", a.session().expiresAt().toString());
        c.set("payment", sent(a.payment()));
        c.put("paid", a.paid());
        c.set("expiry", sent(a.expiry()));
        c.put("cancelled", a.cancelled());
        return text(c);
    }

    private static Attempt attempt(JsonNode c) {
        // The key is kept as its hash only: the checkout read back carries "sha256:<hash>" where the key was.
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
        return new Attempt(
                checkout,
                session,
                sent(c.get("payment")),
                c.get("paid").asBoolean(),
                sent(c.get("expiry")),
                c.get("cancelled").asBoolean());
    }

    private static String json(Refund r) {
        ObjectNode o = Json.object();
        o.put("reference", r.reference());
        o.put("event", r.eventId());
        o.put("created", r.created().toString());
        o.put("checkout", r.checkout());
        o.put("payment", r.payment().value());
        o.put("key", r.keyHash());
        o.put("delivered", r.delivered());
        return text(o);
    }

    private static Refund refund(JsonNode o) {
        return new Refund(
                o.get("reference").asText(),
                o.get("event").asText(),
                Instant.parse(o.get("created").asText()),
                o.get("checkout").asText(),
                new PaymentRef(o.get("payment").asText()),
                o.get("key").asText(),
                o.get("delivered").asBoolean());
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

    private static JsonNode parse(String body) {
        return Json.readObject(body.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("A record of the sandbox's payment books is not JSON"));
    }

    private static String text(JsonNode node) {
        return new String(Json.bytes(node), StandardCharsets.UTF_8);
    }
}
