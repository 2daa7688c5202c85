package ai.kaptura.adapter.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import ai.kaptura.domain.order.PaymentRef;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stripe's API as a local WireMock server, answering with the JSON shapes of Stripe's API reference:
 * {@code POST /v1/checkout/sessions}, {@code POST /v1/refunds} and {@code GET /v1/refunds}. It keeps state
 * like Stripe does: a repeated {@code Idempotency-Key} replays the first answer (and a key reused with other
 * parameters is an {@code idempotency_error}); sessions can be paid, completed unpaid or expired; a payment
 * can be refunded once, after which Stripe answers {@code charge_already_refunded}. Requests with another
 * API key are answered 401 — echoing the key in full, so tests can prove the adapter never repeats it.
 *
 * <p>WireMock's journal records every request: {@link #everythingSent()} is the text of all of them.
 */
final class StripeStub implements AutoCloseable {

    static final String SECRET_KEY = "sk_test_51KapturaStubSecretKey4242";
    static final String CHECKOUT_SESSIONS = "/v1/checkout/sessions";
    static final String REFUNDS = "/v1/refunds";
    static final String WEBHOOK_ENDPOINTS = "/v1/webhook_endpoints";
    /** The API version the stub's webhook events are rendered in: not the one stripe-java pins. */
    static final String EVENT_API_VERSION = "2024-06-20";

    static final Duration SESSION_LIFETIME = Duration.ofHours(24);

    private final Behaviour behaviour;
    private final WireMockServer server;

    StripeStub(Clock clock) {
        behaviour = new Behaviour(clock);
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(behaviour));
        server.start();
        stubTheApi();
    }

    /** Forgets every object, request and extra stub; time is read from {@code clock} from now on. */
    void reset(Clock clock) {
        server.resetAll();
        behaviour.reset(clock);
        stubTheApi();
    }

    private void stubTheApi() {
        server.stubFor(
                post(urlPathEqualTo(CHECKOUT_SESSIONS)).willReturn(aResponse().withTransformers(Behaviour.NAME)));
        server.stubFor(post(urlPathEqualTo(REFUNDS)).willReturn(aResponse().withTransformers(Behaviour.NAME)));
        server.stubFor(get(urlPathEqualTo(REFUNDS)).willReturn(aResponse().withTransformers(Behaviour.NAME)));
        server.stubFor(post(urlPathMatching(CHECKOUT_SESSIONS + "/[^/]+/expire"))
                .willReturn(aResponse().withTransformers(Behaviour.NAME)));
        server.stubFor(
                get(urlPathEqualTo(WEBHOOK_ENDPOINTS)).willReturn(aResponse().withTransformers(Behaviour.NAME)));
    }

    /**
     * A webhook endpoint of the account, as {@code GET /v1/webhook_endpoints} lists it (Stripe API reference, "List all
     * webhook endpoints"): its URL, status and enabled events.
     */
    void addWebhookEndpoint(String url, String status, List<String> events) {
        behaviour.addWebhookEndpoint(url, status, events);
    }

    URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- the person's side and the processor's records ------------------------------------------

    /** The person pays the session by card: Stripe creates its PaymentIntent and charge. */
    PaymentRef pay(String sessionId) {
        return behaviour.complete(sessionId, true);
    }

    /** The person completes the session with a delayed method (e.g. SEPA debit): not paid yet. */
    PaymentRef completeUnpaid(String sessionId) {
        return behaviour.complete(sessionId, false);
    }

    /** The delayed payment failed. */
    void failPayment(String sessionId) {
        behaviour.failPayment(sessionId);
    }

    /** The session lapsed unpaid. */
    void expire(String sessionId) {
        behaviour.expire(sessionId);
    }

    /** The session as {@code GET /v1/checkout/sessions/{id}} would answer it now. */
    JsonObject session(String sessionId) {
        return behaviour.session(sessionId).deepCopy();
    }

    /** The charge of {@code payment}, as {@code charge.refunded} carries it after a full refund. */
    JsonObject refundedCharge(PaymentRef payment) {
        return behaviour.refundedCharge(payment.value());
    }

    /** The PaymentIntent's metadata, as set from the checkout's {@code payment_intent_data[metadata]}. */
    Map<String, String> paymentIntentMetadata(PaymentRef payment) {
        return Map.copyOf(behaviour.payment(payment.value()).metadata);
    }

    /** The refunds Stripe made of {@code payment}. */
    List<String> refundsOf(PaymentRef payment) {
        return behaviour.refundsOf(payment.value());
    }

    /**
     * The next {@code count} requests are carried out as usual, but their answers are lost on the way: the connection is
     * reset before any byte of the answer arrives (what a read timeout leaves the caller knowing).
     */
    void loseAnswers(int count) {
        behaviour.loseAnswers(count);
    }

    /** Stripe forgets idempotency keys after 24 hours. */
    void forgetIdempotencyKeys() {
        behaviour.forgetKeys();
    }

    /** Every request received, in order. */
    List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream()
                .map(ServeEvent::getRequest)
                .toList()
                .reversed();
    }

    /** The text of every request: request line, each header, the raw body and its URL-decoded form. */
    List<String> everythingSent() {
        List<String> sent = new ArrayList<>();
        for (LoggedRequest request : requests()) {
            sent.add(request.getMethod() + " " + request.getUrl());
            sent.add(request.getAbsoluteUrl());
            sent.add(URLDecoder.decode(request.getUrl(), StandardCharsets.UTF_8));
            for (HttpHeader header : request.getHeaders().all()) {
                sent.add(header.key() + ": " + String.join(", ", header.values()));
            }
            String body = request.getBodyAsString();
            if (!body.isEmpty()) {
                sent.add(body);
                form(body).forEach((k, v) -> sent.add(k + "=" + v));
            }
        }
        return sent;
    }

    /** A form body as Stripe reads it: keys and values URL-decoded, in order. */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    // ---- Stripe's behaviour ---------------------------------------------------------------------

    private static final class Payment {
        final String id;
        final String charge;
        final String sessionId;
        final long amount;
        final String currency;
        final Map<String, String> metadata;

        Payment(
                String id,
                String charge,
                String sessionId,
                long amount,
                String currency,
                Map<String, String> metadata) {
            this.id = id;
            this.charge = charge;
            this.sessionId = sessionId;
            this.amount = amount;
            this.currency = currency;
            this.metadata = Map.copyOf(metadata);
        }
    }

    private record Replay(String request, int status, String body) {}

    /** The stateful part of the stub, run by WireMock for each matched request. */
    static final class Behaviour implements ResponseDefinitionTransformerV2 {
        static final String NAME = "kaptura-stripe";

        private Clock clock;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<String, Replay> byKey = new LinkedHashMap<>();
        private final Map<String, JsonObject> sessions = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> sessionForms = new LinkedHashMap<>();
        private final Map<String, Payment> payments = new LinkedHashMap<>();
        private final Map<String, List<JsonObject>> refunds = new LinkedHashMap<>();
        private final List<JsonObject> endpoints = new ArrayList<>();
        private int answersToLose;

        synchronized void addWebhookEndpoint(String url, String status, List<String> events) {
            JsonObject endpoint = new JsonObject();
            endpoint.addProperty("id", "we_" + token(24));
            endpoint.addProperty("object", "webhook_endpoint");
            endpoint.addProperty("url", url);
            endpoint.addProperty("status", status);
            endpoint.addProperty("livemode", false);
            JsonArray enabled = new JsonArray();
            events.forEach(enabled::add);
            endpoint.add("enabled_events", enabled);
            endpoints.add(endpoint);
        }

        Behaviour(Clock clock) {
            this.clock = clock;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        synchronized void reset(Clock newClock) {
            clock = newClock;
            byKey.clear();
            sessions.clear();
            sessionForms.clear();
            payments.clear();
            refunds.clear();
            endpoints.clear();
            answersToLose = 0;
        }

        synchronized void forgetKeys() {
            byKey.clear();
        }

        synchronized void loseAnswers(int count) {
            answersToLose = count;
        }

        @Override
        public synchronized ResponseDefinition transform(ServeEvent event) {
            ResponseDefinition answer = answer(event);
            if (answersToLose > 0) {
                answersToLose--;
                return ResponseDefinitionBuilder.like(answer)
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)
                        .build();
            }
            return answer;
        }

        private ResponseDefinition answer(ServeEvent event) {
            LoggedRequest request = event.getRequest();
            String auth = request.getHeader("Authorization");
            if (!("Bearer " + SECRET_KEY).equals(auth)) {
                String given = auth == null ? "none" : auth.replaceFirst("^Bearer ", "");
                return error(401, "invalid_request_error", null, null, "Invalid API Key provided: " + given);
            }
            String path = URI.create(request.getUrl()).getPath();
            String method = request.getMethod().getName();
            if ("GET".equals(method) && REFUNDS.equals(path)) {
                return listRefunds(form(URI.create(request.getUrl()).getRawQuery()));
            }
            if ("GET".equals(method) && WEBHOOK_ENDPOINTS.equals(path)) {
                JsonObject list = new JsonObject();
                list.addProperty("object", "list");
                list.addProperty("url", WEBHOOK_ENDPOINTS);
                list.addProperty("has_more", false);
                JsonArray data = new JsonArray();
                endpoints.forEach(data::add);
                list.add("data", data);
                return respond(200, list.toString()).build();
            }
            if ("POST".equals(method) && path.startsWith(CHECKOUT_SESSIONS + "/") && path.endsWith("/expire")) {
                // "A Checkout Session can be expired if its status is open" (Stripe API reference, "Expire a Checkout
                // Session")
                JsonObject session = sessions.get(
                        path.substring(CHECKOUT_SESSIONS.length() + 1, path.length() - "/expire".length()));
                if (session == null) {
                    return error(
                            404, "invalid_request_error", "resource_missing", "session", "No such checkout.session");
                }
                if (!"open".equals(session.get("status").getAsString())) {
                    return error(
                            400,
                            "invalid_request_error",
                            null,
                            null,
                            "Only Checkout Sessions with a status of open can be expired.");
                }
                session.addProperty("status", "expired");
                return respond(200, session.toString()).build();
            }
            Map<String, String> form = form(request.getBodyAsString());
            String key = request.getHeader("Idempotency-Key");
            String fingerprint = method + " " + path + " " + form;
            if (key != null && byKey.containsKey(key)) {
                Replay replay = byKey.get(key);
                if (!replay.request().equals(fingerprint)) {
                    return error(
                            400,
                            "idempotency_error",
                            null,
                            null,
                            "Keys for idempotent requests can only be used with the same "
                                    + "parameters they were first used with. Try using a key other than '" + key
                                    + "' if you meant to execute a different request.");
                }
                return respond(replay.status(), replay.body())
                        .withHeader("Idempotent-Replayed", "true")
                        .build();
            }
            ResponseDefinition answer = CHECKOUT_SESSIONS.equals(path) ? createSession(form) : createRefund(form);
            if (key != null) {
                byKey.put(key, new Replay(fingerprint, answer.getStatus(), answer.getBody()));
            }
            return answer;
        }

        private ResponseDefinition createSession(Map<String, String> form) {
            for (String required : List.of(
                    "mode",
                    "success_url",
                    "line_items[0][price_data][currency]",
                    "line_items[0][price_data][unit_amount]",
                    "line_items[0][price_data][product_data][name]",
                    "line_items[0][quantity]")) {
                if (!form.containsKey(required)) {
                    return error(
                            400,
                            "invalid_request_error",
                            "parameter_missing",
                            required,
                            "Missing required param: " + required + ".");
                }
            }
            long created = clock.instant().getEpochSecond();
            String id = "cs_test_a1" + token(40);
            long amount = Long.parseLong(form.get("line_items[0][price_data][unit_amount]"));
            JsonObject session = new JsonObject();
            session.addProperty("id", id);
            session.addProperty("object", "checkout.session");
            session.add("after_expiration", JsonNull.INSTANCE);
            session.addProperty("amount_subtotal", amount * Long.parseLong(form.get("line_items[0][quantity]")));
            session.addProperty("amount_total", amount * Long.parseLong(form.get("line_items[0][quantity]")));
            session.addProperty("cancel_url", form.get("cancel_url"));
            session.addProperty("client_reference_id", form.get("client_reference_id"));
            session.addProperty("created", created);
            session.addProperty("currency", form.get("line_items[0][price_data][currency]"));
            session.add("customer", JsonNull.INSTANCE);
            session.addProperty("customer_creation", "if_required");
            session.add("customer_details", JsonNull.INSTANCE);
            session.add("customer_email", JsonNull.INSTANCE);
            session.addProperty("expires_at", created + SESSION_LIFETIME.toSeconds());
            session.addProperty("livemode", false);
            session.add("metadata", prefixed(form, "metadata"));
            session.addProperty("mode", form.get("mode"));
            session.add("payment_intent", JsonNull.INSTANCE);
            JsonArray methods = new JsonArray();
            methods.add("card");
            session.add("payment_method_types", methods);
            session.addProperty("payment_status", "unpaid");
            session.addProperty("status", "open");
            session.addProperty("success_url", form.get("success_url"));
            session.addProperty("ui_mode", "hosted");
            session.addProperty("url", "https://checkout.stripe.com/c/pay/" + id + "#fidkdWxOYHwnPyd1blpxYHZxWjA0");
            sessions.put(id, session);
            sessionForms.put(id, form);
            return respond(200, session.toString()).build();
        }

        private ResponseDefinition createRefund(Map<String, String> form) {
            String pi = form.get("payment_intent");
            Payment payment = pi == null ? null : payments.get(pi);
            if (payment == null) {
                return error(
                        400,
                        "invalid_request_error",
                        "resource_missing",
                        "payment_intent",
                        "No such payment_intent: '" + pi + "'");
            }
            long refunded = refunds.getOrDefault(pi, List.of()).stream()
                    .mapToLong(r -> r.get("amount").getAsLong())
                    .sum();
            long amount = form.containsKey("amount") ? Long.parseLong(form.get("amount")) : payment.amount - refunded;
            if (refunded >= payment.amount) {
                return error(
                        400,
                        "invalid_request_error",
                        StripeFailures.ALREADY_REFUNDED,
                        null,
                        "Charge " + payment.charge + " has already been refunded.");
            }
            if (amount <= 0 || amount > payment.amount - refunded) {
                return error(
                        400,
                        "invalid_request_error",
                        "amount_too_large",
                        "amount",
                        "Refund amount (" + amount + ") is greater than unrefunded amount on charge ("
                                + (payment.amount - refunded) + ")");
            }
            JsonObject refund = new JsonObject();
            refund.addProperty("id", "re_3" + token(24));
            refund.addProperty("object", "refund");
            refund.addProperty("amount", amount);
            refund.addProperty("balance_transaction", "txn_3" + token(24));
            refund.addProperty("charge", payment.charge);
            refund.addProperty("created", clock.instant().getEpochSecond());
            refund.addProperty("currency", payment.currency);
            refund.add("metadata", prefixed(form, "metadata"));
            refund.addProperty("payment_intent", pi);
            refund.add("reason", JsonNull.INSTANCE);
            refund.add("receipt_number", JsonNull.INSTANCE);
            refund.addProperty("status", "succeeded");
            refunds.computeIfAbsent(pi, p -> new ArrayList<>()).add(refund);
            return respond(200, refund.toString()).build();
        }

        private ResponseDefinition listRefunds(Map<String, String> query) {
            JsonArray data = new JsonArray();
            refunds.getOrDefault(query.get("payment_intent"), List.of()).forEach(data::add);
            JsonObject list = new JsonObject();
            list.addProperty("object", "list");
            list.add("data", data);
            list.addProperty("has_more", false);
            list.addProperty("url", REFUNDS);
            return respond(200, list.toString()).build();
        }

        synchronized PaymentRef complete(String sessionId, boolean paidNow) {
            JsonObject session = session(sessionId);
            Map<String, String> form = sessionForms.get(sessionId);
            String pi = "pi_3" + token(24);
            payments.put(
                    pi,
                    new Payment(
                            pi,
                            "ch_3" + token(24),
                            sessionId,
                            session.get("amount_total").getAsLong(),
                            session.get("currency").getAsString(),
                            flat(prefixed(form, "payment_intent_data[metadata]"))));
            session.addProperty("payment_intent", pi);
            session.addProperty("status", "complete");
            session.addProperty("payment_status", paidNow ? "paid" : "unpaid");
            return new PaymentRef(pi);
        }

        synchronized void failPayment(String sessionId) {
            JsonObject session = session(sessionId);
            session.addProperty("status", "complete");
            session.addProperty("payment_status", "unpaid");
        }

        synchronized void expire(String sessionId) {
            JsonObject session = session(sessionId);
            session.addProperty("status", "expired");
            session.addProperty("payment_status", "unpaid");
            session.add("url", JsonNull.INSTANCE);
        }

        synchronized JsonObject session(String sessionId) {
            return Optional.ofNullable(sessions.get(sessionId))
                    .orElseThrow(
                            () -> new IllegalArgumentException("No checkout session " + sessionId + " at the stub"));
        }

        synchronized Payment payment(String pi) {
            return Optional.ofNullable(payments.get(pi))
                    .orElseThrow(() -> new IllegalArgumentException("No payment " + pi + " at the stub"));
        }

        synchronized JsonObject refundedCharge(String pi) {
            Payment payment = payment(pi);
            JsonObject charge = new JsonObject();
            charge.addProperty("id", payment.charge);
            charge.addProperty("object", "charge");
            charge.addProperty("amount", payment.amount);
            charge.addProperty("amount_captured", payment.amount);
            charge.addProperty("amount_refunded", payment.amount);
            charge.addProperty("captured", true);
            charge.addProperty("created", clock.instant().getEpochSecond());
            charge.addProperty("currency", payment.currency);
            charge.add("customer", JsonNull.INSTANCE);
            JsonObject metadata = new JsonObject();
            payment.metadata.forEach(metadata::addProperty);
            charge.add("metadata", metadata);
            charge.addProperty("paid", true);
            charge.addProperty("payment_intent", payment.id);
            charge.addProperty("refunded", true);
            charge.addProperty("status", "succeeded");
            return charge;
        }

        synchronized List<String> refundsOf(String pi) {
            return refunds.getOrDefault(pi, List.of()).stream()
                    .map(r -> r.get("id").getAsString())
                    .toList();
        }

        private String token(int length) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder token = new StringBuilder();
            long seed = ids.incrementAndGet() * 0x9E3779B97F4A7C15L;
            for (int i = 0; i < length; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                token.append(alphabet.charAt((int) Long.remainderUnsigned(seed >>> 17, alphabet.length())));
            }
            return token.toString();
        }

        private static JsonObject prefixed(Map<String, String> form, String prefix) {
            JsonObject object = new JsonObject();
            form.forEach((k, v) -> {
                if (k.startsWith(prefix + "[") && k.endsWith("]") && k.indexOf('[', prefix.length() + 1) < 0) {
                    object.addProperty(k.substring(prefix.length() + 1, k.length() - 1), v);
                }
            });
            return object;
        }

        private static Map<String, String> flat(JsonObject object) {
            Map<String, String> map = new LinkedHashMap<>();
            object.entrySet().forEach(e -> map.put(e.getKey(), e.getValue().getAsString()));
            return map;
        }

        private static ResponseDefinitionBuilder respond(int status, String body) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_" + Integer.toHexString(Objects.hash(body, status)))
                    .withBody(body);
        }

        private static ResponseDefinition error(int status, String type, String code, String param, String message) {
            return respond(status, errorBody(type, code, param, message)).build();
        }
    }

    /** Stripe's error envelope. */
    static String errorBody(String type, String code, String param, String message) {
        JsonObject error = new JsonObject();
        if (code != null) {
            error.addProperty("code", code);
            error.addProperty("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.addProperty("message", message);
        if (param != null) {
            error.addProperty("param", param);
        }
        error.addProperty("type", type);
        JsonObject envelope = new JsonObject();
        envelope.add("error", error);
        return envelope.toString();
    }
}
