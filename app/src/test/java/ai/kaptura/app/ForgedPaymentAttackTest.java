package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attack: a "paid" event that is correctly signed — the attacker is assumed to hold a valid signature (the
 * sandbox's callback secret, or Stripe's endpoint secret) — names a real order that awaits payment, but was not
 * made on that order's checkout, or not for the amount it asked, or (Stripe) comes from the other mode than the
 * node's key. The real app runs in-process on the embedded defaults, a person signs in, orders, uploads eight
 * selfies and checks out through real HTTP; the forged events go to {@code POST /webhooks/payments}. None of them
 * pays the order; the genuine payment that follows does.
 */
@Tag("attack")
class ForgedPaymentAttackTest {

    private static final String EMAIL = "mallory.payer@example.org";
    private static final String STRIPE_WEBHOOK_SECRET = "whsec_attackTestEndpointSecret0123456789";
    private static final List<String> PAID_OR_LATER = List.of("paid", "training", "generating", "delivered");
    /** A slow sandbox generator (30 s a step): once paid, the order goes no further than training while the test looks. */
    private static final String SANDBOX_DELAY = "30";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void
            with_the_sandbox_a_signed_payment_on_a_foreign_checkout_or_for_another_amount_never_pays_the_order_the_genuine_one_does()
                    throws Exception {
        AttackTarget target = targets.start(Map.of("KAPTURA_SANDBOX_DELAY", SANDBOX_DELAY));
        Visitor payer = target.browser().signIn(EMAIL);
        String order = payer.order();
        payer.uploadSelfies(order, 8);
        URI checkoutUrl = payer.checkOut(order);
        String session = checkoutUrl.getPath().substring(checkoutUrl.getPath().lastIndexOf('/') + 1);
        assertThat(session).startsWith("cs_sbx_");
        JsonNode price = payer.orderDetails(order).get("price");
        byte[] secret = Base64.getDecoder()
                .decode(Files.readString(target.dataDir.resolve("callback.key")).strip());
        long amount = price.get("minorUnits").asLong();
        String currency = price.get("currency").asText();

        HttpResponse<String> foreign = postSandboxPaid(
                target,
                secret,
                "evt_sbx_forged_foreign",
                "cs_sbx_" + "0f".repeat(16),
                order,
                amount,
                currency,
                "pi_sbx_forged_1");
        assertAnsweredButUnpaid(foreign, payer, order, "a payment on a checkout that is not the order's");

        HttpResponse<String> cheap =
                postSandboxPaid(target, secret, "evt_sbx_forged_cheap", session, order, 1, currency, "pi_sbx_forged_2");
        assertAnsweredButUnpaid(cheap, payer, order, "a payment of one cent on the order's own checkout");

        HttpResponse<String> otherCurrency = postSandboxPaid(
                target, secret, "evt_sbx_forged_currency", session, order, amount, "JPY", "pi_sbx_forged_3");
        assertAnsweredButUnpaid(otherCurrency, payer, order, "the price's number in yen on the order's own checkout");

        payer.payOnSandbox(checkoutUrl);
        assertThat(payer.awaitStatus(order, PAID_OR_LATER, Duration.ofSeconds(30))
                        .path("status")
                        .asText())
                .as("the genuine sandbox payment")
                .isIn(PAID_OR_LATER);
        assertThat(notMatched(target, order))
                .containsExactlyInAnyOrder("unknown-checkout", "amount-differs", "currency-differs");
    }

    @Test
    void
            with_stripe_a_signed_checkout_completed_on_a_foreign_session_for_another_amount_or_of_live_mode_never_pays_the_order()
                    throws Exception {
        StripeApi stripe = targets.closeAfter(new StripeApi());
        AttackTarget target = targets.start(Map.of(
                "KAPTURA_SANDBOX_DELAY",
                SANDBOX_DELAY,
                "KAPTURA_PAYMENTS",
                "stripe",
                "STRIPE_SECRET_KEY",
                "sk_test_51KapturaAttackTestKey0000",
                "STRIPE_WEBHOOK_SECRET",
                STRIPE_WEBHOOK_SECRET,
                "STRIPE_DPA_REFERENCE",
                "DPA 2026-11 filed with legal",
                "STRIPE_TRANSFER",
                "NONE_NEEDED_WITHIN_EEA",
                "STRIPE_API_BASE",
                stripe.base().toString()));
        Visitor payer = target.browser().signIn(EMAIL);
        String order = payer.order();
        payer.uploadSelfies(order, 8);
        URI checkoutUrl = payer.checkOut(order);
        JsonNode session = stripe.sessionFor(order);
        assertThat(checkoutUrl.toString()).isEqualTo(session.get("url").asText());
        String sessionId = session.get("id").asText();
        long asked = session.get("amount_total").asLong();
        String currency = session.get("currency").asText();

        HttpResponse<String> foreign = postStripe(
                target,
                stripeCompleted(
                        "evt_1ForgedForeign",
                        "cs_test_a1NotThisOrdersSession",
                        order,
                        asked,
                        currency,
                        "pi_3ForgedForeign0000000001",
                        false));
        assertAnsweredButUnpaid(foreign, payer, order, "a paid session that is not the order's");

        HttpResponse<String> cheap = postStripe(
                target,
                stripeCompleted(
                        "evt_1ForgedCheap", sessionId, order, 100, currency, "pi_3ForgedCheap00000000001", false));
        assertAnsweredButUnpaid(cheap, payer, order, "the order's session, paid with another amount");

        HttpResponse<String> live = postStripe(
                target,
                stripeCompleted(
                        "evt_1ForgedLive", sessionId, order, asked, currency, "pi_3ForgedLive000000000001", true));
        assertThat(live.statusCode())
                .as("an event of live mode at a test-mode node is refused, so Stripe keeps it")
                .isEqualTo(400);
        assertThat(payer.status(order)).isEqualTo("awaiting_payment");

        HttpResponse<String> genuine = postStripe(
                target,
                stripeCompleted(
                        "evt_1Genuine", sessionId, order, asked, currency, "pi_3Genuine000000000000001", false));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(payer.awaitStatus(order, PAID_OR_LATER, Duration.ofSeconds(30))
                        .path("status")
                        .asText())
                .isIn(PAID_OR_LATER);

        assertThat(notMatched(target, order)).containsExactlyInAnyOrder("unknown-checkout", "amount-differs");
        Map<String, String> refund = stripe.awaitRefund(Duration.ofSeconds(60));
        assertThat(refund)
                .as("the money paid on the order's session with another amount goes back, as paid")
                .containsEntry("payment_intent", "pi_3ForgedCheap00000000001")
                .containsEntry("amount", "100");
        assertThat(stripe.refunds())
                .as("nothing else is refunded: the foreign payment is left to reconcile")
                .hasSize(1);
    }

    /** The reasons of the audit log's PAYMENT_NOT_MATCHED entries about {@code order}, read through the auditor API. */
    private static List<String> notMatched(AttackTarget target, String order) {
        HttpResponse<String> events = target.auditLog();
        assertThat(events.body()).doesNotContain(EMAIL);
        List<String> reasons = new ArrayList<>();
        for (JsonNode entry : Visitor.tree(events).get("entries")) {
            if (entry.get("action").asText().equals("payment_not_matched")
                    && entry.get("subject").get("id").asText().equals(order)) {
                reasons.add(entry.get("details").get("why").asText());
            }
        }
        return reasons;
    }

    // ---- the attacker's events --------------------------------------------------------------------

    /** A sandbox {@code checkout.session.completed}, in the shape the sandbox itself posts. */
    private static String sandboxPaid(
            String eventId, String session, String order, long amount, String currency, String payment) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", eventId)
                .put("object", "event")
                .put("type", "checkout.session.completed")
                .put("created", Instant.now().getEpochSecond())
                .put("livemode", false);
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", session)
                .put("object", "checkout.session")
                .put("client_reference_id", order)
                .put("payment_status", "paid")
                .put("status", "complete")
                .put("payment_intent", payment)
                .put("amount_total", amount)
                .put("currency", currency.toLowerCase(Locale.ROOT));
        object.putObject("metadata").put("order", order);
        return event.toString();
    }

    /** The sandbox's scheme, signed now with the callback secret from the data directory. */
    /** Posts a sandbox payment event signed with the target's own callback key, as only the sandbox could. */
    private static HttpResponse<String> postSandboxPaid(
            AttackTarget target,
            byte[] secret,
            String eventId,
            String session,
            String order,
            long amount,
            String currency,
            String payment) {
        return postWebhook(
                target, sandboxPaid(eventId, session, order, amount, currency, payment), sandboxSigned(secret));
    }

    private static Signer sandboxSigned(byte[] secret) {
        return body -> Map.of("Kaptura-Sandbox-Signature", signature(secret, body));
    }

    /** A Stripe {@code checkout.session.completed} event, paid, as Stripe's API reference shapes it. */
    private static String stripeCompleted(
            String eventId,
            String session,
            String order,
            long amount,
            String currency,
            String payment,
            boolean livemode) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", eventId)
                .put("object", "event")
                .put("api_version", "2024-06-20")
                .put("created", Instant.now().getEpochSecond())
                .put("livemode", livemode)
                .put("pending_webhooks", 1)
                .put("type", "checkout.session.completed");
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", session)
                .put("object", "checkout.session")
                .put("amount_subtotal", amount)
                .put("amount_total", amount)
                .put("client_reference_id", order)
                .put("currency", currency)
                .put("livemode", livemode)
                .put("mode", "payment")
                .put("payment_intent", payment)
                .put("payment_status", "paid")
                .put("status", "complete");
        object.putObject("metadata").put("order", order);
        return event.toString();
    }

    private static HttpResponse<String> postStripe(AttackTarget target, String payload) {
        return postWebhook(
                target,
                payload,
                body -> Map.of(
                        "Stripe-Signature", signature(STRIPE_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), body)));
    }

    private interface Signer {
        Map<String, String> headers(byte[] body);
    }

    /** The event, as the attacker posts it: from a script, with no session, and the headers {@code signer} makes. */
    private static HttpResponse<String> postWebhook(AttackTarget target, String payload, Signer signer) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        Visitor attacker = target.apiClient();
        HttpRequest.Builder request = attacker.request(
                        "POST", "/webhooks/payments", HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json; charset=utf-8");
        signer.headers(body).forEach(request::header);
        return attacker.send(request.build());
    }

    /** {@code t=<unix>,v1=<hex HMAC-SHA256(key, t + "." + body)>}: Stripe's scheme, which the sandbox follows too. */
    private static String signature(byte[] key, byte[] body) {
        long t = Instant.now().getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Stripe's API, as far as a checkout and a refund need it ----------------------------------------

    /**
     * A local stand-in for Stripe's API over real HTTP: {@code POST /v1/checkout/sessions} answers a session in the
     * shape of Stripe's API reference (its amount and currency from the form), {@code POST /v1/refunds} answers a
     * succeeded refund and keeps what was asked. Anything else is a 404.
     */
    private static final class StripeApi implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger ids = new AtomicInteger();
        private final List<JsonNode> sessions = new CopyOnWriteArrayList<>();
        private final List<Map<String, String>> refunds = new CopyOnWriteArrayList<>();
        private final ObjectMapper json = new ObjectMapper();

        StripeApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/", this::handle);
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        JsonNode sessionFor(String order) {
            return sessions.stream()
                    .filter(s -> s.get("client_reference_id").asText().equals(order))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no checkout session was created for order " + order));
        }

        List<Map<String, String>> refunds() {
            return List.copyOf(refunds);
        }

        Map<String, String> awaitRefund(Duration within) throws InterruptedException {
            Instant deadline = Instant.now().plus(within);
            while (refunds.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(refunds)
                    .as("a refund was asked of Stripe within %s", within)
                    .isNotEmpty();
            return refunds.getFirst();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Map<String, String> form =
                        form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String path = exchange.getRequestURI().getPath();
                ObjectNode answer = json.createObjectNode();
                int status = 200;
                if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/checkout/sessions")) {
                    String id = "cs_test_a1AttackStub" + ids.incrementAndGet();
                    answer.put("id", id)
                            .put("object", "checkout.session")
                            .put("amount_total", Long.parseLong(form.get("line_items[0][price_data][unit_amount]")))
                            .put("currency", form.get("line_items[0][price_data][currency]"))
                            .put("client_reference_id", form.get("client_reference_id"))
                            .put(
                                    "expires_at",
                                    Instant.now().plus(Duration.ofHours(24)).getEpochSecond())
                            .put("livemode", false)
                            .put("mode", "payment")
                            .put("payment_status", "unpaid")
                            .put("status", "open")
                            .put("url", "https://checkout.stripe.com/c/pay/" + id);
                    sessions.add(answer);
                } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/refunds")) {
                    refunds.add(form);
                    answer.put("id", "re_3AttackStub" + ids.incrementAndGet())
                            .put("object", "refund")
                            .put("amount", Long.parseLong(form.get("amount")))
                            .put("payment_intent", form.get("payment_intent"))
                            .put("status", "succeeded");
                } else {
                    status = 404;
                    answer.putObject("error")
                            .put("type", "invalid_request_error")
                            .put("message", "Unrecognized request URL");
                }
                byte[] body = json.writeValueAsBytes(answer);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        }

        private static Map<String, String> form(String body) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : body.isEmpty() ? new String[0] : body.split("&")) {
                String[] kv = pair.split("=", 2);
                fields.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return fields;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The event was answered 200, so the processor does not send it again, and the order still waits for payment. */
    private static void assertAnsweredButUnpaid(HttpResponse<String> answer, Visitor payer, String order, String what) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(payer.status(order)).as(what).isEqualTo("awaiting_payment");
    }
}
