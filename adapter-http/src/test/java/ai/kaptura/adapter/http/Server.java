package ai.kaptura.adapter.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The adapter over real HTTP on a free local port, with the fakes behind it, and a small client that
 * keeps cookies by hand so tests can see and set each one. A test class that needs only the server holds it as
 * {@code @RegisterExtension static final Server server = new Server();}, and it is closed after the class's tests.
 */
final class Server implements AutoCloseable, AfterAllCallback {

    static final String AUDITOR_TOKEN = "auditor-token-0123456789abcdef";
    static final String METRICS_TOKEN = "metrics-token-0123456789abcdef";

    final Fakes fakes = new Fakes();
    final HttpAdapter adapter;
    final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    record Options(
            URI baseUrl,
            Optional<String> ga4Id,
            URI gaScriptUrl,
            boolean sandbox,
            boolean trustProxy,
            HttpAdapter.Limits limits) {
        static Options defaults() {
            return new Options(
                    URI.create("http://localhost:7070"),
                    Optional.empty(),
                    HttpAdapter.GA_SCRIPT_URL,
                    true,
                    false,
                    HttpAdapter.Limits.defaults());
        }

        Options baseUrl(String url) {
            return new Options(URI.create(url), ga4Id, gaScriptUrl, sandbox, trustProxy, limits);
        }

        Options analytics(String id, URI script) {
            return new Options(baseUrl, Optional.of(id), script, sandbox, trustProxy, limits);
        }

        Options withoutSandbox() {
            return new Options(baseUrl, ga4Id, gaScriptUrl, false, trustProxy, limits);
        }

        Options behindProxy() {
            return new Options(baseUrl, ga4Id, gaScriptUrl, sandbox, true, limits);
        }

        Options limits(HttpAdapter.Limits serverLimits) {
            return new Options(baseUrl, ga4Id, gaScriptUrl, sandbox, trustProxy, serverLimits);
        }
    }

    Server() {
        this(Options.defaults());
    }

    Server(Options options) {
        this(options, f -> f.orders);
    }

    /** A server whose order use cases are served by {@code orders}, a fake of its own (one that misbehaves, say). */
    Server(Options options, Function<Fakes, Fakes.OrdersFake> orders) {
        Fakes f = fakes;
        Fakes.OrdersFake o = orders.apply(f);
        adapter = HttpAdapter.create(
                        f.signIn,
                        o,
                        o,
                        o,
                        o,
                        o,
                        o,
                        f.events,
                        f.events,
                        f.policy,
                        f.privacy,
                        f.privacy,
                        f.privacy,
                        f.privacy,
                        f.cookies,
                        f.auditor,
                        f.operator,
                        f.operator,
                        options.sandbox() ? Optional.of(f.sandbox) : Optional.empty(),
                        0,
                        options.baseUrl(),
                        options.trustProxy(),
                        options.ga4Id(),
                        options.gaScriptUrl(),
                        Set.of(AUDITOR_TOKEN),
                        Optional.of(METRICS_TOKEN),
                        f.limits,
                        HttpAdapter.MAX_UPLOAD_BYTES,
                        Fakes.CLOCK,
                        () -> true,
                        () -> "kaptura_test_extra 1\n",
                        options.limits())
                .start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + adapter.port() + path);
    }

    /** A signed-in browser: its session cookie and CSRF token. */
    record Session(String token, String csrf) {
        String cookie() {
            return "kaptura_session=" + token + "; kaptura_csrf=" + csrf;
        }
    }

    /** An operator's browser: the desk's session cookie, and the CSRF token the desk's script is given. */
    record OperatorSession(String token, String csrf) {
        String cookie() {
            return Cookies.OPERATOR + "=" + token;
        }
    }

    OperatorSession operatorSignIn() {
        String token = fakes.operator.sessionFor();
        return new OperatorSession(token, Cookies.csrfToken(token));
    }

    Session signIn(String email) {
        String token = fakes.signIn.sessionFor(email);
        return new Session(token, Cookies.csrfToken(token));
    }

    HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).method(method, body);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request("GET", path, HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> get(String path, Session session) {
        return send(request("GET", path, HttpRequest.BodyPublishers.noBody())
                .header("Cookie", session.cookie())
                .build());
    }

    /** A GET with the auditor's bearer token. */
    HttpResponse<String> getAsAuditor(String path) {
        return send(request("GET", path, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + AUDITOR_TOKEN)
                .build());
    }

    /** A JSON request as the site's own page sends it: session cookie and CSRF header when signed in. */
    HttpResponse<String> json(String method, String path, String body, Session session) {
        HttpRequest.Builder request = request(
                        method,
                        path,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (session != null) {
            request.header("Cookie", session.cookie()).header("X-CSRF-Token", session.csrf());
        }
        return send(request.build());
    }

    HttpResponse<String> json(String method, String path, String body) {
        return json(method, path, body, null);
    }

    static Map<String, Object> parse(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.MAPPER.readValue(json, LinkedHashMap.class);
            return map;
        } catch (IOException e) {
            throw new AssertionError("Not a JSON object: " + json, e);
        }
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        adapter.stop(Duration.ZERO);
    }
}
