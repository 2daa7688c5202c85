package ai.kaptura.adapter.email;

import ai.kaptura.domain.shared.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local stand-in for Resend's {@code POST /emails} and {@code GET /emails/{id}}, on WireMock: it checks the bearer key
 * and the body's fields, keeps each idempotency key's first answer (same key and body: the same id, sent once; same key,
 * other body: 409 {@code invalid_idempotent_request}), records what it "sent", answers an email read back with its
 * {@code last_event} ({@code delivered}), and refuses that read to a sending-only key (401 {@code restricted_api_key}),
 * as resend.com/docs/api-reference/errors describes. Quotas (429 {@code daily_quota_exceeded},
 * {@code monthly_quota_exceeded}) are planned per test with a higher-priority stub.
 */
final class ResendStub
        implements ResponseDefinitionTransformerV2, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    static final String NAME = "resend-stub";
    static final String API_KEY = "re_test_9fQx2LkP0aZ7";
    /** A key with "Sending access" only: it sends, and reading emails back answers 401 restricted_api_key. */
    static final String SENDING_ONLY_KEY = "re_send_only_4Hq8Tz";

    /** One email Resend accepted and would deliver. */
    record Delivered(String id, String from, List<String> to, String subject, String html, String text) {

        /** The message as the recipient would see it: headers, then the text part, then the HTML part. */
        String content() {
            return "From: " + from + "\nTo: " + String.join(", ", to) + "\nSubject: " + subject + "\n\n" + text + "\n"
                    + html;
        }
    }

    private record Accepted(String bodyDigest, String id) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Accepted> byKey = new HashMap<>();
    private final List<Delivered> delivered = new ArrayList<>();
    private final WireMockServer server;

    ResendStub() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(this));
    }

    void startServer() {
        server.start();
    }

    void stopServer() {
        server.stop();
    }

    /** Registered as a test class's extension, the stub serves from before the first test to after the last. */
    @Override
    public void beforeAll(ExtensionContext context) {
        startServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopServer();
    }

    /** Every test starts with a stub that has seen nothing. */
    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    /** Forgets every key, delivery, request and stub; then answers every {@code POST /emails} as Resend would. */
    synchronized void reset() {
        server.resetAll();
        byKey.clear();
        delivered.clear();
        server.stubFor(WireMock.post("/emails")
                .atPriority(10)
                .willReturn(WireMock.aResponse().withTransformers(NAME)));
        server.stubFor(WireMock.get(WireMock.urlPathMatching("/emails/[^/]+"))
                .atPriority(10)
                .willReturn(WireMock.aResponse().withTransformers(NAME)));
    }

    WireMockServer server() {
        return server;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** Every request as it reached the stub: method, URL, headers and body. */
    List<String> everythingSent() {
        return server.getAllServeEvents().reversed().stream()
                .map(ServeEvent::getRequest)
                .map(r -> r.getMethod() + " " + r.getUrl() + "\n" + r.getHeaders() + "\n" + r.getBodyAsString())
                .toList();
    }

    List<Request> requests() {
        return server.getAllServeEvents().reversed().stream()
                .map(e -> (Request) e.getRequest())
                .toList();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Answers as Resend would, keeping the stub's fixed delay (a slow Resend) if it has one. */
    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ResponseDefinition answer = answer(event.getRequest());
        Integer delay = event.getResponseDefinition().getFixedDelayMilliseconds();
        return delay == null
                ? answer
                : ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
    }

    private ResponseDefinition answer(Request request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return error(401, "missing_api_key", "Missing API key in the authorization header.");
        }
        if (!authorization.equals("Bearer " + API_KEY) && !authorization.equals("Bearer " + SENDING_ONLY_KEY)) {
            return error(403, "invalid_api_key", "API key is invalid.");
        }
        if (request.getMethod().getName().equals("GET")) {
            if (authorization.equals("Bearer " + SENDING_ONLY_KEY)) {
                return error(401, "restricted_api_key", "This API key is restricted to only send emails.");
            }
            String id = request.getUrl().substring("/emails/".length());
            synchronized (this) {
                return delivered.stream()
                        .filter(d -> d.id().equals(id))
                        .findFirst()
                        .map(d -> ResponseDefinitionBuilder.responseDefinition()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"object\":\"email\",\"id\":\"" + d.id() + "\",\"to\":[\""
                                        + d.to().getFirst() + "\"],\"subject\":\"" + d.subject()
                                        + "\",\"last_event\":\"delivered\"}")
                                .build())
                        .orElseGet(() -> error(404, "not_found", "Email not found"));
            }
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            return error(422, "validation_error", "Invalid JSON body.");
        }
        for (String field : List.of("from", "to", "subject")) {
            if (body == null || !body.hasNonNull(field)) {
                return error(422, "missing_required_field", "The `" + field + "` field is missing.");
            }
        }
        if (!body.hasNonNull("html") && !body.hasNonNull("text")) {
            return error(422, "missing_required_field", "Either `html` or `text` is required.");
        }
        String key = request.getHeader("Idempotency-Key");
        if (key != null && (key.isEmpty() || key.length() > 256)) {
            return error(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        }
        String digest = Digest.sha256(request.getBodyAsString()).hex();
        synchronized (this) {
            Accepted before = key == null ? null : byKey.get(key);
            if (before != null) {
                return before.bodyDigest().equals(digest)
                        ? ok(before.id())
                        : error(
                                409,
                                "invalid_idempotent_request",
                                "This idempotency key has already been used on a request that"
                                        + " had a different payload.");
            }
            String id = UUID.randomUUID().toString();
            List<String> to = new ArrayList<>();
            body.get("to").forEach(address -> to.add(address.asText()));
            delivered.add(new Delivered(
                    id,
                    body.get("from").asText(),
                    to,
                    body.get("subject").asText(),
                    body.path("html").asText(""),
                    body.path("text").asText("")));
            if (key != null) {
                byKey.put(key, new Accepted(digest, id));
            }
            return ok(id);
        }
    }

    private static ResponseDefinition ok(String id) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + id + "\"}")
                .build();
    }

    static ResponseDefinition error(int status, String name, String message) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(errorBody(status, name, message))
                .build();
    }

    static String errorBody(int status, String name, String message) {
        return "{\"statusCode\":" + status + ",\"name\":\"" + name + "\",\"message\":\"" + message.replace("\"", "\\\"")
                + "\"}";
    }
}
