package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.VendorCheck;
import com.stripe.StripeClient;
import java.net.URI;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Stripe adapter's one public entry: Stripe Checkout for payments, verified webhooks, refunds, and
 * Stripe's entry in the processor registry.
 *
 * <p>Stripe is sent the order id and nothing personal: no customer object, no email, no account id
 * (R37). Everything else Stripe learns, it learns from the person on its own hosted checkout page.
 */
@Implements({Rule.R33, Rule.R37})
public final class StripeAdapter {

    /** The processor-registry name (R33); also the erasure location's name (R27). */
    static final String PROCESSOR_NAME = "stripe";

    /**
     * How many times stripe-java repeats a request that failed on the network, on a 409, on a 5xx or
     * when Stripe answers {@code Stripe-Should-Retry: true} (so at most 3 attempts, backing off from
     * 0.5 s). Safe because every POST carries its own idempotency key. A plain 429 is not repeated here:
     * the job layer retries later.
     */
    static final int NETWORK_RETRIES = 2;

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int READ_TIMEOUT_MILLIS = 30_000;

    private static final Pattern SECRET_KEY = Pattern.compile("(sk|rk)_\\S+");
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_\\S+");

    private StripeAdapter() {}

    /**
     * The payment gateway over Stripe Checkout.
     *
     * @param secretKey     {@code STRIPE_SECRET_KEY}: a secret ({@code sk_…}) or restricted ({@code rk_…}) key
     *                      allowed to create Checkout Sessions and Refunds (and list Refunds); its mode ({@code sk_live_}/
     *                      {@code rk_live_} or test) is the only mode whose webhook events are acted on
     * @param webhookSecret {@code STRIPE_WEBHOOK_SECRET}: the signing secret ({@code whsec_…}) of the webhook
     *                      endpoint that posts to {@code /webhooks/payments}; subscribe it to
     *                      {@code checkout.session.completed}, {@code checkout.session.async_payment_succeeded},
     *                      {@code checkout.session.async_payment_failed}, {@code checkout.session.expired} and
     *                      {@code charge.refunded}
     * @param apiBase       where Stripe's API is; empty means {@code https://api.stripe.com} (tests pass a local stub)
     * @param clock         the time a webhook's signature must be fresh against (300 s tolerance)
     * @throws IllegalArgumentException naming the variable, if a setting is wrong (never echoing a secret)
     */
    public static PaymentGateway gateway(
            String secretKey, String webhookSecret, Optional<URI> apiBase, InstantSource clock) {
        requireShape(
                secretKey,
                SECRET_KEY,
                "STRIPE_SECRET_KEY must be a Stripe secret key (sk_…) or restricted key (rk_…); "
                        + "a publishable key (pk_…) cannot create checkouts");
        requireShape(
                webhookSecret,
                WEBHOOK_SECRET,
                "STRIPE_WEBHOOK_SECRET must be the webhook endpoint's signing secret (whsec_…)");
        Objects.requireNonNull(apiBase, "apiBase");
        Objects.requireNonNull(clock, "clock");
        StripeClient.StripeClientBuilder client = StripeClient.builder()
                .setApiKey(secretKey)
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setReadTimeout(READ_TIMEOUT_MILLIS);
        apiBase.map(StripeAdapter::apiBase).ifPresent(client::setApiBase);
        return new StripeGateway(
                client.build(),
                new StripeWebhooks(webhookSecret, clock.withZone(ZoneOffset.UTC), isLive(secretKey)),
                new StripeFailures(secretKey));
    }

    /**
     * {@code ./kaptura vendors check} for Stripe, in test mode only (a live key is refused before anything is asked): a
     * Checkout Session created and expired at once, the webhook endpoint posting to {@code webhookUrl} with the events
     * Kaptura acts on, and that address answering. Nothing is charged; a session that could not be expired is reported
     * as left behind (Stripe expires it within 24 hours).
     *
     * @param webhookUrl {@code <KAPTURA_BASE_URL>/webhooks/payments}
     */
    public static VendorCheck check(String secretKey, Optional<URI> apiBase, URI webhookUrl) {
        requireShape(
                secretKey, SECRET_KEY, "STRIPE_SECRET_KEY must be a Stripe secret key (sk_…) or restricted key (rk_…)");
        StripeClient.StripeClientBuilder client = StripeClient.builder()
                .setApiKey(secretKey)
                .setMaxNetworkRetries(NETWORK_RETRIES)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setReadTimeout(READ_TIMEOUT_MILLIS);
        Objects.requireNonNull(apiBase, "apiBase").map(StripeAdapter::apiBase).ifPresent(client::setApiBase);
        return new StripeCheck(client.build(), secretKey, Objects.requireNonNull(webhookUrl, "webhook URL")).run();
    }

    /**
     * Stripe's processor-registry entry (R33) for a merchant in the EEA, whose contracting party is
     * Stripe Payments Europe, Ltd. (Dublin, Ireland): the personal data Kaptura causes Stripe to hold
     * are the order reference and the payment records of the person's orders, for taking payment and
     * refunding it. The transfer basis is the operator's to state ({@code STRIPE_TRANSFER}): from an EEA merchant to
     * Stripe it stays inside the EEA, and Stripe's own onward transfers are covered by its DPA's transfers addendum.
     *
     * @param dpaReference {@code STRIPE_DPA_REFERENCE}: where the signed DPA is filed; empty leaves the entry
     *                     incomplete ({@link Processor#missing()}), so startup refuses Stripe until it is given
     * @param transfer     {@code STRIPE_TRANSFER}; empty leaves the entry incomplete likewise
     */
    public static Processor processor(String dpaReference, Optional<TransferMechanism> transfer) {
        return new Processor(
                PROCESSOR_NAME,
                "Stripe Payments Europe, Ltd.",
                "Taking payment for an order and refunding it",
                EnumSet.of(DataCategory.ORDER, DataCategory.PAYMENT_RECORD),
                "IE",
                Objects.requireNonNull(transfer, "transfer"),
                dpaReference == null ? "" : dpaReference.strip());
    }

    /**
     * What Stripe's adapter does for rectification (R26) and erasure (R27): Kaptura never sent Stripe an
     * address to correct, and Stripe's payment records are kept under a legal obligation (R16).
     */
    public static ProcessorObligations obligations() {
        return new StripeObligations();
    }

    /**
     * Whether the key works on Stripe's live mode ({@code sk_live_…}, {@code rk_live_…}); every other key is a
     * test-mode key. A webhook event of the other mode is never acted on (see {@link StripeWebhooks}).
     */
    static boolean isLive(String secretKey) {
        return secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
    }

    private static void requireShape(String value, Pattern shape, String message) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String apiBase(URI uri) {
        if (!uri.isAbsolute()
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "The Stripe API base must be an absolute http(s) URL without query or fragment: " + uri);
        }
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
