package ai.kaptura.adapter.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Posts the sandbox's events to the app's own endpoints with {@code java.net.http}: HTTP/1.1, no redirects
 * followed, short timeouts, on daemon threads. It answers the status code; interpreting it is the caller's.
 */
final class Delivery implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final ExecutorService threads;
    private final HttpClient client;

    Delivery(String role) {
        this.threads = Executors.newCachedThreadPool(new DaemonThreads(role + "-http"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(threads)
                .build();
    }

    /** POSTs {@code body} as JSON with {@code headers} to {@code to}; answers the response's status. */
    int postJson(URI to, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(to)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * Whether an answer that is not a success may change if the same request is sent again later: a server error, a
     * timeout, "too early" or "too many requests". Any other refusal (a 400 for a bad signature, say) stays one.
     */
    static boolean isWorthRepeating(int status) {
        return status >= 500 || status == 408 || status == 425 || status == 429;
    }

    @Override
    public void close() {
        client.shutdownNow();
        threads.shutdownNow();
    }
}
