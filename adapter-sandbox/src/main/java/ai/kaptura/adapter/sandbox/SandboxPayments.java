package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The offline stand-in for the payment processor, and its checkout page ({@link LocalCheckout}). Nothing
 * leaves the machine ({@link #processorName()} is empty) and no money moves; but a payment is confirmed
 * exactly as Stripe's is: only by a signed event posted to the app's own webhook endpoint
 * ({@code POST {base}/webhooks/payments}) and decoded by {@link #decodeWebhook}, with the header
 * {@code Kaptura-Sandbox-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>} (Stripe's scheme,
 * five minutes' tolerance). Pressing "pay" on the page proves nothing by itself.
 *
 * <ul>
 *   <li>{@link #startCheckout} remembers the checkout and answers {@code {base}/sandbox/checkout/{reference}}, an
 *       opaque reference, expiring after 24 hours; the same idempotency key answers the same session.</li>
 *   <li>{@link #pay} posts {@code checkout.session.completed} (paid) synchronously and answers the success
 *       address; {@link #cancel} posts {@code checkout.session.expired} and answers the cancel address. Each
 *       event is built once: a failed delivery throws, and trying again re-sends the same event (same id);
 *       once delivered, nothing more is sent.</li>
 *   <li>{@link #refund} records the refund (one per idempotency key, in full) and posts {@code charge.refunded}
 *       synchronously before answering; if that delivery fails it throws, and a retry with the same key
 *       answers the same refund and re-sends the same event.</li>
 * </ul>
 *
 * <p>With a work directory, the books (checkouts, the events built for them, refunds) are kept at rest in a
 * {@link PaymentLedger}, written durably before each change is used, so a restart — {@code kill -9} included —
 * forgets nothing: a checkout page still answers, a payment is re-sent under its own event id, a refund finds its
 * payment. Without one (tests of the gateway alone) they live in memory. While an event is posted only that checkout
 * (or refund) is locked, never the gateway: the app's webhook handler decodes the event on another thread meanwhile,
 * and the page of the checkout still answers.
 */
@Implements({Rule.R37})
final class SandboxPayments implements PaymentGateway, LocalCheckout, AutoCloseable {

    static final Duration CHECKOUT_LIFETIME = Duration.ofHours(24);

    private static final System.Logger LOG = System.getLogger(SandboxPayments.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final String checkoutBase;
    private final URI webhookEndpoint;
    private final byte[] secret;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Delivery http = new Delivery("payments");

    private final Object lock = new Object();
    /** The checkouts, payments and refunds made; guarded by {@link #lock}. */
    private final PaymentBooks books = new PaymentBooks();

    private final Optional<PaymentLedger> ledger;

    SandboxPayments(String publicBase, byte[] secret, InstantSource clock) {
        this(publicBase, secret, clock, Optional.empty());
    }

    /** @param ledger where the books are kept at rest, and read back from at start; empty keeps them in memory */
    SandboxPayments(String publicBase, byte[] secret, InstantSource clock, Optional<PaymentLedger> ledger) {
        this.checkoutBase = publicBase + "/sandbox/checkout/";
        this.webhookEndpoint = URI.create(publicBase + PaymentGateway.WEBHOOK_PATH);
        this.secret = secret.clone();
        this.clock = clock;
        this.ledger = ledger;
        ledger.flatMap(PaymentLedger::read).ifPresent(read -> {
            synchronized (lock) {
                books.load(read);
            }
        });
    }

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    /** Its own name, having no processor. */
    @Override
    public String recordedName() {
        return "sandbox-payments";
    }

    // ---- PaymentGateway -------------------------------------------------------------------------

    @Override
    public Session startCheckout(Checkout checkout) {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(checkout.order(), "order");
        Objects.requireNonNull(checkout.amount(), "amount");
        if (checkout.idempotencyKey() == null || checkout.idempotencyKey().isBlank()) {
            throw new IllegalArgumentException("A checkout needs an idempotency key");
        }
        if (checkout.description() == null
                || checkout.description().isBlank()
                || checkout.description().length() > 500) {
            throw new IllegalArgumentException("A checkout needs a description of 1 to 500 characters");
        }
        requireWebAddress(checkout.successUrl(), "success");
        requireWebAddress(checkout.cancelUrl(), "cancel");
        synchronized (lock) {
            PaymentBooks.Attempt existing = books.byKey.get(checkout.idempotencyKey());
            if (existing != null) {
                if (!existing.checkout.order().equals(checkout.order())
                        || !existing.checkout.amount().equals(checkout.amount())) {
                    throw new IllegalArgumentException("The idempotency key was used for another checkout");
                }
                return existing.session;
            }
            String reference = "cs_sbx_" + hex(16);
            Session session = new Session(
                    checkoutBase + reference, reference, clock.instant().plus(CHECKOUT_LIFETIME));
            PaymentBooks.Attempt attempt = new PaymentBooks.Attempt(checkout, session);
            books.byKey.put(checkout.idempotencyKey(), attempt);
            books.byReference.put(reference, attempt);
            keep();
            return session;
        }
    }

    @Override
    public Result<PaymentEvent> decodeWebhook(byte[] body, Map<String, List<String>> headers) {
        try {
            byte[] content = body == null ? new byte[0] : body;
            Optional<String> problem = Signatures.problem(headers, secret, content, clock.instant());
            if (problem.isPresent()) {
                return Result.refused(
                        Rejection.Reason.EVENT_NOT_AUTHENTIC, "The webhook is not authentic: " + problem.get());
            }
            return PaymentEvents.decode(content);
        } catch (RuntimeException e) {
            return Result.refused(Rejection.Reason.EVENT_MALFORMED, "The webhook could not be read");
        }
    }

    @Override
    public String refund(PaymentRef payment, Money amount, String idempotencyKey) {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(amount, "amount");
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("A refund needs an idempotency key");
        }
        PaymentBooks.Refund refund;
        synchronized (lock) {
            refund = books.refundsByKey.get(idempotencyKey);
            if (refund == null) {
                PaymentBooks.Attempt attempt = books.byPayment.get(payment);
                if (attempt == null) {
                    throw new IllegalArgumentException("The sandbox has no payment " + payment);
                }
                if (books.refundsByPayment.containsKey(payment)) {
                    throw new IllegalStateException("Payment " + payment + " is already refunded");
                }
                if (!attempt.checkout.amount().equals(amount)) {
                    throw new IllegalArgumentException(
                            "The sandbox refunds a payment in full: " + attempt.checkout.amount() + ", not " + amount);
                }
                refund = new PaymentBooks.Refund(
                        "re_sbx_" + hex(12), "evt_sbx_" + hex(12), clock.instant(), attempt, payment, idempotencyKey);
                books.refundsByKey.put(idempotencyKey, refund);
                books.refundsByPayment.put(payment, refund);
                keep();
            } else if (!refund.payment.equals(payment)) {
                throw new IllegalArgumentException("The idempotency key was used for the refund of another payment");
            }
        }
        synchronized (refund) {
            if (!refund.delivered) {
                PaymentBooks.Sent paid = refund.attempt.payment;
                send(
                        PaymentEvents.chargeRefunded(
                                refund.eventId,
                                refund.created,
                                "ch_sbx_" + paid.payment().value().substring("pi_sbx_".length()),
                                refund.payment,
                                refund.attempt.checkout.order(),
                                refund.attempt.checkout.amount()),
                        "a refund event");
                refund.delivered = true;
                keep();
            }
            return refund.reference;
        }
    }

    // ---- LocalCheckout --------------------------------------------------------------------------

    @Override
    public Optional<Page> page(String reference, Instant now) {
        PaymentBooks.Attempt attempt = find(reference);
        if (attempt == null) {
            return Optional.empty();
        }
        Checkout c = attempt.checkout;
        return Optional.of(new Page(
                attempt.session.reference(),
                c.order(),
                c.amount(),
                c.description(),
                attempt.session.expiresAt(),
                c.successUrl(),
                c.cancelUrl(),
                state(attempt, now)));
    }

    @Override
    public String pay(String reference, Instant now) {
        Objects.requireNonNull(now, "now");
        PaymentBooks.Attempt attempt = existing(reference);
        synchronized (attempt) {
            switch (state(attempt, now)) {
                case PAID -> {
                    return attempt.checkout.successUrl();
                }
                case CANCELLED ->
                    throw new IllegalStateException("This checkout was cancelled; start a new one to pay");
                case EXPIRED ->
                    throw new IllegalStateException(
                            "This checkout expired at " + attempt.session.expiresAt() + "; start a new one to pay");
                case OPEN -> {
                    if (attempt.payment == null) {
                        attempt.payment = new PaymentBooks.Sent(
                                "evt_sbx_" + hex(12), clock.instant(), new PaymentRef("pi_sbx_" + hex(12)));
                        keep();
                    }
                    PaymentBooks.Sent sent = attempt.payment;
                    send(
                            PaymentEvents.checkoutCompleted(
                                    sent.eventId(),
                                    sent.created(),
                                    attempt.session.reference(),
                                    attempt.checkout.order(),
                                    sent.payment(),
                                    attempt.checkout.amount()),
                            "the payment event");
                    attempt.paid = true;
                    synchronized (lock) {
                        books.byPayment.put(sent.payment(), attempt);
                    }
                    return settled(attempt, "paid", attempt.checkout.successUrl());
                }
            }
        }
        throw new AssertionError("every state is handled");
    }

    @Override
    public String cancel(String reference, Instant now) {
        Objects.requireNonNull(now, "now");
        PaymentBooks.Attempt attempt = existing(reference);
        synchronized (attempt) {
            switch (state(attempt, now)) {
                case PAID -> throw new IllegalStateException("This checkout is paid; it can no longer be cancelled");
                case CANCELLED -> {
                    return attempt.checkout.cancelUrl();
                }
                case OPEN, EXPIRED -> {
                    if (attempt.expiry == null) {
                        attempt.expiry = new PaymentBooks.Sent("evt_sbx_" + hex(12), clock.instant(), null);
                        keep();
                    }
                    send(
                            PaymentEvents.checkoutExpired(
                                    attempt.expiry.eventId(),
                                    attempt.expiry.created(),
                                    attempt.session.reference(),
                                    attempt.checkout.order()),
                            "the expiry event");
                    attempt.cancelled = true;
                    return settled(attempt, "cancelled", attempt.checkout.cancelUrl());
                }
            }
        }
        throw new AssertionError("every state is handled");
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- test hooks: the processor's books -------------------------------------------------------

    /** How many refunds the sandbox has recorded for {@code payment}. */
    int refundsOf(PaymentRef payment) {
        synchronized (lock) {
            return books.refundsByPayment.containsKey(payment) ? 1 : 0;
        }
    }

    // ---- the books at rest ------------------------------------------------------------------------

    /** Writes the books as they are now, if they are kept at rest; a change is used only once this returns. */
    private void keep() {
        if (ledger.isEmpty()) {
            return;
        }
        synchronized (lock) {
            ledger.get().write(books.toJson());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static State state(PaymentBooks.Attempt attempt, Instant now) {
        if (attempt.paid) {
            return State.PAID;
        }
        if (attempt.cancelled) {
            return State.CANCELLED;
        }
        return now.isBefore(attempt.session.expiresAt()) ? State.OPEN : State.EXPIRED;
    }

    /** The checkout of {@code reference}; an unknown one is an error of the page that asked. */
    private PaymentBooks.Attempt existing(String reference) {
        PaymentBooks.Attempt attempt = find(reference);
        if (attempt == null) {
            throw new IllegalStateException("The sandbox has no checkout " + reference);
        }
        return attempt;
    }

    /** Keeps the books once {@code attempt} is {@code how} ("paid", "cancelled"), says so, and answers where to go. */
    private String settled(PaymentBooks.Attempt attempt, String how, String next) {
        keep();
        LOG.log(System.Logger.Level.INFO, () -> "Sandbox: checkout " + attempt.session.reference() + " " + how);
        return next;
    }

    private PaymentBooks.Attempt find(String reference) {
        if (reference == null) {
            return null;
        }
        synchronized (lock) {
            return books.byReference.get(reference);
        }
    }

    /** Signs {@code body} now and posts it to the webhook endpoint; anything but a 2xx answer throws. */
    private void send(byte[] body, String what) {
        String signature = Signatures.header(secret, clock.instant(), body);
        int status;
        try {
            status = http.postJson(webhookEndpoint, body, Map.of(Signatures.HEADER, signature));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The sandbox could not deliver " + what + " to " + webhookEndpoint + " ("
                            + e.getClass().getSimpleName() + "); try again",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the sandbox delivered " + what, e);
        }
        if (!Delivery.isSuccess(status)) {
            throw new IllegalStateException("The sandbox could not deliver " + what + ": " + webhookEndpoint
                    + " answered HTTP " + status + "; try again");
        }
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HEX.formatHex(value);
    }

    private static void requireWebAddress(String url, String which) {
        String problem = "The " + which + " address of a checkout must be an absolute http(s) address";
        if (url == null) {
            throw new IllegalArgumentException(problem);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem, e);
        }
        if (!uri.isAbsolute()
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
