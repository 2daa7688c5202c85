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
import java.net.CookieManager;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * An upload storm against the whole node, in-process on the embedded defaults with two decoders: 32 large photos at
 * once from four signed-in people, eight each into their own draft. Every upload is answered, either stored (201) or
 * refused as busy (503 {@code server-busy} with a {@code Retry-After}, nothing kept), never with an error or a
 * dropped connection; every photo answered 201 is in its draft and in the vault; no more photos were ever decoded
 * at once than there are decoders; and a light request made while the storm runs is answered. Speed is the
 * benchmark's business ({@code bench/uploads.sh}), not this test's.
 */
@Tag("attack")
class ConcurrentUploadsAttackTest {

    private static final int PEOPLE = 4;
    private static final int PHOTOS_EACH = 8;
    private static final int DECODERS = 2;
    private static final String BOUNDARY = "kaptura-attack-boundary-91c4";
    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6})\\s*$");

    @TempDir
    Path dataDir;

    private Kaptura kaptura;
    private StorageAdapter.DecodeLoad decoders;
    private URI base;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        int port = EndToEndTest.freePort();
        base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_DECODE_CONCURRENCY", Integer.toString(DECODERS));
        env.put("KAPTURA_UPLOAD_CONCURRENCY", "8");
        env.put("KAPTURA_UPLOAD_WAIT", "5s");
        // As Main.start wires and starts a node, keeping the component to read the decoders' gauges.
        KapturaComponent wired = DaggerKapturaComponent.factory().create(Configuration.from(env), InstantSource.system());
        kaptura = wired.kaptura().start();
        decoders = wired.decodeLoad();
    }

    @AfterEach
    void stop() {
        kaptura.close();
    }

    /** One signed-in person: their own cookies, CSRF token and draft. */
    private record Person(String email, HttpClient http, String csrf, String order) {
    }

    private record Answer(Person person, int status, String body, Optional<String> retryAfter) {
    }

    @Test
    void thirty_two_large_uploads_at_once_are_each_stored_or_refused_busy_and_never_decoded_beyond_the_decoders()
            throws Exception {
        List<Person> people = signIn();
        byte[] photo = largePhoto();
        assertThat(photo.length).as("a large photo, to be decoded (over 4096 pixels a side)").isGreaterThan(2_000_000);

        List<Answer> answers = new ArrayList<>();
        int lightStatus;
        try (ExecutorService storm = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> uploads = new ArrayList<>();
            for (Person person : people) {
                for (int i = 0; i < PHOTOS_EACH; i++) {
                    uploads.add(storm.submit(() -> upload(person, photo)));
                }
            }
            // While photos are being decoded, a light request of one of the same people.
            awaitDecoding(uploads);
            HttpResponse<String> light = people.getFirst().http().send(HttpRequest.newBuilder(base.resolve("/api/orders/"
                    + people.getFirst().order())).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            lightStatus = light.statusCode();
            for (Future<Answer> upload : uploads) {
                answers.add(upload.get(5, TimeUnit.MINUTES));
            }
        }

        assertThat(answers).hasSize(PEOPLE * PHOTOS_EACH).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isIn(201, 503);
            if (answer.status() == 503) {
                assertThat(answer.body()).contains("https://kaptura.ai/problems/server-busy");
                assertThat(answer.retryAfter()).as("Retry-After").hasValue("5");
            }
        });
        long stored = answers.stream().filter(a -> a.status() == 201).count();
        assertThat(stored).as("some photos get through the storm").isPositive();
        for (Person person : people) {
            long answered201 = answers.stream().filter(a -> a.person() == person && a.status() == 201).count();
            JsonNode order = json.readTree(person.http().send(HttpRequest.newBuilder(base.resolve("/api/orders/" + person.order()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(order.get("selfies").size()).as("selfies in %s's draft", person.email()).isEqualTo((int) answered201);
        }
        assertThat(selfieObjects()).as("encrypted selfies in the vault").hasSize((int) stored);
        assertThat(decoders.permits()).isEqualTo(DECODERS);
        assertThat(decoders.mostInFlight()).as("photos decoded at once, at most").isEqualTo(DECODERS);
        assertThat(decoders.inFlight()).isZero();
        assertThat(lightStatus).as("a light request during the storm").isEqualTo(200);
    }

    // ---- the steps --------------------------------------------------------------------------------

    private List<Person> signIn() throws Exception {
        List<String> emails = new ArrayList<>();
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "storm-" + i + "@example.org";
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(post(http, null, "/api/auth/start", Map.of("email", email)).statusCode()).isEqualTo(202);
            emails.add(email);
            clients.add(http);
        }
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            HttpClient http = clients.get(i);
            HttpResponse<String> verified = post(http, null, "/api/auth/verify", Map.of("email", emails.get(i), "code", code(emails.get(i))));
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            String csrf = json.readTree(verified.body()).get("csrfToken").asText();
            HttpResponse<String> created = post(http, csrf, "/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            people.add(new Person(emails.get(i), http, csrf, json.readTree(created.body()).get("id").asText()));
        }
        return people;
    }

    private Answer upload(Person person, byte[] photo) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"me.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = person.http().send(HttpRequest.newBuilder(base.resolve("/api/orders/" + person.order() + "/selfies"))
                .timeout(Duration.ofMinutes(3))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).header("Origin", base.toString())
                .header("X-CSRF-Token", person.csrf())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(person, response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** Waits until a photo is being decoded (or every upload was already answered). */
    private void awaitDecoding(List<Future<Answer>> uploads) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (decoders.inFlight() == 0 && !uploads.stream().allMatch(Future::isDone) && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
    }

    private HttpResponse<String> post(HttpClient http, String csrf, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .header("Origin", base.toString()).POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (csrf != null) {
            request.header("X-CSRF-Token", csrf);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The code of the newest sign-in mail to {@code email} in the outbox. */
    private String code(String email) throws Exception {
        Path outbox = dataDir.resolve("outbox");
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> mails = Files.list(outbox)) {
                    for (Path mail : mails.filter(p -> p.getFileName().toString().contains("sign-in")).sorted().toList().reversed()) {
                        String text = Files.readString(mail);
                        Matcher code = CODE.matcher(text);
                        if (text.startsWith("To: " + email + "\n") && code.find()) {
                            return code.group(1);
                        }
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no sign-in code for " + email + " arrived in " + outbox);
    }

    private List<Path> selfieObjects() throws IOException {
        Path photos = dataDir.resolve("photos");
        try (Stream<Path> all = Files.walk(photos)) {
            return all.filter(Files::isRegularFile).filter(p -> photos.relativize(p).toString().contains("selfie")).toList();
        }
    }

    /** A 4800 × 3600 JPEG (17 megapixels, a few MB): over 4096 pixels a side, so every upload of it is decoded. */
    private static byte[] largePhoto() throws IOException {
        BufferedImage image = new BufferedImage(4800, 3600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), 4800, 3600, new Color(230, 200, 150)));
        g.fillRect(0, 0, 4800, 3600);
        g.setColor(new Color(220, 180, 150));
        g.fillOval(1500, 700, 1800, 2300);
        g.dispose();
        Random grain = new Random(7);
        for (int y = 0; y < 3600; y++) {
            for (int x = 0; x < 4800; x++) {
                int rgb = image.getRGB(x, y);
                int n = grain.nextInt(24) - 12;
                image.setRGB(x, y, (clamp((rgb >> 16 & 0xff) + n) << 16) | (clamp((rgb >> 8 & 0xff) + n) << 8) | clamp((rgb & 0xff) + n));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.clamp(value, 0, 255);
    }
}
