package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erased address leaves the embedded database's file, not only its tables (R16, R27): through the real node over
 * HTTP on the embedded defaults, two people sign in and one opens an order; she erases her account; once
 * the erasure and the purge that follows it are audited, the raw bytes of the H2 file — read while the node runs —
 * hold her address nowhere, and still hold the other person's (so the search reads plain text).
 */
class ErasedAddressTest {

    static final String AUDITOR = "auditor-token-for-the-erased-address-test";
    static final String ADA = "ada.lovelace@example.org";
    static final String GRACE = "grace.hopper@example.net";

    @TempDir
    Path dataDir;

    private Kaptura kaptura;
    private URI base;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        int port = AttackTarget.freePort();
        base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_AUDITOR_TOKENS", AUDITOR);
        kaptura = Main.start(
                Configuration.from(env), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        kaptura.close();
    }

    @Test
    @Tag("R27")
    @Tag("R16")
    void once_an_erasure_is_done_the_database_file_holds_no_copy_of_the_address() throws Exception {
        Person grace = signIn(GRACE);
        Person ada = signIn(ADA);
        // An order, but no selfie: with selfies the erasure waits for their deletion job and looks again 5 minutes
        // later.
        HttpResponse<String> created =
                ada.post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(grace.get("/api/me").statusCode()).isEqualTo(200);
        assertThat(copiesInTheFile(ADA))
                .as("copies of the address in the file before the erasure")
                .isPositive();

        HttpResponse<String> erased = ada.send(ada.request("/api/me").DELETE());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(202);
        String request = json.readTree(erased.body()).get("request").asText();
        AttackTarget.await(() -> purgeAudited(request), Duration.ofSeconds(60), "the purge of the erased rows audited");

        assertThat(purgeAudited(request))
                .as("the erasure completed and the purge after it was audited")
                .isTrue();
        assertThat(copiesInTheFile(ADA))
                .as("copies of the erased address in the running node's database file")
                .isZero();
        assertThat(copiesInTheFile(GRACE))
                .as("copies of a live address: the file is searched as plain text")
                .isPositive();
        assertThat(grace.get("/api/me").statusCode())
                .as("the node still serves after the rewrite")
                .isEqualTo(200);
    }

    private boolean purgeAudited(String request) {
        try {
            HttpResponse<String> events = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/api/audit/events?limit=1000"))
                                    .header("Authorization", "Bearer " + AUDITOR)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode entry : json.readTree(events.body()).get("entries")) {
                if (entry.get("action").asText().equals("erased_data_purged")
                        && entry.get("subject").get("id").asText().equals(request)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long copiesInTheFile(String address) throws IOException {
        byte[] file = Files.readAllBytes(dataDir.resolve("db").resolve("kaptura.mv.db"));
        byte[] needle = address.getBytes(StandardCharsets.UTF_8);
        long found = 0;
        outer:
        for (int i = 0; i + needle.length <= file.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (file[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }

    private Person signIn(String email) throws Exception {
        Person person = new Person();
        assertThat(person.post("/api/auth/start", Map.of("email", email)).statusCode())
                .isEqualTo(202);
        HttpResponse<String> verified = person.post("/api/auth/verify", Map.of("email", email, "code", codeFor(email)));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        person.csrf = json.readTree(verified.body()).get("csrfToken").asText();
        return person;
    }

    /** The code in the newest sign-in mail to {@code email} in the outbox. */
    private String codeFor(String email) throws IOException {
        Path outbox = dataDir.resolve("outbox");
        AttackTarget.await(
                () -> signInMail(outbox, email) != null, Duration.ofSeconds(10), "the sign-in mail in the outbox");
        Path mail = signInMail(outbox, email);
        assertThat(mail).as("a sign-in mail to %s", email).isNotNull();
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(Files.readString(mail));
        assertThat(code.find()).isTrue();
        return code.group(1);
    }

    private static Path signInMail(Path outbox, String email) {
        if (!Files.isDirectory(outbox)) {
            return null;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(p -> p.getFileName().toString().contains("sign-in"))
                    .sorted()
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("To: " + email);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .reduce((first, second) -> second)
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** One browser: its own cookies and CSRF token. */
    private final class Person {
        final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String csrf;

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(base.resolve(path)).header("Origin", base.toString());
            if (csrf != null) {
                request.header("X-CSRF-Token", csrf);
            }
            return request;
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(request(path).GET());
        }

        HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
            return send(request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        }
    }
}
