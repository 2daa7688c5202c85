package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product through real HTTP on the embedded defaults (H2, filesystem vault, sandbox generator and
 * payments, email outbox): sign in with the code from the outbox, order, upload ten JPEGs that carry GPS,
 * check out with both consents, pay on the sandbox page, wait for delivery. Then: the headshots carry the
 * AI marker, no selfie is left in the vault, the audit chain verifies, and no stored selfie ever had GPS. And
 * consent renewal (R9) through the operator's publish-policy command, the email that says the order waits, and the
 * order API.
 */
class EndToEndTest {

    static final String AUDITOR = "auditor-token-for-the-end-to-end-test";
    static final String EMAIL = "ada.lovelace@example.org";

    @TempDir
    Path dataDir;

    private Kaptura kaptura;
    private URI base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String csrf;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        int port = freePort();
        base = URI.create("http://localhost:" + port);
        env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_SANDBOX_DELAY", "1");
        env.put("KAPTURA_AUDITOR_TOKENS", AUDITOR);
        kaptura = Main.start(Configuration.from(env), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        kaptura.close();
    }

    @Test
    @Tag("R10")
    @Tag("R37")
    @Tag("R43")
    @Tag("R46")
    void a_person_signs_in_orders_uploads_consents_pays_and_receives_marked_headshots_and_their_selfies_are_gone()
            throws Exception {
        // Sign in with the code that landed in the outbox.
        signIn();

        // Order and upload ten photos that carry GPS.
        HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey", "bright-office")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String order = json.readTree(created.body()).get("id").asText();
        for (int i = 0; i < 10; i++) {
            byte[] photo = jpegWithGps(i);
            assertThat(hasGps(photo)).as("the upload carries GPS").isTrue();
            HttpResponse<String> uploaded = upload("/api/orders/" + order + "/selfies", "selfie-" + i + ".jpg", photo);
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        }
        assertThat(selfieObjects()).as("the selfies are in the vault, encrypted").hasSize(10);
        assertThat(storedSelfiesFromExport()).hasSize(10).allSatisfy(stored -> assertThat(hasGps(stored)).isFalse());

        // Check out with both consents and the 18+ attestation, on the notice version shown; pay on the sandbox page.
        payOnSandbox(checkOut(order));

        // Wait for training, generation and delivery (sandbox callbacks through the same path as Astria's).
        JsonNode delivered = awaitStatus(order, "delivered", Duration.ofSeconds(90));
        assertThat(delivered.get("status").asText()).isEqualTo("delivered");

        JsonNode headshots = json.readTree(get("/api/orders/" + order + "/headshots").body());
        assertThat(headshots.get("aiGenerated").asBoolean()).isTrue();
        assertThat(headshots.get("headshots").size()).isGreaterThanOrEqualTo(8);
        for (JsonNode headshot : headshots.get("headshots")) {
            HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(base.resolve(headshot.get("url").asText())).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            String xmp = new String(image.body(), StandardCharsets.ISO_8859_1);
            assertThat(xmp).as("the IPTC digital source type in the file's XMP")
                    .contains("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
            assertThat(xmp).doesNotContain(EMAIL);
        }

        // Delivered: the selfies are deleted at once (R10) — no object, so nothing to decrypt.
        awaitTrue(() -> selfieObjects().isEmpty(), Duration.ofSeconds(30));
        assertThat(selfieObjects()).isEmpty();
        assertThat(Files.list(dataDir.resolve("outbox")).map(Path::toString)).anyMatch(n -> n.contains("headshots-ready"));

        // The audit chain verifies and holds pseudonymous ids only.
        HttpResponse<String> chain = http.send(HttpRequest.newBuilder(base.resolve("/api/audit/chain"))
                .header("Authorization", "Bearer " + AUDITOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(json.readTree(chain.body()).get("intact").asBoolean()).as(chain.body()).isTrue();
        HttpResponse<String> events = http.send(HttpRequest.newBuilder(base.resolve("/api/audit/events?limit=500"))
                .header("Authorization", "Bearer " + AUDITOR).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.body()).contains("selfie").doesNotContain(EMAIL);
    }

    /**
     * R9 through the whole product: a policy version material for biometrics, published by the operator's command
     * while the node runs, takes effect after the person consented and before they pay. The paid order is not sent
     * to the vendor; its page says consent must be renewed, and so does an email; once renewed on the new notices, it is
     * delivered.
     */
    @Test
    @Tag("R9")
    void a_material_policy_taking_effect_before_payment_holds_the_order_until_consent_is_renewed() throws Exception {
        signIn();
        HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")));
        String order = json.readTree(created.body()).get("id").asText();
        for (int i = 0; i < 8; i++) {
            assertThat(upload("/api/orders/" + order + "/selfies", "selfie-" + i + ".jpg", jpegWithGps(i)).statusCode()).isEqualTo(201);
        }
        URI checkoutUrl = checkOut(order);

        Instant effective = Instant.now().plusSeconds(2);
        Path policy = Files.createDirectories(dataDir.resolve("policy-2099-01"));
        Files.writeString(policy.resolve("policy.properties"), "version=2099-01\neffective-at=" + effective
                + "\nmaterial-for-biometrics=true\nsummary=Selfies also train a lighting model\n");
        for (String notice : List.of("biometric-processing", "vendor-disclosure", "adult-attestation", "privacy-policy")) {
            Files.writeString(policy.resolve(notice + ".en.txt"), "The new " + notice + " notice.");
        }
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"publish-policy", policy.toString()}, env,
                new PrintStream(said, true, StandardCharsets.UTF_8), new PrintStream(said, true, StandardCharsets.UTF_8)))
                .as(said.toString(StandardCharsets.UTF_8)).isZero();
        awaitTrue(() -> Instant.now().isAfter(effective.plusMillis(100)), Duration.ofSeconds(10));
        payOnSandbox(checkoutUrl);

        JsonNode waiting = awaitStatus(order, "paid", Duration.ofSeconds(30));
        Thread.sleep(3_000); // the sandbox would have trained by now (KAPTURA_SANDBOX_DELAY=1)
        waiting = json.readTree(get("/api/orders/" + order).body());
        assertThat(waiting.get("status").asText()).as("not sent to the vendor").isEqualTo("paid");
        assertThat(waiting.get("processingBlocker").get("reason").asText()).isEqualTo("consent-stale");
        Path outbox = dataDir.resolve("outbox");
        awaitTrue(() -> list(outbox).stream().anyMatch(p -> p.toString().contains("consent-renewal-needed")), Duration.ofSeconds(20));
        Path notice = list(outbox).stream().filter(p -> p.toString().contains("consent-renewal-needed")).findFirst()
                .orElseThrow(() -> new AssertionError("the person is emailed that the order waits for renewed consent"));
        assertThat(Files.readString(notice)).contains("Selfies also train a lighting model").contains("/orders/" + order)
                .contains("cancel the order");

        JsonNode current = json.readTree(get("/api/privacy/policy").body());
        assertThat(current.get("version").asText()).isEqualTo("2099-01");
        HttpResponse<String> renewed = post("/api/orders/" + order + "/consents/renew", Map.of(
                "consents", Map.of("biometricProcessing", true, "vendorDisclosure", true), "noticeVersion", "2099-01", "adult", true));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);

        JsonNode delivered = awaitStatus(order, "delivered", Duration.ofSeconds(90));
        assertThat(delivered.get("processingBlocker").isNull()).isTrue();
    }

    // ---- the steps --------------------------------------------------------------------------------

    /** Signs in with the code from the outbox; keeps the session cookie and the CSRF token. */
    private void signIn() throws Exception {
        assertThat(post("/api/auth/start", Map.of("email", EMAIL)).statusCode()).isEqualTo(202);
        HttpResponse<String> verified = post("/api/auth/verify", Map.of("email", EMAIL, "code", codeFromOutbox()));
        assertThat(verified.statusCode()).isEqualTo(200);
        csrf = json.readTree(verified.body()).get("csrfToken").asText();
    }

    /** Both consents and the 18+ attestation, on the notice version in force; answers the sandbox checkout page. */
    private URI checkOut(String order) throws Exception {
        String noticeVersion = json.readTree(get("/api/privacy/policy").body()).get("version").asText();
        HttpResponse<String> checkout = post("/api/orders/" + order + "/checkout", Map.of(
                "consents", Map.of("biometricProcessing", true, "vendorDisclosure", true),
                "noticeVersion", noticeVersion, "adult", true));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        URI checkoutUrl = URI.create(json.readTree(checkout.body()).get("checkoutUrl").asText());
        assertThat(checkoutUrl.getPath()).startsWith("/sandbox/checkout/");
        return checkoutUrl;
    }

    /** The sandbox page's form posts back; the sandbox sends a signed payment event to the webhook. */
    private void payOnSandbox(URI checkoutUrl) throws Exception {
        assertThat(get(checkoutUrl.getPath()).statusCode()).isEqualTo(200);
        HttpResponse<String> paid = http.send(HttpRequest.newBuilder(base.resolve(checkoutUrl.getPath() + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base.toString())
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).as(paid.body()).isBetween(300, 399);
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
        String boundary = "kaptura-test-boundary-7f3a";
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

    private String codeFromOutbox() throws IOException {
        Path outbox = dataDir.resolve("outbox");
        awaitTrue(() -> Files.isDirectory(outbox) && list(outbox).stream().anyMatch(p -> p.toString().contains("sign-in")),
                Duration.ofSeconds(10));
        Path mail = list(outbox).stream().filter(p -> p.toString().contains("sign-in")).findFirst().orElseThrow();
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(Files.readString(mail));
        assertThat(code.find()).as("a 6-digit code in %s", mail).isTrue();
        return code.group(1);
    }

    private JsonNode awaitStatus(String order, String wanted, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = json.readTree(get("/api/orders/" + order).body());
            if (wanted.equals(last.path("status").asText())) {
                return last;
            }
            if (List.of("failed", "cancelled", "refunded").contains(last.path("status").asText())) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the order did not become " + wanted + " within " + within + "; last seen: " + last);
    }

    /** The selfie objects in the filesystem vault, found by their opaque keys' prefix. */
    private List<Path> selfieObjects() {
        Path photos = dataDir.resolve("photos");
        if (!Files.isDirectory(photos)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(photos)) {
            return all.filter(Files::isRegularFile).filter(p -> photos.relativize(p).toString().contains("selfie")).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The selfies exactly as stored, from the person's own export (R29). */
    private List<byte[]> storedSelfiesFromExport() throws IOException, InterruptedException {
        HttpResponse<byte[]> export = http.send(HttpRequest.newBuilder(base.resolve("/api/me/export")).header("Origin", base.toString())
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        List<byte[]> images = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                byte[] bytes = zip.readAllBytes();
                if (entry.getName().contains("selfie") && bytes.length > 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
                    images.add(bytes);
                }
            }
        }
        return images;
    }

    // ---- photos -----------------------------------------------------------------------------------

    /** A 640×640 JPEG with an EXIF GPS position, different for each {@code seed}. */
    static byte[] jpegWithGps(int seed) throws Exception {
        BufferedImage image = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40 + seed * 20, 90, 160), 640, 640, new Color(230, 200 - seed * 10, 150)));
        g.fillRect(0, 0, 640, 640);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(200, 140, 240, 300);
        g.dispose();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", plain);
        TiffOutputSet exif = new TiffOutputSet();
        exif.setGpsInDegrees(-0.1276 + seed / 1000.0, 51.5072);
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), tagged, exif);
        return tagged.toByteArray();
    }

    static boolean hasGps(byte[] jpeg) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
            GpsDirectory gps = metadata.getFirstDirectoryOfType(GpsDirectory.class);
            return gps != null && gps.getGeoLocation() != null;
        } catch (Exception e) {
            throw new AssertionError("the photo cannot be read", e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
