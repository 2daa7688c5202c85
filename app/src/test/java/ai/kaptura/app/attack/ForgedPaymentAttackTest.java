package ai.kaptura.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.InProcessNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final String AUDITOR = "auditor-token-for-the-payment-attack-test";
    private static final String STRIPE_WEBHOOK_SECRET = "whsec_attackTestEndpointSecret0123456789";
    private static final List<String> PAID_OR_LATER = List.of("paid", "training", "generating", "delivered");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private URI base;
    private String csrf;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void with_the_sandbox_a_signed_payment_on_a_foreign_checkout_or_for_another_amount_never_pays_the_order_the_genuine_one_does()
            throws Exception {
        start(Map.of());
        String order = orderWithEightSelfies();
        URI checkoutUrl = checkOut(order);
        String session = checkoutUrl.getPath().substring(checkoutUrl.getPath().lastIndexOf('/') + 1);
        assertThat(session).startsWith("cs_sbx_");
        JsonNode price = price(order);
        byte[] secret = Base64.getDecoder().decode(Files.readString(dataDir.resolve("callback.key")).strip());

        HttpResponse<String> foreign = postWebhook(sandboxPaid("evt_sbx_forged_foreign", "cs_sbx_" + "0f".repeat(16), order,
                price.get("minorUnits").asLong(), price.get("currency").asText(), "pi_sbx_forged_1"), sandboxSigned(secret));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(200);
        assertThat(status(order)).as("a payment on a checkout that is not the order's").isEqualTo("awaiting_payment");

        HttpResponse<String> cheap = postWebhook(sandboxPaid("evt_sbx_forged_cheap", session, order, 1,
                price.get("currency").asText(), "pi_sbx_forged_2"), sandboxSigned(secret));
        assertThat(cheap.statusCode()).as(cheap.body()).isEqualTo(200);
        assertThat(status(order)).as("a payment of one cent on the order's own checkout").isEqualTo("awaiting_payment");

        HttpResponse<String> otherCurrency = postWebhook(sandboxPaid("evt_sbx_forged_currency", session, order,
                price.get("minorUnits").asLong(), "JPY", "pi_sbx_forged_3"), sandboxSigned(secret));
        assertThat(otherCurrency.statusCode()).as(otherCurrency.body()).isEqualTo(200);
        assertThat(status(order)).as("the price's number in yen on the order's own checkout").isEqualTo("awaiting_payment");

        payOnSandbox(checkoutUrl);
        assertThat(awaitStatus(order, PAID_OR_LATER)).as("the genuine sandbox payment").isIn(PAID_OR_LATER);
        assertThat(notMatched(order)).containsExactlyInAnyOrder("unknown-checkout", "amount-differs", "currency-differs");
    }

    @Test
    void with_stripe_a_signed_checkout_completed_on_a_foreign_session_for_another_amount_or_of_live_mode_never_pays_the_order()
            throws Exception {
        StripeApi stripe = new StripeApi();
        opened.add(stripe);
        start(Map.of("KAPTURA_PAYMENTS", "stripe", "STRIPE_SECRET_KEY", "sk_test_51KapturaAttackTestKey0000",
                "STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET, "STRIPE_DPA_REFERENCE", "DPA 2026-11 filed with legal",
                "STRIPE_API_BASE", stripe.base().toString()));
        String order = orderWithEightSelfies();
        URI checkoutUrl = checkOut(order);
        JsonNode session = stripe.sessionFor(order);
        assertThat(checkoutUrl.toString()).isEqualTo(session.get("url").asText());
        String sessionId = session.get("id").asText();
        long asked = session.get("amount_total").asLong();
        String currency = session.get("currency").asText();

        HttpResponse<String> foreign = postStripe(stripeCompleted("evt_1ForgedForeign", "cs_test_a1NotThisOrdersSession", order, asked,
                currency, "pi_3ForgedForeign0000000001", false));
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(200);
        assertThat(status(order)).as("a paid session that is not the order's").isEqualTo("awaiting_payment");

        HttpResponse<String> cheap = postStripe(stripeCompleted("evt_1ForgedCheap", sessionId, order, 100, currency,
                "pi_3ForgedCheap00000000001", false));
        assertThat(cheap.statusCode()).as(cheap.body()).isEqualTo(200);
        assertThat(status(order)).as("the order's session, paid with another amount").isEqualTo("awaiting_payment");

        HttpResponse<String> live = postStripe(stripeCompleted("evt_1ForgedLive", sessionId, order, asked, currency,
                "pi_3ForgedLive000000000001", true));
        assertThat(live.statusCode()).as("an event of live mode at a test-mode node is refused, so Stripe keeps it").isEqualTo(400);
        assertThat(status(order)).isEqualTo("awaiting_payment");

        HttpResponse<String> genuine = postStripe(stripeCompleted("evt_1Genuine", sessionId, order, asked, currency,
                "pi_3Genuine000000000000001", false));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
        assertThat(awaitStatus(order, PAID_OR_LATER)).isIn(PAID_OR_LATER);

        assertThat(notMatched(order)).containsExactlyInAnyOrder("unknown-checkout", "amount-differs");
        Map<String, String> refund = stripe.awaitRefund(Duration.ofSeconds(60));
        assertThat(refund).as("the money paid on the order's session with another amount goes back, as paid")
                .containsEntry("payment_intent", "pi_3ForgedCheap00000000001").containsEntry("amount", "100");
        assertThat(stripe.refunds()).as("nothing else is refunded: the foreign payment is left to reconcile").hasSize(1);
    }

    // ---- the person's steps -----------------------------------------------------------------------

    private void start(Map<String, String> extra) throws IOException {
        int port = freePort();
        base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>(extra);
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_SANDBOX_DELAY", "30");
        env.put("KAPTURA_AUDITOR_TOKENS", AUDITOR);
        opened.add(InProcessNode.start(env));
    }

    /** Signs in with the code from the outbox, orders, uploads eight selfies; answers the order's id. */
    private String orderWithEightSelfies() throws Exception {
        assertThat(post("/api/auth/start", Map.of("email", EMAIL)).statusCode()).isEqualTo(202);
        HttpResponse<String> verified = post("/api/auth/verify", Map.of("email", EMAIL, "code", codeFromOutbox()));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        csrf = json.readTree(verified.body()).get("csrfToken").asText();

        HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String order = json.readTree(created.body()).get("id").asText();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> uploaded = upload("/api/orders/" + order + "/selfies", "selfie-" + i + ".jpg", jpeg(i));
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        }
        return order;
    }

    /** Both consents and the 18+ attestation on the notice version in force: the order awaits payment. */
    private URI checkOut(String order) throws Exception {
        String noticeVersion = json.readTree(get("/api/privacy/policy").body()).get("version").asText();
        HttpResponse<String> checkout = post("/api/orders/" + order + "/checkout", Map.of(
                "consents", Map.of("biometricProcessing", true, "vendorDisclosure", true), "noticeVersion", noticeVersion, "adult", true));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        assertThat(status(order)).isEqualTo("awaiting_payment");
        return URI.create(json.readTree(checkout.body()).get("checkoutUrl").asText());
    }

    /** "Pay (sandbox)" on the sandbox's page: the sandbox posts its own signed event to the webhook. */
    private void payOnSandbox(URI checkoutUrl) throws Exception {
        assertThat(get(checkoutUrl.getPath()).statusCode()).isEqualTo(200);
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(base.resolve(checkoutUrl.getPath() + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isBetween(300, 399);
    }

    private JsonNode price(String order) throws Exception {
        return json.readTree(get("/api/orders/" + order).body()).get("price");
    }

    private String status(String order) throws Exception {
        return json.readTree(get("/api/orders/" + order).body()).get("status").asText();
    }

    private String awaitStatus(String order, List<String> wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        String last = status(order);
        while (!wanted.contains(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            last = status(order);
        }
        return last;
    }

    /** The reasons of the audit log's PAYMENT_NOT_MATCHED entries about {@code order}, read through the auditor API. */
    private List<String> notMatched(String order) throws Exception {
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(base.resolve("/api/audit/events?limit=1000"))
                .header("Authorization", "Bearer " + AUDITOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        assertThat(events.body()).doesNotContain(EMAIL);
        List<String> reasons = new ArrayList<>();
        for (JsonNode entry : json.readTree(events.body()).get("entries")) {
            if (entry.get("action").asText().equals("payment_not_matched") && entry.get("subject").get("id").asText().equals(order)) {
                reasons.add(entry.get("details").get("why").asText());
            }
        }
        return reasons;
    }

    // ---- the attacker's events --------------------------------------------------------------------

    /** A sandbox {@code checkout.session.completed}, in the shape the sandbox itself posts. */
    private String sandboxPaid(String eventId, String session, String order, long amount, String currency, String payment) {
        ObjectNode event = json.createObjectNode();
        event.put("id", eventId).put("object", "event").put("type", "checkout.session.completed")
                .put("created", Instant.now().getEpochSecond()).put("livemode", false);
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", session).put("object", "checkout.session").put("client_reference_id", order)
                .put("payment_status", "paid").put("status", "complete").put("payment_intent", payment)
                .put("amount_total", amount).put("currency", currency.toLowerCase(Locale.ROOT));
        object.putObject("metadata").put("order", order);
        return event.toString();
    }

    /** The sandbox's scheme, signed now with the callback secret from the data directory. */
    private static Signer sandboxSigned(byte[] secret) {
        return body -> Map.of("Kaptura-Sandbox-Signature", signature(secret, body));
    }

    /** A Stripe {@code checkout.session.completed} event, paid, as Stripe's API reference shapes it. */
    private String stripeCompleted(String eventId, String session, String order, long amount, String currency, String payment,
                                   boolean livemode) {
        ObjectNode event = json.createObjectNode();
        event.put("id", eventId).put("object", "event").put("api_version", "2024-06-20")
                .put("created", Instant.now().getEpochSecond()).put("livemode", livemode).put("pending_webhooks", 1)
                .put("type", "checkout.session.completed");
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", session).put("object", "checkout.session").put("amount_subtotal", amount).put("amount_total", amount)
                .put("client_reference_id", order).put("currency", currency).put("livemode", livemode).put("mode", "payment")
                .put("payment_intent", payment).put("payment_status", "paid").put("status", "complete");
        object.putObject("metadata").put("order", order);
        return event.toString();
    }

    private HttpResponse<String> postStripe(String payload) throws Exception {
        return postWebhook(payload, body -> Map.of("Stripe-Signature",
                signature(STRIPE_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), body)));
    }

    private interface Signer {
        Map<String, String> headers(byte[] body);
    }

    private HttpResponse<String> postWebhook(String payload, Signer signer) throws Exception {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/webhooks/payments"))
                .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signer.headers(body).forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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

    // ---- HTTP ---------------------------------------------------------------------------------------

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String path, String filename, byte[] photo) throws IOException, InterruptedException {
        String boundary = "kaptura-attack-boundary-5c1e";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", base.toString())
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The 6-digit code of the newest sign-in email in the outbox (only the code: the email's link is not used). */
    private String codeFromOutbox() throws Exception {
        Path outbox = dataDir.resolve("outbox");
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<Path> mails = signInMails(outbox);
            if (!mails.isEmpty()) {
                String text = Files.readString(mails.getLast());
                for (String line : text.lines().toList()) {
                    if (line.strip().matches("\\d{6}")) {
                        return line.strip();
                    }
                }
                Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
                assertThat(code.find()).as("a 6-digit code in %s", mails.getLast()).isTrue();
                return code.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sign-in code arrived in " + outbox);
    }

    private static List<Path> signInMails(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().contains("sign-in-code")).sorted().toList();
        }
    }

    /** A 640×640 JPEG that looks a little like a face on a backdrop, different for each {@code seed}. */
    private static byte[] jpeg(int seed) throws IOException {
        BufferedImage image = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30 + seed * 20, 80, 150), 640, 640, new Color(220, 190 - seed * 10, 140)));
        g.fillRect(0, 0, 640, 640);
        g.setColor(new Color(215, 175, 145));
        g.fillOval(190 + seed * 5, 130, 250, 310);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
            return sessions.stream().filter(s -> s.get("client_reference_id").asText().equals(order)).reduce((a, b) -> b)
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
            assertThat(refunds).as("a refund was asked of Stripe within %s", within).isNotEmpty();
            return refunds.getFirst();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String path = exchange.getRequestURI().getPath();
                ObjectNode answer = json.createObjectNode();
                int status = 200;
                if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/checkout/sessions")) {
                    String id = "cs_test_a1AttackStub" + ids.incrementAndGet();
                    answer.put("id", id).put("object", "checkout.session")
                            .put("amount_total", Long.parseLong(form.get("line_items[0][price_data][unit_amount]")))
                            .put("currency", form.get("line_items[0][price_data][currency]"))
                            .put("client_reference_id", form.get("client_reference_id"))
                            .put("expires_at", Instant.now().plus(Duration.ofHours(24)).getEpochSecond()).put("livemode", false)
                            .put("mode", "payment").put("payment_status", "unpaid").put("status", "open")
                            .put("url", "https://checkout.stripe.com/c/pay/" + id);
                    sessions.add(answer);
                } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/refunds")) {
                    refunds.add(form);
                    answer.put("id", "re_3AttackStub" + ids.incrementAndGet()).put("object", "refund")
                            .put("amount", Long.parseLong(form.get("amount"))).put("payment_intent", form.get("payment_intent"))
                            .put("status", "succeeded");
                } else {
                    status = 404;
                    answer.putObject("error").put("type", "invalid_request_error").put("message", "Unrecognized request URL");
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
                fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            return fields;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
