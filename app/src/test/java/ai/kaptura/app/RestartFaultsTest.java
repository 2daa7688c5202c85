package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the real node, on the embedded defaults, while an order is in production: the node runs as a child
 * JVM ({@code Main serve} on this test's classpath and JDK, {@code KAPTURA_SANDBOX_DELAY=6}), an order is driven over
 * HTTP to the stage, the process is killed without warning and stays down for longer than the sandbox's delay (so the
 * step it was on is overdue when it comes back, and finishes the moment the sandbox starts, seconds before the app
 * listens), and a new node started on the same data directory must deliver the order within two minutes of its start —
 * without the ten-minute look-up of overdue callbacks, which would come too late: the sandbox resumes, from what it keeps
 * at rest, the training or generation it had accepted and sends the callbacks the app has not answered until the app
 * takes them, while the app's durable jobs resume its own side.
 */
@Tag("faults")
class RestartFaultsTest {

    static final Duration SANDBOX_DELAY = Duration.ofSeconds(6);
    static final Duration DELIVERED_WITHIN = Duration.ofMinutes(2);
    /** How long the node stays down: past the sandbox's delay, so what it was doing is overdue at the restart. */
    static final Duration DOWN_FOR = SANDBOX_DELAY;
    static final String EMAIL = "grace.hopper@example.org";

    @TempDir
    Path dataDir;
    @TempDir
    Path logs;

    private final List<Process> nodes = new ArrayList<>();
    private Path log;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private URI base;
    private String csrf;
    private int started;

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process node : nodes) {
            node.destroyForcibly();
            node.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "killed while {0}")
    @ValueSource(strings = {"training", "generating"})
    void an_order_in_production_when_the_node_is_killed_is_delivered_within_two_minutes_of_the_restart(String stage) throws Exception {
        base = URI.create("http://127.0.0.1:" + AttackTarget.freePort());
        Process first = startNode();
        signIn();
        String order = paidOrder();
        awaitStatus(first, order, stage, Duration.ofSeconds(90));
        assertThat(status(order)).as("still in the stage when killed").isEqualTo(stage);

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        Thread.sleep(DOWN_FOR.toMillis());

        long restarted = System.nanoTime();
        Process second = startNode();
        awaitStatus(second, order, "delivered", DELIVERED_WITHIN);
        Duration took = Duration.ofNanos(System.nanoTime() - restarted);

        System.out.printf(Locale.ROOT, "RestartFaultsTest: killed while %s; delivered %.1f s after the restart%n", stage,
                took.toMillis() / 1000.0);
        assertThat(took).isLessThanOrEqualTo(DELIVERED_WITHIN);
        JsonNode headshots = json.readTree(get("/api/orders/" + order + "/headshots").body());
        assertThat(headshots.get("headshots").size()).isGreaterThanOrEqualTo(8);
        long mailDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outboxNames().stream().noneMatch(name -> name.contains("headshots-ready")) && System.nanoTime() < mailDeadline) {
            Thread.sleep(100);
        }
        assertThat(outboxNames()).as("the person is told").anyMatch(name -> name.contains("headshots-ready"));
    }

    // ---- the node -------------------------------------------------------------------------------

    /** Starts {@code Main serve} in a child JVM on the data directory and waits until it is ready. */
    private Process startNode() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-Xmx512m", "--sun-misc-unsafe-memory-access=allow", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), "ai.kaptura.app.Main", "serve");
        log = logs.resolve("node-" + (++started) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAPTURA_") || name.startsWith("ASTRIA_") || name.startsWith("STRIPE_")
                || name.startsWith("RESEND_"));
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(base.getPort()));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_SANDBOX_DELAY", Long.toString(SANDBOX_DELAY.toSeconds()));
        Process node = builder.start();
        nodes.add(node);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new AssertionError("the node stopped (exit " + node.exitValue() + "):\n" + tail(log));
            }
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return node;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the node was not ready within 90 s:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    // ---- the person's steps (as in EndToEndTest) --------------------------------------------------

    private void signIn() throws Exception {
        assertThat(post("/api/auth/start", Map.of("email", EMAIL)).statusCode()).isEqualTo(202);
        HttpResponse<String> verified = post("/api/auth/verify", Map.of("email", EMAIL, "code", codeFromOutbox()));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        csrf = json.readTree(verified.body()).get("csrfToken").asText();
    }

    /** An order of two styles with eight selfies, checked out with both consents and paid on the sandbox page. */
    private String paidOrder() throws Exception {
        HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey", "bright-office")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String order = json.readTree(created.body()).get("id").asText();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> uploaded = upload("/api/orders/" + order + "/selfies", "selfie-" + i + ".jpg", AttackTarget.selfie(i));
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        }
        String noticeVersion = json.readTree(get("/api/privacy/policy").body()).get("version").asText();
        HttpResponse<String> checkout = post("/api/orders/" + order + "/checkout", Map.of(
                "consents", Map.of("biometricProcessing", true, "vendorDisclosure", true), "noticeVersion", noticeVersion, "adult", true));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        URI checkoutUrl = URI.create(json.readTree(checkout.body()).get("checkoutUrl").asText());
        assertThat(get(checkoutUrl.getPath()).statusCode()).isEqualTo(200);
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(base.resolve(checkoutUrl.getPath() + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isBetween(300, 399);
        return order;
    }

    private void awaitStatus(Process node, String order, String wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            assertThat(node.isAlive()).as("the node is running; its log ends:\n%s", tail(log)).isTrue();
            last = status(order);
            if (wanted.equals(last)) {
                return;
            }
            if (List.of("failed", "cancelled", "refunded").contains(last)) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + order + " was not " + wanted + " within " + within + "; last seen: " + last
                + "; the node's log ends:\n" + tail(log));
    }

    private String status(String order) throws Exception {
        return json.readTree(get("/api/orders/" + order).body()).path("status").asText();
    }

    private String codeFromOutbox() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String name : outboxNames()) {
                if (name.contains("sign-in")) {
                    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(Files.readString(dataDir.resolve("outbox").resolve(name)));
                    assertThat(code.find()).as("a 6-digit code in %s", name).isTrue();
                    return code.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sign-in code in the outbox");
    }

    private List<String> outboxNames() throws IOException {
        Path outbox = dataDir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String path, String filename, byte[] photo) throws IOException, InterruptedException {
        String boundary = "kaptura-test-boundary-7f3a";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(photo);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Origin", base.toString())
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
