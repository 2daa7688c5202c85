package ai.kaptura.adapter.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The app's side in tests: a real HTTP server on a free local port that records every request it gets
 * (method, path, headers, raw body, when) and answers a status the test chooses.
 */
final class LocalEndpoint implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String path, Map<String, List<String>> headers, byte[] body, long receivedNanos) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The last path segment: the token of a generator callback. */
        String lastSegment() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Everything about the request as text, for "what was sent" checks. */
        List<String> asText() {
            List<String> all = new ArrayList<>();
            all.add(method + " " + path);
            headers.forEach((name, values) -> values.forEach(value -> all.add(name + ": " + value)));
            all.add(text());
            return all;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private volatile Function<Request, Integer> responder = request -> 200;

    LocalEndpoint() {
        this(0);
    }

    /** An endpoint on {@code port} of the loopback address (0: any free port), e.g. an app that starts listening late. */
    LocalEndpoint(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("No local port for the test endpoint", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The base address the sandbox is configured with (KAPTURA_BASE_URL). */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, every request is answered with {@code code}. */
    void answer(int code) {
        responder = request -> code;
    }

    /** From now on, each request is answered with the status {@code decide} gives it (the app's handler). */
    void answer(Function<Request, Integer> decide) {
        responder = decide;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requestsTo(String pathPrefix) {
        return requests().stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    /** The first request matching {@code which}, waiting up to {@code within} for it. */
    Request await(Predicate<Request> which, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (requests) {
            while (true) {
                for (Request request : requests) {
                    if (which.test(request)) {
                        return request;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "No matching request arrived within " + within + "; got " + requests.size() + " others");
                }
                try {
                    requests.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    /** Waits {@code quiet} and answers whether any request matching {@code which} arrived meanwhile. */
    boolean anyWithin(Predicate<Request> which, Duration quiet) {
        try {
            await(which, quiet);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        Request request = new Request(
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers, body, System.nanoTime());
        int status = responder.apply(request);
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
