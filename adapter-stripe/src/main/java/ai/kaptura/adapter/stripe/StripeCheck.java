package ai.kaptura.adapter.stripe;

import ai.kaptura.ports.out.VendorCheck;
import ai.kaptura.ports.out.VendorCheck.Step;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.RequestOptions;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One small pass through Stripe with the configured key, in test mode only (nothing is charged and nothing is real;
 * a live key is refused before anything is asked): a Checkout Session created and expired at once
 * ({@code POST /v1/checkout/sessions/{id}/expire}: "A Checkout Session can be expired if its status is open", Stripe API
 * reference), the webhook endpoint Stripe should post to found among the account's endpoints
 * ({@code GET /v1/webhook_endpoints}) with the events Kaptura acts on, and that address answering from here. An open
 * session that could not be expired is left behind; Stripe expires it by itself 24 hours after it was made.
 */
final class StripeCheck {

    /** The events Kaptura's webhook acts on; the endpoint must send each (or every event, {@code *}). */
    static final List<String> EVENTS = List.of(
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "checkout.session.async_payment_failed",
            "checkout.session.expired",
            "charge.refunded");

    private final StripeClient client;
    private final String secretKey;
    private final URI webhookUrl;
    private final StripeFailures failures;

    StripeCheck(StripeClient client, String secretKey, URI webhookUrl) {
        this.client = client;
        this.secretKey = secretKey;
        this.webhookUrl = webhookUrl;
        this.failures = new StripeFailures(secretKey);
    }

    VendorCheck run() {
        List<Step> steps = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (!(secretKey.startsWith("sk_test_") || secretKey.startsWith("rk_test_"))) {
            steps.add(
                    Step.failed(
                            "test mode",
                            "STRIPE_SECRET_KEY is a live key: the check runs in test mode only, where nothing is"
                                    + " charged; run it with the account's test key (sk_test_… or rk_test_…) in STRIPE_SECRET_KEY"));
            return new VendorCheck(StripeAdapter.PROCESSOR_NAME, steps, left);
        }
        steps.add(Step.worked("test mode", "the key is a test-mode key: nothing is charged"));
        Optional<String> session = Optional.empty();
        try {
            SessionCreateParams params = SessionCreateParams.builder()
                    .setMode(SessionCreateParams.Mode.PAYMENT)
                    .addLineItem(SessionCreateParams.LineItem.builder()
                            .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                    .setCurrency("eur")
                                    .setUnitAmount(100L)
                                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                            .setName("Kaptura vendors check")
                                            .build())
                                    .build())
                            .setQuantity(1L)
                            .build())
                    .setSuccessUrl(webhookUrl.resolve("/").toString())
                    .setCancelUrl(webhookUrl.resolve("/").toString())
                    .build();
            String key = "kaptura-check-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
            session = Optional.of(client.v1()
                    .checkout()
                    .sessions()
                    .create(
                            params,
                            RequestOptions.builder().setIdempotencyKey(key).build())
                    .getId());
            steps.add(Step.worked("create a Checkout Session", "session " + session.get() + " (1.00 EUR, test mode)"));
        } catch (StripeException | RuntimeException e) {
            steps.add(Step.failed("create a Checkout Session", said(e)));
        }
        if (session.isPresent()) {
            try {
                String status =
                        client.v1().checkout().sessions().expire(session.get()).getStatus();
                if ("expired".equals(status)) {
                    steps.add(Step.worked(
                            "expire it", "session " + session.get() + " is expired: nothing can be paid on it"));
                } else {
                    steps.add(Step.failed("expire it", "Stripe answered status " + status));
                    left.add("Checkout Session " + session.get()
                            + " (open; Stripe expires it by itself 24 hours after it was made)");
                }
            } catch (StripeException | RuntimeException e) {
                steps.add(Step.failed("expire it", said(e)));
                left.add("Checkout Session " + session.get()
                        + " (open; Stripe expires it by itself 24 hours after it was made)");
            }
        }
        steps.add(endpointConfigured());
        steps.add(endpointReachable());
        return new VendorCheck(StripeAdapter.PROCESSOR_NAME, steps, left);
    }

    private Step endpointConfigured() {
        String what = "a webhook endpoint posts to " + webhookUrl + " with the events Kaptura acts on";
        try {
            List<WebhookEndpoint> endpoints = client.v1()
                    .webhookEndpoints()
                    .list(WebhookEndpointListParams.builder().setLimit(100L).build())
                    .getData();
            Optional<WebhookEndpoint> ours = endpoints.stream()
                    .filter(e -> webhookUrl.toString().equals(e.getUrl()))
                    .findFirst();
            if (ours.isEmpty()) {
                return Step.failed(
                        what,
                        "none of the account's " + endpoints.size() + " test-mode endpoints posts there: add one in"
                                + " Stripe's dashboard (Developers, Webhooks)");
            }
            if (!"enabled".equals(ours.get().getStatus())) {
                return Step.failed(
                        what,
                        "endpoint " + ours.get().getId() + " is " + ours.get().getStatus());
            }
            List<String> events = ours.get().getEnabledEvents() == null
                    ? List.of()
                    : ours.get().getEnabledEvents();
            List<String> missing = events.contains("*")
                    ? List.of()
                    : EVENTS.stream().filter(e -> !events.contains(e)).toList();
            return missing.isEmpty()
                    ? Step.worked(what, "endpoint " + ours.get().getId() + ", enabled")
                    : Step.failed(
                            what, "endpoint " + ours.get().getId() + " does not send " + String.join(", ", missing));
        } catch (StripeException | RuntimeException e) {
            return Step.failed(what, said(e));
        }
    }

    /** Kaptura answers an unsigned post with 400: any answer shows the address is reached; none shows it is not. */
    private Step endpointReachable() {
        String what = webhookUrl + " answers";
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(
                            HttpRequest.newBuilder(webhookUrl)
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .header("User-Agent", "Kaptura/0.1.0 (vendors check)")
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 400 || answer.statusCode() == 401
                    ? Step.worked(
                            what, "an unsigned test post was refused with " + answer.statusCode() + ", as it must be")
                    : Step.failed(
                            what,
                            "an unsigned test post got " + answer.statusCode()
                                    + " (Kaptura answers 400): is it Kaptura there?");
        } catch (IOException | IllegalArgumentException e) {
            return Step.failed(
                    what,
                    "not reached from here (" + e.getClass().getSimpleName() + "): Stripe must reach it from the"
                            + " internet");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Step.failed(what, "interrupted");
        }
    }

    private String said(Exception e) {
        return e instanceof StripeException stripe
                ? failures.translate("check", stripe).getMessage()
                : e.getClass().getSimpleName();
    }
}
