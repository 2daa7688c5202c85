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
import ai.kaptura.ports.out.SandboxRecords;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
 * <p>The books (checkouts, the events built for them, refunds) are kept in the shared {@link SandboxRecords}
 * ({@link PaymentBooks}), written before each change is used, so it is one processor for every node, as Stripe is: a
 * checkout opened through one node is shown and paid through any other, a refund asked of any node finds the payment,
 * and a restart — {@code kill -9} included — forgets nothing. Each event is built once whichever node builds it (a
 * compare-and-set keeps the first), so paying twice, on two nodes, sends the same event id. While an event is posted
 * only that checkout (or refund) is locked on this node, never the gateway: the app's webhook handler decodes the
 * event on another thread meanwhile, and the page of the checkout still answers.
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
    private final PaymentBooks books;
    /** This node's lock of each checkout and refund whose event it posts. */
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    /** @param records where the books are kept, shared by every node */
    SandboxPayments(String publicBase, byte[] secret, InstantSource clock, SandboxRecords records) {
        this.checkoutBase = publicBase + "/sandbox/checkout/";
        this.webhookEndpoint = URI.create(publicBase + PaymentGateway.WEBHOOK_PATH);
        this.secret = secret.clone();
        this.clock = clock;
        this.books = new PaymentBooks(records);
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
        while (true) {
            Optional<PaymentBooks.Attempt> existing =
                    books.referenceOfKey(checkout.idempotencyKey()).flatMap(books::checkout);
            if (existing.isPresent()) {
                if (!existing.get().checkout().order().equals(checkout.order())
                        || !existing.get().checkout().amount().equals(checkout.amount())) {
                    throw new IllegalArgumentException("The idempotency key was used for another checkout");
                }
                return existing.get().session();
            }
            String reference = "cs_sbx_" + hex(16);
            Session session = new Session(
                    checkoutBase + reference, reference, clock.instant().plus(CHECKOUT_LIFETIME));
            if (books.addCheckout(
                    checkout.idempotencyKey(), new PaymentBooks.Attempt(checkout, session, null, false, null, false))) {
                return session;
            }
            // Another node opened the checkout of this key at the same moment: answer its session.
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
        String keyHash = PaymentBooks.keyHash(idempotencyKey);
        PaymentBooks.Refund refund = books.refund(keyHash).orElse(null);
        if (refund == null) {
            PaymentBooks.Attempt attempt = books.byPayment(payment)
                    .orElseThrow(() -> new IllegalArgumentException("The sandbox has no payment " + payment));
            if (books.refundOf(payment).isPresent()) {
                throw new IllegalStateException("Payment " + payment + " is already refunded");
            }
            if (!attempt.checkout().amount().equals(amount)) {
                throw new IllegalArgumentException("The sandbox refunds a payment in full: "
                        + attempt.checkout().amount() + ", not " + amount);
            }
            PaymentBooks.Refund fresh = new PaymentBooks.Refund(
                    "re_sbx_" + hex(12),
                    "evt_sbx_" + hex(12),
                    clock.instant(),
                    attempt.session().reference(),
                    payment,
                    keyHash,
                    false);
            if (!books.addRefund(fresh)) {
                // Another node recorded this key's refund first (answer it), or refunded the payment under another key.
                refund = books.refund(keyHash)
                        .orElseThrow(() -> new IllegalStateException("Payment " + payment + " is already refunded"));
            } else {
                refund = fresh;
            }
        }
        if (!refund.payment().equals(payment)) {
            throw new IllegalArgumentException("The idempotency key was used for the refund of another payment");
        }
        synchronized (lock("refund:" + keyHash)) {
            PaymentBooks.Refund now = books.refund(keyHash).orElse(refund);
            if (!now.delivered()) {
                PaymentBooks.Attempt attempt = books.checkout(now.checkout())
                        .orElseThrow(() -> new IllegalStateException("The sandbox lost the checkout of a refund"));
                send(
                        PaymentEvents.chargeRefunded(
                                now.eventId(),
                                now.created(),
                                "ch_sbx_" + attempt.payment().payment().value().substring("pi_sbx_".length()),
                                now.payment(),
                                attempt.checkout().order(),
                                attempt.checkout().amount()),
                        "a refund event");
                books.updateRefund(keyHash, PaymentBooks.Refund::deliveredNow);
            }
            return now.reference();
        }
    }

    // ---- LocalCheckout --------------------------------------------------------------------------

    @Override
    public Optional<Page> page(String reference, Instant now) {
        Optional<PaymentBooks.Attempt> found = reference == null ? Optional.empty() : books.checkout(reference);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        PaymentBooks.Attempt attempt = found.get();
        Checkout c = attempt.checkout();
        return Optional.of(new Page(
                attempt.session().reference(),
                c.order(),
                c.amount(),
                c.description(),
                attempt.session().expiresAt(),
                c.successUrl(),
                c.cancelUrl(),
                state(attempt, now)));
    }

    @Override
    public String pay(String reference, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock(existing(reference).session().reference())) {
            PaymentBooks.Attempt attempt = existing(reference);
            switch (state(attempt, now)) {
                case PAID -> {
                    return attempt.checkout().successUrl();
                }
                case CANCELLED ->
                    throw new IllegalStateException("This checkout was cancelled; start a new one to pay");
                case EXPIRED ->
                    throw new IllegalStateException(
                            "This checkout expired at " + attempt.session().expiresAt() + "; start a new one to pay");
                case OPEN -> {
                    if (attempt.payment() == null) {
                        PaymentBooks.Sent fresh = new PaymentBooks.Sent(
                                "evt_sbx_" + hex(12), clock.instant(), new PaymentRef("pi_sbx_" + hex(12)));
                        // The first event built, by whichever node, is the one sent ever after.
                        attempt = books.updateCheckout(
                                reference, a -> a.payment() == null && !a.cancelled() ? a.withPayment(fresh) : a);
                        if (attempt.payment() == null) {
                            throw new IllegalStateException("This checkout was cancelled; start a new one to pay");
                        }
                    }
                    PaymentBooks.Sent sent = attempt.payment();
                    send(
                            PaymentEvents.checkoutCompleted(
                                    sent.eventId(),
                                    sent.created(),
                                    attempt.session().reference(),
                                    attempt.checkout().order(),
                                    sent.payment(),
                                    attempt.checkout().amount()),
                            "the payment event");
                    books.recordPayment(sent.payment(), reference);
                    books.updateCheckout(reference, PaymentBooks.Attempt::paidNow);
                    return settled(reference, "paid", attempt.checkout().successUrl());
                }
            }
        }
        throw new AssertionError("every state is handled");
    }

    @Override
    public String cancel(String reference, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock(existing(reference).session().reference())) {
            PaymentBooks.Attempt attempt = existing(reference);
            switch (state(attempt, now)) {
                case PAID -> throw new IllegalStateException("This checkout is paid; it can no longer be cancelled");
                case CANCELLED -> {
                    return attempt.checkout().cancelUrl();
                }
                case OPEN, EXPIRED -> {
                    if (attempt.expiry() == null) {
                        PaymentBooks.Sent fresh = new PaymentBooks.Sent("evt_sbx_" + hex(12), clock.instant(), null);
                        attempt = books.updateCheckout(reference, a -> a.expiry() == null ? a.withExpiry(fresh) : a);
                    }
                    send(
                            PaymentEvents.checkoutExpired(
                                    attempt.expiry().eventId(),
                                    attempt.expiry().created(),
                                    attempt.session().reference(),
                                    attempt.checkout().order()),
                            "the expiry event");
                    books.updateCheckout(reference, a -> a.paid() ? a : a.cancelledNow());
                    return settled(reference, "cancelled", attempt.checkout().cancelUrl());
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
        return books.refundOf(payment).isPresent() ? 1 : 0;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static State state(PaymentBooks.Attempt attempt, Instant now) {
        if (attempt.paid()) {
            return State.PAID;
        }
        if (attempt.cancelled()) {
            return State.CANCELLED;
        }
        return now.isBefore(attempt.session().expiresAt()) ? State.OPEN : State.EXPIRED;
    }

    /** The checkout of {@code reference}; an unknown one is an error of the page that asked. */
    private PaymentBooks.Attempt existing(String reference) {
        return (reference == null ? Optional.<PaymentBooks.Attempt>empty() : books.checkout(reference))
                .orElseThrow(() -> new IllegalStateException("The sandbox has no checkout " + reference));
    }

    /** Says that checkout {@code reference} is {@code how} ("paid", "cancelled"), and answers where to go. */
    private static String settled(String reference, String how, String next) {
        LOG.log(System.Logger.Level.INFO, () -> "Sandbox: checkout " + reference + " " + how);
        return next;
    }

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
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
