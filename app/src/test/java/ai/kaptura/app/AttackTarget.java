package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real product, wired as {@code ./kaptura serve} wires it (embedded defaults unless told otherwise), on a free
 * port and a data directory of its own, for the attack suite: every attack goes over real HTTP, as an attacker's
 * would. {@link Visitor}s are browsers (a cookie jar, this site's {@code Origin} on what they send) or bare API
 * clients; the outbox is where the "victim's" mail lands.
 */
final class AttackTarget implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    final Path dataDir;
    final URI base;
    final Map<String, String> env;
    private final Kaptura kaptura;

    private AttackTarget(Path dataDir, URI base, Map<String, String> env, Kaptura kaptura) {
        this.dataDir = dataDir;
        this.base = base;
        this.env = env;
        this.kaptura = kaptura;
    }

    /** Starts the product on {@code dataDir} with the embedded defaults, changed by {@code settings}. */
    static AttackTarget start(Path dataDir, Map<String, String> settings) throws IOException {
        int port = EndToEndTest.freePort();
        URI base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_PORT", Integer.toString(port));
        env.put("KAPTURA_BASE_URL", base.toString());
        env.put("KAPTURA_SANDBOX_DELAY", "1");
        env.putAll(settings);
        Kaptura kaptura = Main.start(Configuration.from(env), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new AttackTarget(dataDir, URI.create("http://localhost:" + kaptura.port()), env, kaptura);
    }

    static AttackTarget start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /** A browser: it keeps cookies and its requests say they come from this site. */
    Visitor browser() {
        return new Visitor(this, true);
    }

    /** A script or a bot: it keeps cookies but sends no {@code Origin}. */
    Visitor apiClient() {
        return new Visitor(this, false);
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
        Matcher link = Pattern.compile("(https?://\\S+/auth/link\\?token=[A-Za-z0-9._~-]+)").matcher(mails.getLast());
        assertThat(link.find()).as("a sign-in link").isTrue();
        return link.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    @Override
    public void close() {
        kaptura.close();
    }

    /** One client of the target: a browser or a script, with its own cookie jar. */
    static final class Visitor {
        final AttackTarget target;
        final boolean browser;
        final CookieManager cookies = new CookieManager();
        final HttpClient http;
        String csrf;

        Visitor(AttackTarget target, boolean browser) {
            this.target = target;
            this.browser = browser;
            this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.base.resolve(path)).timeout(Duration.ofSeconds(60))
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
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> get(String path) {
            return send(request("GET", path, HttpRequest.BodyPublishers.noBody()).build());
        }

        /** A JSON request ({@code body} is a map or list, or null for none). */
        HttpResponse<String> json(String method, String path, Object body) {
            try {
                HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
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
            return this;
        }

        /** A new draft order of the starter plan; answers its id. */
        String order() {
            HttpResponse<String> created = post("/api/orders", Map.of("plan", "starter", "styles", List.of("studio-grey")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            return field(created, "id");
        }

        /** One photo into an order, as the page's file input sends it. */
        HttpResponse<String> upload(String order, byte[] photo) {
            String boundary = "kaptura-attack-boundary-5b1e";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"me.jpg\""
                    + "\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(photo);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return send(request("POST", "/api/orders/" + order + "/selfies", HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).build());
        }

        /** Whether this visitor is signed in right now. */
        boolean signedIn() {
            return get("/api/me").statusCode() == 200;
        }

        Optional<HttpCookie> cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst();
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
            assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            String type = field(response, "type");
            return type.substring(type.lastIndexOf('/') + 1);
        }
    }
}
