package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.storage.StorageAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * The real product, wired and started as {@code ./kaptura serve} starts it ({@link Main#start}; the embedded defaults
 * unless told otherwise), on a free port and a data directory of its own, for the tests that drive it from outside:
 * the attack suite ({@code @Tag("attack")}), the end-to-end test and the browser journey. Every request goes over real
 * HTTP, as an attacker's or a person's would. {@link Visitor}s are browsers (a cookie jar, this site's {@code Origin}
 * on what they send) or bare API clients, and take a person's steps: sign in, order, upload, check out, pay on the
 * sandbox page, wait for a status. The outbox is where the "victim's" mail lands; the auditor API and the vault's
 * files show what the node kept. {@link AttackTargets} starts targets for a test and stops them when it ends.
 *
 * <p>The harness and every test that uses it live in {@code ai.kaptura.app}, beside the wiring they start: {@code Main},
 * {@code Configuration}, {@code Kaptura} and the Dagger component are package-private, and stay so (the product's
 * one public entry is {@code Main.main}). A public harness in a subpackage would need a public bridge into that wiring
 * for tests alone — the {@code InProcessNode} this replaced — and with it a second way to start a node.
 */
final class AttackTarget implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The auditor API's token on every target ({@code KAPTURA_AUDITOR_TOKENS}). */
    static final String AUDITOR_TOKEN = "auditor-token-for-the-attack-target-0123";

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final List<String> ENDED = List.of("failed", "cancelled", "refunded");

    final Path dataDir;
    final URI base;
    /** The environment the node was configured from, as {@code ./kaptura} would read it. */
    final Map<String, String> env;

    private final Kaptura kaptura;
    private final KapturaComponent wired;
    private final ChildNode child;

    private AttackTarget(
            Path dataDir, URI base, Map<String, String> env, Kaptura kaptura, KapturaComponent wired, ChildNode child) {
        this.dataDir = dataDir;
        this.base = base;
        this.env = env;
        this.kaptura = kaptura;
        this.wired = wired;
        this.child = child;
    }

    /** The defaults every target starts from, changed by {@code settings}, on {@code port}. */
    static Map<String, String> environment(Path dataDir, int port, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", "http://localhost:" + port);
        env.put("KAPTURA_SANDBOX_DELAY", "1");
        env.put("KAPTURA_AUDITOR_TOKENS", AUDITOR_TOKEN);
        // The test PostgreSQL (KAPTURA_TEST_DATABASE_URL) may be on another host: then it is a processor (R33).
        env.put("KAPTURA_DATABASE_LEGAL_NAME", "The test database's host");
        env.put("KAPTURA_DATABASE_COUNTRY", "IE");
        env.put("KAPTURA_DATABASE_TRANSFER", "NONE_NEEDED_WITHIN_EEA");
        env.put("KAPTURA_DATABASE_DPA_REFERENCE", "test environment");
        env.putAll(settings);
        return Map.copyOf(env);
    }

    /**
     * Starts the product as {@code ./kaptura serve} does, in a JVM of its own ({@code Main serve} on this test's classpath
     * and JDK), so that a fault test can {@link #kill()} it without warning ({@code kill -9}) and {@link #restart()} it on
     * the same data directory and port. Its output of each start is kept for the failure's reader in
     * {@code target/child-nodes/<data dir's name>/node-<n>.log} (the module's build directory, as Surefire's reports are).
     */
    static AttackTarget inChildProcess(Path dataDir, Map<String, String> settings) {
        int port = freePort();
        Map<String, String> env = environment(dataDir, port, settings);
        URI base = URI.create("http://localhost:" + port);
        ChildNode child = new ChildNode(
                env,
                Path.of("target", "child-nodes", dataDir.getFileName().toString())
                        .toAbsolutePath(),
                base);
        child.start();
        return new AttackTarget(dataDir, base, env, null, null, child);
    }

    /**
     * A target that something else runs, such as a load balancer in front of nodes that share {@code dataDir}'s outbox:
     * its visitors' requests go to {@code base}; closing it stops nothing.
     */
    static AttackTarget at(Path dataDir, URI base, Map<String, String> env) {
        return new AttackTarget(dataDir, base, Map.copyOf(env), null, null, null);
    }

    /** {@code kill -9} of a node started {@link #inChildProcess}: no shutdown hook, no flush, nothing finished. */
    void kill() {
        requireChild().kill();
    }

    /** Starts a killed child node again on the same data directory and port, and waits until it is ready. */
    void restart() {
        requireChild().start();
    }

    /** The last lines a child node printed, for a failure's message. */
    String childLog() {
        return requireChild().tail();
    }

    private ChildNode requireChild() {
        if (child == null) {
            throw new IllegalStateException("This target runs in the test's JVM; start it inChildProcess to kill it");
        }
        return child;
    }

    /**
     * Starts the product on {@code dataDir} with the embedded defaults, a sandbox that trains and generates in one
     * second, and the auditor token {@link #AUDITOR_TOKEN}, each changed by {@code settings}.
     */
    static AttackTarget start(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = environment(dataDir, freePort(), settings);
        Configuration config = Configuration.from(env);
        KapturaComponent wired = DaggerKapturaComponent.factory().create(config, InstantSource.system());
        Kaptura kaptura = Main.start(
                wired, config, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        return new AttackTarget(dataDir, URI.create("http://localhost:" + kaptura.port()), env, kaptura, wired, null);
    }

    /** A browser: it keeps cookies and its requests say they come from this site. */
    Visitor browser() {
        return new Visitor(this, true);
    }

    /** A script or a bot: it keeps cookies but sends no {@code Origin}. */
    Visitor apiClient() {
        return new Visitor(this, false);
    }

    /** What the node's photo decoders are doing, read from the node itself. */
    StorageAdapter.DecodeLoad decoders() {
        if (wired == null) {
            throw new IllegalStateException("A child node's decoders are not visible from the test's JVM");
        }
        return wired.decodeLoad();
    }

    /** The node's durable jobs, read and written as the node itself does (in-process targets only). */
    ai.kaptura.ports.out.Jobs jobs() {
        if (wired == null) {
            throw new IllegalStateException("A child node's jobs are not reachable from the test's JVM");
        }
        return wired.persistence().jobs();
    }

    // ---- the outbox ---------------------------------------------------------------------------------

    /** The messages of one kind ({@code sign-in-code}, {@code verify-new-address}, ...) sent to {@code email}, oldest first. */
    List<String> mails(String kind, String email) {
        Path outbox = dataDir.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().contains("-" + kind + "-"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(AttackTarget::read)
                    .filter(text -> text.startsWith("To: " + email + "\n"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (at most 10 s) for a message of {@code kind} to {@code email} beyond the {@code already} seen, and answers it. */
    String awaitMail(String kind, String email, int already) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<String> mails = mails(kind, email);
            if (mails.size() > already) {
                return mails.getLast();
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError("No new " + kind + " mail to " + email + " arrived in the outbox");
    }

    /** The 6-digit code of the newest message of {@code kind} to {@code email}. */
    String latestCode(String kind, String email) {
        List<String> mails = mails(kind, email);
        assertThat(mails).as(kind + " mails to " + email).isNotEmpty();
        return codeIn(mails.getLast());
    }

    static String codeIn(String mail) {
        Matcher code = CODE.matcher(mail.substring(mail.indexOf("\n\n")));
        assertThat(code.find()).as("a 6-digit code in %s", mail).isTrue();
        return code.group(1);
    }

    /** The sign-in link of the newest sign-in mail to {@code email}. */
    String latestLink(String email) {
        List<String> mails = mails("sign-in-code", email);
        Matcher link = Pattern.compile("(https?://\\S+/auth/link\\?token=[A-Za-z0-9._~-]+)")
                .matcher(mails.getLast());
        assertThat(link.find()).as("a sign-in link").isTrue();
        return link.group(1);
    }

    // ---- what the node kept ---------------------------------------------------------------------------

    /** The selfie objects in the filesystem vault, found by their opaque keys' prefix; none before the first. */
    List<Path> selfieObjects() {
        Path photos = dataDir.resolve("photos");
        if (!Files.isDirectory(photos)) {
            return List.of();
        }
        // The node deletes selfies while this walks: a directory gone under the walk is looked at again.
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> all = Files.walk(photos)) {
                return all.filter(Files::isRegularFile)
                        .filter(p -> photos.relativize(p).toString().contains("selfie"))
                        .toList();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A GET of the auditor API ({@code /api/audit/chain}, {@code /api/audit/events?limit=...}) with the auditor's token. */
    HttpResponse<String> asAuditor(String path) {
        Visitor auditor = apiClient();
        return auditor.send(auditor.request("GET", path, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + AUDITOR_TOKEN)
                .build());
    }

    /** The newest 1000 entries of the audit log, as the auditor API answers them (200). */
    HttpResponse<String> auditLog() {
        HttpResponse<String> events = asAuditor("/api/audit/events?limit=1000");
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        return events;
    }

    @Override
    public void close() {
        if (child != null) {
            child.kill();
        } else if (kaptura != null) {
            kaptura.close();
        }
    }

    // ---- for every test -------------------------------------------------------------------------------

    /** A 640×640 JPEG selfie with an EXIF GPS position, as phones take them, different for each {@code seed}. */
    static byte[] selfie(int seed) {
        BufferedImage image = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(
                0, 0, new Color(40 + seed * 20, 90, 160), 640, 640, new Color(230, 200 - seed * 10, 150)));
        g.fillRect(0, 0, 640, 640);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(200, 140, 240, 300);
        g.dispose();
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", plain);
            TiffOutputSet exif = new TiffOutputSet();
            exif.setGpsInDegrees(-0.1276 + seed / 1000.0, 51.5072);
            ByteArrayOutputStream tagged = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, exif);
            return tagged.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} holds, polling every 100 ms; fails saying {@code what} did not happen within. */
    static void await(BooleanSupplier condition, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One client of the target: a browser or a script, with its own cookie jar. */
    static final class Visitor {
        final AttackTarget target;
        final boolean browser;
        final CookieManager cookies = new CookieManager();
        final HttpClient http;
        String csrf;
        /** Told of every answer (its status and how long it took, in nanoseconds), when set: for a benchmark. */
        volatile java.util.function.ObjLongConsumer<HttpResponse<?>> observer;

        Visitor(AttackTarget target, boolean browser) {
            this.target = target;
            this.browser = browser;
            this.http = HttpClient.newBuilder()
                    .cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        }

        HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body);
            if (browser && !method.equals("GET")) {
                request.header("Origin", target.base.toString());
            }
            if (csrf != null && !method.equals("GET")) {
                request.header("X-CSRF-Token", csrf);
            }
            return request;
        }

        HttpResponse<String> send(HttpRequest request) {
            return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        HttpResponse<byte[]> sendForBytes(HttpRequest request) {
            return send(request, HttpResponse.BodyHandlers.ofByteArray());
        }

        private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
            try {
                long started = System.nanoTime();
                HttpResponse<T> answer = http.send(request, body);
                if (observer != null) {
                    observer.accept(answer, System.nanoTime() - started);
                }
                return answer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> get(String path) {
            return send(
                    request("GET", path, HttpRequest.BodyPublishers.noBody()).build());
        }

        /** A GET answered in bytes (an image, a ZIP). */
        HttpResponse<byte[]> download(String path) {
            return sendForBytes(
                    request("GET", path, HttpRequest.BodyPublishers.noBody()).build());
        }

        /** A JSON request ({@code body} is a map, a list or a JSON tree, or null for none). */
        HttpResponse<String> json(String method, String path, Object body) {
            try {
                HttpRequest.BodyPublisher publisher = body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
                HttpRequest.Builder request = request(method, path, publisher);
                if (body != null) {
                    request.header("Content-Type", "application/json");
                }
                return send(request.build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        HttpResponse<String> post(String path, Object body) {
            return json("POST", path, body);
        }

        /** Signs in with the code the target mailed to {@code email}; keeps the session and its CSRF token. */
        Visitor signIn(String email) {
            int before = target.mails("sign-in-code", email).size();
            HttpResponse<String> asked = post("/api/auth/start", Map.of("email", email));
            assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
            String code = codeIn(target.awaitMail("sign-in-code", email, before));
            HttpResponse<String> verified = post("/api/auth/verify", Map.of("email", email, "code", code));
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            csrf = field(verified, "csrfToken");
            return statesAge();
        }

        /** Says, as the order page asks before the first selfie, that this person is 18 or older (R42). */
        Visitor statesAge() {
            String version = field(get("/api/privacy/policy"), "version");
            HttpResponse<String> stated = post("/api/me/age", Map.of("adult", true, "noticeVersion", version));
            assertThat(stated.statusCode()).as(stated.body()).isEqualTo(204);
            return this;
        }

        /** A new draft order of the starter plan in {@code styles} (studio grey when none is named); answers its id. */
        String order(String... styles) {
            List<String> chosen = styles.length == 0 ? List.of("studio-grey") : List.of(styles);
            HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", chosen));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return field(created, "id");
        }

        /** One photo into an order, as the page's file input sends it (a large photo may take minutes under load). */
        HttpResponse<String> upload(String order, byte[] photo) {
            String boundary = "kaptura-attack-boundary-5b1e";
            return send(request(
                            "POST",
                            "/api/orders/" + order + "/selfies",
                            HttpRequest.BodyPublishers.ofByteArray(selfieUpload(boundary, "me.jpg", photo)))
                    .timeout(Duration.ofMinutes(3))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .build());
        }

        /** {@code count} different {@link #selfie selfies} into {@code order}, each one stored (201). */
        void uploadSelfies(String order, int count) {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> uploaded = upload(order, selfie(i));
                assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            }
        }

        /**
         * Checks out with both consents and the 18+ attestation, on the notice version in force: the order then awaits
         * payment. Answers the checkout address (the sandbox's page, or Stripe's).
         */
        URI checkOut(String order) {
            String noticeVersion = field(get("/api/privacy/policy"), "version");
            HttpResponse<String> checkout = post(
                    "/api/orders/" + order + "/checkout",
                    Map.of(
                            "consents",
                            Map.of("biometricProcessing", true, "vendorDisclosure", true),
                            "noticeVersion",
                            noticeVersion,
                            "adult",
                            true));
            assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
            assertThat(status(order)).isEqualTo("awaiting_payment");
            return URI.create(field(checkout, "checkoutUrl"));
        }

        /** "Pay (sandbox)" on the sandbox's checkout page, as its form posts: the sandbox sends a signed event to the webhook. */
        void payOnSandbox(URI checkoutUrl) {
            assertThat(checkoutUrl.getPath()).startsWith("/sandbox/checkout/");
            assertThat(get(checkoutUrl.getPath()).statusCode()).isEqualTo(200);
            HttpResponse<String> paid = send(HttpRequest.newBuilder(target.base.resolve(checkoutUrl.getPath() + "/pay"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", target.base.toString())
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf))
                    .build());
            assertThat(paid.statusCode()).as(paid.body()).isBetween(300, 399);
        }

        /** The order as its owner's API answers it. */
        JsonNode orderDetails(String order) {
            return tree(get("/api/orders/" + order));
        }

        String status(String order) {
            return orderDetails(order).path("status").asText();
        }

        /** Waits for the order to be {@code wanted}; answers it as last read. */
        JsonNode awaitStatus(String order, String wanted, Duration within) {
            return awaitStatus(order, List.of(wanted), within);
        }

        /**
         * Waits for the order to reach one of {@code wanted}, polling every 100 ms; answers it as last read. Fails when
         * it does not within, or when it ends otherwise first (failed, cancelled, refunded).
         */
        JsonNode awaitStatus(String order, Collection<String> wanted, Duration within) {
            Instant deadline = Instant.now().plus(within);
            JsonNode last = orderDetails(order);
            while (!wanted.contains(last.path("status").asText())) {
                if (Instant.now().isAfter(deadline)
                        || ENDED.contains(last.path("status").asText())) {
                    throw new AssertionError("the order did not become " + String.join(" or ", wanted) + " within "
                            + within + "; last seen: " + last);
                }
                sleep(Duration.ofMillis(100));
                last = orderDetails(order);
            }
            return last;
        }

        /** Whether this visitor is signed in right now. */
        boolean signedIn() {
            return get("/api/me").statusCode() == 200;
        }

        Optional<HttpCookie> cookie(String name) {
            return cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals(name))
                    .findFirst();
        }

        static String field(HttpResponse<String> response, String name) {
            return tree(response).path(name).asText();
        }

        static JsonNode tree(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + response.body(), e);
            }
        }

        /** The problem type's last segment, such as {@code rate-limited}. */
        static String problem(HttpResponse<String> response) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(response.body())
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            String type = field(response, "type");
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }

    /** The multipart body of one selfie upload, as the order page's file input sends it. */
    static byte[] selfieUpload(String boundary, String filename, byte[] photo) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(photo.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"" + filename
                        + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }
}
