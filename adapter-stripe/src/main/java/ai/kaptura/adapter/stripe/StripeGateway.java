package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PaymentGateway} over Stripe Checkout (hosted page, {@code mode=payment}) and Stripe Refunds,
 * through stripe-java's {@link StripeClient}.
 *
 * <p>R37: a checkout carries the order id (as {@code client_reference_id}, in the session's metadata and
 * in the PaymentIntent's metadata, from where Stripe copies it onto the charge so that refunds name the
 * order too), the amount, a product name and the return URLs; never a customer, an email or an account
 * id. Every POST carries the caller's idempotency key, so a repeated call answers the same object.
 */
@Implements(Rule.R37)
final class StripeGateway implements PaymentGateway {

    /** The metadata key holding the order id, on the session, its PaymentIntent and so its charge. */
    static final String ORDER_KEY = "order";

    private static final System.Logger LOG = System.getLogger(StripeGateway.class.getName());
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final Set<String> LIVE_REFUND = Set.of("succeeded", "pending", "requires_action");

    private final StripeClient client;
    private final StripeWebhooks webhooks;
    private final StripeFailures failures;

    StripeGateway(StripeClient client, StripeWebhooks webhooks, StripeFailures failures) {
        this.client = Objects.requireNonNull(client, "client");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(StripeAdapter.PROCESSOR_NAME);
    }

    @Override
    public String recordedName() {
        return StripeAdapter.PROCESSOR_NAME;
    }

    @Override
    public Session startCheckout(Checkout checkout) {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(checkout.order(), "order");
        Objects.requireNonNull(checkout.amount(), "amount");
        String order = checkout.order().toString();
        if (checkout.description() == null || checkout.description().isBlank()) {
            throw new IllegalArgumentException("A Stripe checkout needs a product name (the checkout's description)");
        }
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(checkout.amount()
                                        .currency()
                                        .getCurrencyCode()
                                        .toLowerCase(Locale.ROOT))
                                .setUnitAmount(checkout.amount().minorUnits())
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName(checkout.description())
                                        .build())
                                .build())
                        .setQuantity(1L)
                        .build())
                .setClientReferenceId(order)
                .putMetadata(ORDER_KEY, order)
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata(ORDER_KEY, order)
                        .build())
                .setSuccessUrl(returnUrl(checkout.successUrl(), "success URL"))
                .setCancelUrl(returnUrl(checkout.cancelUrl(), "cancel URL"))
                .build();
        com.stripe.model.checkout.Session session;
        try {
            session = client.v1().checkout().sessions().create(params, idempotent(checkout.idempotencyKey()));
        } catch (StripeException e) {
            throw failures.translate("start a checkout for order " + order, e);
        }
        if (session.getId() == null || session.getUrl() == null || session.getExpiresAt() == null) {
            throw new StripeFailures.StripeRefused("Stripe answered the checkout for order " + order
                    + " without an id, a URL or an expiry; nowhere to send the person");
        }
        LOG.log(System.Logger.Level.DEBUG, "Stripe checkout session {0} started for order {1}", session.getId(), order);
        return new Session(session.getUrl(), session.getId(), Instant.ofEpochSecond(session.getExpiresAt()));
    }

    @Override
    public Result<PaymentEvent> decodeWebhook(byte[] body, Map<String, List<String>> headers) {
        return webhooks.decode(body, headers);
    }

    /**
     * Refunds {@code amount} of {@code payment} (a PaymentIntent id). When Stripe says the payment is
     * already refunded — from the dashboard, or by this key after Stripe forgot it (24 h) — the existing
     * refund is the answer: the payment is refunded either way, and a retried job does not fail forever.
     */
    @Override
    public String refund(PaymentRef payment, Money amount, String idempotencyKey) {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(amount, "amount");
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(payment.value())
                .setAmount(amount.minorUnits())
                .build();
        Refund refund;
        try {
            refund = client.v1().refunds().create(params, idempotent(idempotencyKey));
        } catch (StripeException e) {
            if (StripeFailures.ALREADY_REFUNDED.equals(e.getCode())) {
                return existingRefund(payment);
            }
            throw failures.translate("refund payment " + payment, e);
        }
        if (refund.getId() == null) {
            throw new StripeFailures.StripeRefused(
                    "Stripe answered the refund of payment " + payment + " without an id");
        }
        if (!LIVE_REFUND.contains(refund.getStatus())) {
            throw new StripeFailures.StripeRefused(
                    "Stripe did not make refund " + refund.getId() + " of payment " + payment
                            + ": its status is " + refund.getStatus()
                            + Optional.ofNullable(refund.getFailureReason())
                                    .map(r -> " (" + r + ")")
                                    .orElse(""));
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "Stripe refund {0} of payment {1}: {2}",
                refund.getId(),
                payment,
                refund.getStatus());
        return refund.getId();
    }

    private String existingRefund(PaymentRef payment) {
        List<Refund> refunds;
        try {
            refunds = client.v1()
                    .refunds()
                    .list(RefundListParams.builder()
                            .setPaymentIntent(payment.value())
                            .setLimit(100L)
                            .build())
                    .getData();
        } catch (StripeException e) {
            throw failures.translate("look up the refund of already refunded payment " + payment, e);
        }
        Optional<Refund> live = refunds == null
                ? Optional.empty()
                : refunds.stream()
                        .filter(r -> r.getId() != null && LIVE_REFUND.contains(r.getStatus()))
                        .findFirst();
        if (live.isEmpty()) {
            throw new StripeFailures.StripeRefused("Stripe says payment " + payment
                    + " is already refunded but lists no refund of it that succeeded or is pending");
        }
        LOG.log(
                System.Logger.Level.INFO,
                "Payment {0} was already refunded at Stripe; answering its refund {1}",
                payment,
                live.get().getId());
        return live.get().getId();
    }

    private static RequestOptions idempotent(String key) {
        if (key == null || key.isBlank() || !key.strip().equals(key) || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw new IllegalArgumentException("A Stripe idempotency key is 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters without surrounding spaces, got "
                    + (key == null ? "none" : key.length() + " characters"));
        }
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    private static String returnUrl(String url, String what) {
        URI uri;
        try {
            uri = URI.create(Objects.requireNonNull(url, what));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The checkout's " + what + " is not a URL: " + url, e);
        }
        if (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("The checkout's " + what + " must be an absolute http(s) URL: " + url);
        }
        return url;
    }
}
