package ai.kaptura.app.attack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.InProcessNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, the generator callback: Astria's callbacks are unsigned, so whoever learns an order's callback address can
 * post any body to it. The real Kaptura runs here with {@code KAPTURA_GENERATOR=astria} against a local stand-in of
 * Astria's API, takes an order to training through real HTTP, and then receives hostile callbacks at the order's real
 * callback addresses: a tune callback naming another tune and image addresses at loopback, at the cloud metadata
 * address and at a host that redirects to loopback; then a prompt callback with the same, while Astria's API itself
 * reports images at those addresses. The servers behind those addresses count every connection: none arrives. The
 * order's model stays the tune Kaptura created, and no request ever names the other tune.
 */
@Tag("attack")
@Tag("R14")
@Tag("R15")
class GeneratorCallbackAttackTest {

    static final String AUDITOR = "auditor-token-for-the-callback-attack-test";
    static final String EMAIL = "ada.lovelace@example.org";
    static final long FOREIGN_TUNE = 666_000;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private LocalAstria astria;
    private Listener loopback;
    private Listener redirector;
    private InProcessNode kaptura;
    private URI base;
    private String csrf;

    @BeforeEach
    void start() throws IOException {
        astria = new LocalAstria();
        loopback = new Listener(null);
        redirector = new Listener("http://127.0.0.1:" + loopback.port() + "/internal");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_AUDITOR_TOKENS", AUDITOR);
        env.put("KAPTURA_GENERATOR", "astria");
        env.put("ASTRIA_API_KEY", LocalAstria.API_KEY);
        env.put("ASTRIA_BASE_URL", astria.baseUrl().toString());
        env.put("ASTRIA_DPA_REFERENCE", "DPA-ATTACK-TEST-1");
        kaptura = InProcessNode.start(env);
    }

    @AfterEach
    void stop() {
        if (kaptura != null) {
            kaptura.close();
        }
        astria.close();
        loopback.close();
        redirector.close();
    }

    @Test
    void hostile_callbacks_at_an_orders_real_address_fetch_nothing_they_name_and_leave_the_model_the_tune_kaptura_created()
            throws Exception {
        List<String> hostile = List.of(
                "http://127.0.0.1:" + loopback.port() + "/steal.png",
                "http://localhost:" + loopback.port() + "/steal.png",
                "https://127.0.0.1:" + loopback.port() + "/steal.png",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://localhost:" + redirector.port() + "/redirect.png");

        // An order, taken to training through the product's own HTTP API.
        String order = paidOrder();
        awaitTrue(() -> astria.onlyTune().isPresent(), Duration.ofSeconds(60), "the selfies reach Astria");
        long ours = astria.onlyTune().orElseThrow();
        awaitStatus(order, "training", Duration.ofSeconds(30));
        astria.finishTraining(ours);

        // A tune callback at the order's real address, naming another tune and images everywhere.
        ObjectNode tune = json.createObjectNode().put("id", FOREIGN_TUNE).put("title", astria.tuneTitle(ours))
                .put("trained_at", Instant.now().toString()).put("model_type", "lora").put("base_tune_id", FOREIGN_TUNE);
        tune.putArray("orig_images").addAll(hostile.stream().map(json.getNodeFactory()::textNode).toList());
        tune.putArray("images").addAll(hostile.stream().map(json.getNodeFactory()::textNode).toList());
        ObjectNode body = json.createObjectNode();
        body.set("tune", tune);
        body.putObject("prompt").put("id", 1).put("tune_id", FOREIGN_TUNE).putArray("images")
                .addAll(hostile.stream().map(json.getNodeFactory()::textNode).toList());
        HttpResponse<String> tuneCallback = callback(astria.tuneCallback(ours), body);

        assertThat(tuneCallback.statusCode()).as(tuneCallback.body()).isEqualTo(200);
        assertThat(json.readTree(tuneCallback.body()).get("event").asText()).isEqualTo("astria:" + ours + ":trained");
        awaitTrue(() -> astria.promptCount() > 0, Duration.ofSeconds(60), "headshots are asked of the trained model");
        assertThat(astria.promptCallbacks().values()).allSatisfy(text -> assertThat(text).startsWith("<lora:" + ours + ":1> "));

        // Astria's API now reports the images there too, and a prompt callback names them, with another tune and prompt.
        astria.finishPromptsWith(hostile);
        String promptAddress = astria.promptCallbacks().keySet().iterator().next();
        ObjectNode prompt = json.createObjectNode().put("id", 123).put("tune_id", FOREIGN_TUNE)
                .put("trained_at", Instant.now().toString()).put("text", "<lora:" + FOREIGN_TUNE + ":1> ohwx person");
        prompt.putArray("images").addAll(hostile.stream().map(json.getNodeFactory()::textNode).toList());
        HttpResponse<String> promptCallback = callback(promptAddress, json.createObjectNode().set("prompt", prompt));
        assertThat(promptCallback.statusCode()).as(promptCallback.body()).isEqualTo(200);

        // The collecting job runs, reads the prompts through the API, and refuses every address: give it time to try.
        int readsBefore = promptReads();
        awaitTrue(() -> promptReads() > readsBefore, Duration.ofSeconds(60), "the headshots are looked up through the API");
        Thread.sleep(2_000);

        assertThat(loopback.connections()).as("connections to the loopback server").isZero();
        assertThat(redirector.connections()).as("connections to the redirecting host").isZero();
        assertThat(astria.requests()).as("requests naming the other tune").noneMatch(line -> line.contains(Long.toString(FOREIGN_TUNE)));
        assertThat(status(order)).as("nothing was delivered from those addresses").isEqualTo("generating");
        JsonNode entries = auditEntries();
        assertThat(entries.findValues("subject")).filteredOn(s -> s.get("type").asText().equals("model"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(Long.toString(ours)));
        for (JsonNode entry : entries) {
            ((ObjectNode) entry).remove(List.of("hash", "previousHash")); // hex digits could spell any number
            assertThat(entry.toString()).doesNotContain(Long.toString(FOREIGN_TUNE)).doesNotContain("169.254.169.254");
        }
    }

    // ---- the product's HTTP API ---------------------------------------------------------------------

    /** Signs in, orders, uploads eight photos, consents, and pays on the sandbox page: the order is paid. */
    private String paidOrder() throws Exception {
        assertThat(post("/api/auth/start", Map.of("email", EMAIL)).statusCode()).isEqualTo(202);
        HttpResponse<String> verified = post("/api/auth/verify", Map.of("email", EMAIL, "code", codeFromOutbox()));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        csrf = json.readTree(verified.body()).get("csrfToken").asText();

        HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey", "bright-office")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String order = json.readTree(created.body()).get("id").asText();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> uploaded = upload("/api/orders/" + order + "/selfies", "selfie-" + i + ".jpg", photo(i));
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

    /** What Astria's callback delivery does: a POST of JSON to the address, nothing else (no session, no CSRF). */
    private HttpResponse<String> callback(String address, JsonNode body) throws IOException, InterruptedException {
        URI target = URI.create(address);
        assertThat(target.toString()).startsWith(base + "/webhooks/generator/");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int promptReads() {
        return (int) astria.requests().stream().filter(line -> line.matches("GET /tunes/\\d+/prompts(/\\d+)?")).count();
    }

    private String status(String order) throws IOException, InterruptedException {
        return json.readTree(get("/api/orders/" + order).body()).path("status").asText();
    }

    private void awaitStatus(String order, String wanted, Duration within) throws Exception {
        awaitTrue(() -> {
            try {
                return wanted.equals(status(order));
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, within, "the order becomes " + wanted);
    }

    private JsonNode auditEntries() throws IOException, InterruptedException {
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(base.resolve("/api/audit/events?limit=1000"))
                .header("Authorization", "Bearer " + AUDITOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        return json.readTree(events.body()).get("entries");
    }

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
        String boundary = "kaptura-attack-boundary-41c9";
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

    /** The 6-digit code of the newest sign-in email in the outbox (the code only: the emailed link may change). */
    private String codeFromOutbox() throws IOException {
        Path outbox = dataDir.resolve("outbox");
        awaitTrue(() -> signInMails(outbox).findAny().isPresent(), Duration.ofSeconds(10), "a sign-in email in the outbox");
        Path mail = signInMails(outbox).reduce((a, b) -> b).orElseThrow();
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(Files.readString(mail));
        assertThat(code.find()).as("a 6-digit code in %s", mail).isTrue();
        return code.group(1);
    }

    private static Stream<Path> signInMails(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().contains("sign-in-code")).sorted().toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    /** A 640×640 JPEG, different for each {@code seed}. */
    private static byte[] photo(int seed) throws IOException {
        BufferedImage image = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 + seed * 20, 90, 160));
        g.fillRect(0, 0, 640, 640);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(200 + seed, 140, 240, 300);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    /**
     * A TCP listener on 127.0.0.1 that counts every connection made to it — a request need not even be sent for it to
     * count — and answers a redirect to {@code location} (or a small PNG-typed body when there is none).
     */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

        Listener(String location) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            String answer = location == null
                    ? "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 4\r\nConnection: close\r\n\r\n\u0089PNG"
                    : "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            threads.submit(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        connections.incrementAndGet();
                        connection.setSoTimeout(1_000);
                        connection.getInputStream().read(new byte[4096]);
                        OutputStream out = connection.getOutputStream();
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    } catch (IOException closedOrGone) {
                        // closed by the test, or the client went away
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            threads.shutdownNow();
        }
    }
}
