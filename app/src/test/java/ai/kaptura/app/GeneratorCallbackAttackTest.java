package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    static final String EMAIL = "ada.lovelace@example.org";
    static final long FOREIGN_TUNE = 666_000;

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void
            hostile_callbacks_at_an_orders_real_address_fetch_nothing_they_name_and_leave_the_model_the_tune_kaptura_created()
                    throws Exception {
        // Kaptura on Astria's stand-in; behind the hostile addresses, servers that count every connection made to them.
        LocalAstria astria = targets.closeAfter(new LocalAstria());
        Listener loopback = targets.closeAfter(new Listener(null));
        Listener redirector = targets.closeAfter(new Listener("http://127.0.0.1:" + loopback.port() + "/internal"));
        AttackTarget target = targets.start(Map.of(
                "KAPTURA_GENERATOR",
                "astria",
                "ASTRIA_API_KEY",
                LocalAstria.API_KEY,
                "ASTRIA_BASE_URL",
                astria.baseUrl().toString(),
                "ASTRIA_DPA_REFERENCE",
                "DPA-ATTACK-TEST-1",
                "ASTRIA_TRANSFER",
                "STANDARD_CONTRACTUAL_CLAUSES"));
        List<String> hostile = List.of(
                "http://127.0.0.1:" + loopback.port() + "/steal.png",
                "http://localhost:" + loopback.port() + "/steal.png",
                "https://127.0.0.1:" + loopback.port() + "/steal.png",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://localhost:" + redirector.port() + "/redirect.png");

        // An order, taken to training through the product's own HTTP API.
        Visitor ada = target.browser().signIn(EMAIL);
        String order = ada.order("studio-grey", "bright-office");
        ada.uploadSelfies(order, 8);
        ada.payOnSandbox(ada.checkOut(order));
        AttackTarget.await(() -> astria.onlyTune().isPresent(), Duration.ofSeconds(60), "the selfies reach Astria");
        long ours = astria.onlyTune().orElseThrow();
        ada.awaitStatus(order, "training", Duration.ofSeconds(30));
        astria.finishTraining(ours);

        // A tune callback at the order's real address, naming another tune and images everywhere.
        ObjectNode tune = JSON.createObjectNode()
                .put("id", FOREIGN_TUNE)
                .put("title", astria.tuneTitle(ours))
                .put("trained_at", Instant.now().toString())
                .put("model_type", "lora")
                .put("base_tune_id", FOREIGN_TUNE);
        tune.putArray("orig_images")
                .addAll(hostile.stream().map(JSON.getNodeFactory()::textNode).toList());
        tune.putArray("images")
                .addAll(hostile.stream().map(JSON.getNodeFactory()::textNode).toList());
        ObjectNode body = JSON.createObjectNode();
        body.set("tune", tune);
        body.putObject("prompt")
                .put("id", 1)
                .put("tune_id", FOREIGN_TUNE)
                .putArray("images")
                .addAll(hostile.stream().map(JSON.getNodeFactory()::textNode).toList());
        HttpResponse<String> tuneCallback = callback(target, astria.tuneCallback(ours), body);

        assertThat(tuneCallback.statusCode()).as(tuneCallback.body()).isEqualTo(200);
        assertThat(Visitor.field(tuneCallback, "event")).isEqualTo("astria:" + ours + ":trained");
        AttackTarget.await(
                () -> astria.promptCount() > 0, Duration.ofSeconds(60), "headshots are asked of the trained model");
        assertThat(astria.promptCallbacks().values())
                .allSatisfy(text -> assertThat(text).startsWith("<lora:" + ours + ":1> "));

        // Astria's API now reports the images there too, and a prompt callback names them, with another tune and
        // prompt.
        astria.finishPromptsWith(hostile);
        String promptAddress = astria.promptCallbacks().keySet().iterator().next();
        ObjectNode prompt = JSON.createObjectNode()
                .put("id", 123)
                .put("tune_id", FOREIGN_TUNE)
                .put("trained_at", Instant.now().toString())
                .put("text", "<lora:" + FOREIGN_TUNE + ":1> ohwx person");
        prompt.putArray("images")
                .addAll(hostile.stream().map(JSON.getNodeFactory()::textNode).toList());
        HttpResponse<String> promptCallback =
                callback(target, promptAddress, JSON.createObjectNode().set("prompt", prompt));
        assertThat(promptCallback.statusCode()).as(promptCallback.body()).isEqualTo(200);

        // The collecting job runs, reads the prompts through the API, and refuses every address: give it time to try.
        int readsBefore = promptReads(astria);
        AttackTarget.await(
                () -> promptReads(astria) > readsBefore,
                Duration.ofSeconds(60),
                "the headshots are looked up through the API");
        Thread.sleep(2_000);

        assertThat(loopback.connections())
                .as("connections to the loopback server")
                .isZero();
        assertThat(redirector.connections())
                .as("connections to the redirecting host")
                .isZero();
        assertThat(astria.requests())
                .as("requests naming the other tune")
                .noneMatch(line -> line.contains(Long.toString(FOREIGN_TUNE)));
        assertThat(ada.status(order))
                .as("nothing was delivered from those addresses")
                .isEqualTo("generating");
        JsonNode entries = Visitor.tree(target.auditLog()).get("entries");
        assertThat(entries.findValues("subject"))
                .filteredOn(s -> s.get("type").asText().equals("model"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(Long.toString(ours)));
        for (JsonNode entry : entries) {
            ((ObjectNode) entry).remove(List.of("hash", "previousHash")); // hex digits could spell any number
            assertThat(entry.toString())
                    .doesNotContain(Long.toString(FOREIGN_TUNE))
                    .doesNotContain("169.254.169.254");
        }
    }

    /** What Astria's callback delivery does: a POST of JSON to the address, nothing else (no session, no CSRF). */
    private static HttpResponse<String> callback(AttackTarget target, String address, JsonNode body) {
        assertThat(address).startsWith(target.base + "/webhooks/generator/");
        return target.apiClient().post(address, body);
    }

    private static int promptReads(LocalAstria astria) {
        return (int) astria.requests().stream()
                .filter(line -> line.matches("GET /tunes/\\d+/prompts(/\\d+)?"))
                .count();
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
                    : "HTTP/1.1 302 Found\r\nLocation: " + location
                            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
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
