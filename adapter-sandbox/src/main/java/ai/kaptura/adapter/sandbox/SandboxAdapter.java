package ai.kaptura.adapter.sandbox;

import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.SandboxRecords;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The sandbox adapter's one public entry: offline stand-ins for the paid vendors, the embedded default,
 * so the whole flow runs with no account and no network. Neither is a processor (their
 * {@code processorName()} is empty): nothing they receive leaves the machine.
 *
 * <ul>
 *   <li>{@link #generator} stands in for the AI vendor. <strong>It is not AI:</strong> it waits, then draws
 *       "headshots" from the selfies with Java2D (a portrait crop on a studio backdrop, a colour grade per
 *       style). Its callbacks take Astria's path ({@code POST {base}/webhooks/generator/{token}}).</li>
 *   <li>{@link #payments} stands in for Stripe Checkout; the same object is the sandbox checkout page
 *       ({@link LocalCheckout}, see {@link #checkoutPage}), whose "pay" posts a signed event to
 *       {@code POST {base}/webhooks/payments}: only that event, decoded by the gateway, pays an order.</li>
 * </ul>
 *
 * <p>Both objects returned also implement {@link AutoCloseable}; closing stops their threads (all daemons,
 * so an unclosed one never keeps the JVM alive). Wire it as
 * {@code if (generator instanceof AutoCloseable c) c.close()} at shutdown.
 *
 * <p>Signatures: both sign {@code t=<unix>,v1=<hex HMAC-SHA256>} in the header {@code Kaptura-Sandbox-Signature}
 * with five minutes' tolerance. The payment events are signed with the secret itself over {@code t + "." + body}
 * (Stripe's scheme); the generator derives its own keys from its secret (token, body signature, and the
 * encryption of the files it keeps), so one secret may serve both. Give every node the same secret, and keep it
 * stable across restarts, or the generator's kept models no longer open.
 *
 * <p>Both keep their state in the shared {@link SandboxRecords} (the database every node uses), never in a node:
 * they behave as one vendor shared by every node, which is what a real vendor is.
 */
public final class SandboxAdapter {

    /** The default of {@code KAPTURA_SANDBOX_DELAY}: how long a sandbox training, and each generation, takes. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

    private static final Duration MAX_DELAY = Duration.ofDays(1);
    private static final int MIN_SECRET_BYTES = 16;

    private SandboxAdapter() {}

    /**
     * The stand-in for the AI vendor (also {@link AutoCloseable}).
     *
     * @param publicBaseUrl {@code KAPTURA_BASE_URL}: callbacks go to {@code {base}/webhooks/generator/{token}}
     * @param signingSecret at least 16 bytes; signs the callback tokens and bodies and seals the files kept
     * @param trainingDelay {@code KAPTURA_SANDBOX_DELAY} (default {@link #DEFAULT_DELAY}, at most a day): training
     *                      finishes this long after it is submitted, and each generation request this long after
     *                      it is asked of a trained model
     * @param clock         the time of events and signatures
     * @param records       where it keeps its models, its sealed copies of the selfies and the images it drew: the
     *                      shared database, so that every node (and a restarted one) is the same vendor; models found
     *                      there are resumed
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static HeadshotGenerator generator(
            URI publicBaseUrl,
            byte[] signingSecret,
            Duration trainingDelay,
            InstantSource clock,
            SandboxRecords records) {
        Objects.requireNonNull(trainingDelay, "KAPTURA_SANDBOX_DELAY");
        if (trainingDelay.isNegative() || trainingDelay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(
                    "KAPTURA_SANDBOX_DELAY must be between 0 seconds and one day, not " + trainingDelay);
        }
        return new SandboxGenerator(
                base(publicBaseUrl),
                secret(signingSecret),
                trainingDelay,
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(records, "sandbox records"));
    }

    /**
     * The stand-in for the payment processor; the object answered is also the sandbox's {@link LocalCheckout}
     * (see {@link #checkoutPage}) and {@link AutoCloseable}. It keeps its books (checkouts, the events built for them,
     * refunds) in {@code records}, the shared database, as a processor keeps them: a checkout opened through one node
     * is paid through any other, and a restart forgets no checkout, payment or refund.
     *
     * @param publicBaseUrl {@code KAPTURA_BASE_URL}: checkouts are at {@code {base}/sandbox/checkout/{reference}}, and
     *                      events go to {@code {base}/webhooks/payments}
     * @param signingSecret at least 16 bytes; signs and verifies the payment events
     * @param clock         the time of checkouts and signatures
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static PaymentGateway payments(
            URI publicBaseUrl, byte[] signingSecret, InstantSource clock, SandboxRecords records) {
        return new SandboxPayments(
                base(publicBaseUrl),
                secret(signingSecret),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(records, "sandbox records"));
    }

    /**
     * The checkout page of a gateway made by {@link #payments}, for the HTTP adapter's {@code /sandbox/...} pages.
     *
     * @throws IllegalArgumentException if {@code sandboxPayments} is not the sandbox's
     */
    public static LocalCheckout checkoutPage(PaymentGateway sandboxPayments) {
        if (sandboxPayments instanceof SandboxPayments sandbox) {
            return sandbox;
        }
        throw new IllegalArgumentException("Only the sandbox's payments have a local checkout page, not "
                + (sandboxPayments == null ? "null" : sandboxPayments.getClass().getSimpleName()));
    }

    private static String base(URI url) {
        if (url == null) {
            throw new IllegalArgumentException(
                    "KAPTURA_BASE_URL is needed by the sandbox (the address its events are posted to)");
        }
        if (!url.isAbsolute()
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "KAPTURA_BASE_URL must be an absolute http(s) address without credentials, query or fragment, not "
                            + url.getScheme() + "://" + url.getHost() + "…");
        }
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    private static byte[] secret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "The sandbox's signing secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        return secret.clone();
    }
}
