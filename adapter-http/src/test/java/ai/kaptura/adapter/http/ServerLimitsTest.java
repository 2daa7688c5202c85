package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's limits ({@link HttpAdapter.Limits}, {@link ServerLimits}) over raw sockets: a body trickled below the
 * minimum data rate is cut off with a 408 problem and nothing is kept; connections beyond the limit wait,
 * unaccepted, until one closes; an idle connection is closed; uploads beyond the turns to be received wait, then are
 * refused 503 {@code server-busy} with a {@code Retry-After}, while other requests are answered. Each server here has
 * limits small enough to reach from a test.
 */
class ServerLimitsTest {

    private static final String BOUNDARY = "kaptura-limits-boundary-4d1e";
    private static final Duration LONG = Duration.ofSeconds(30);

    private static HttpAdapter.Limits limits(
            int connections, Duration idle, long minRate, int uploads, Duration uploadWait) {
        return new HttpAdapter.Limits(connections, idle, minRate, uploads, uploadWait);
    }

    private static Server server(HttpAdapter.Limits limits) {
        return new Server(Server.Options.defaults().limits(limits));
    }

    private record Person(Server.Session session, Order order) {}

    private static Person person(Server server, String email) {
        Server.Session session = server.signIn(email);
        AccountId account = server.fakes.signIn.authenticate(session.token()).orElseThrow();
        return new Person(session, server.fakes.orders.draftFor(account));
    }

    private static byte[] head() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"selfie\"; filename=\"me.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] photo(int size) {
        byte[] photo = new byte[size];
        Arrays.fill(photo, (byte) 'p');
        return photo;
    }

    private static RawHttp.Request upload(Person person, String contentType, Duration pause, List<byte[]> pieces) {
        return new RawHttp.Request("POST", "/api/orders/" + person.order().id() + "/selfies")
                .header("Cookie", person.session().cookie())
                .header("X-CSRF-Token", person.session().csrf())
                .inPieces(contentType, pause, pieces);
    }

    private static String multipart() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    // ---- the minimum data rate ----------------------------------------------------------------------

    /** An upload's multipart head, then {@code count} pieces of the photo of {@code size} bytes each. */
    private static List<byte[]> headThenPhoto(int count, int size) {
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(head());
        for (int i = 0; i < count; i++) {
            pieces.add(photo(size));
        }
        return pieces;
    }

    @Test
    void an_upload_trickled_below_the_minimum_data_rate_is_cut_off_with_a_408_problem_and_nothing_is_kept() {
        try (Server server = server(limits(64, LONG, 4096, 8, LONG))) {
            Person person = person(server, "trickle@example.org");
            List<byte[]> pieces = headThenPhoto(1_000, 200); // 200 bytes every 100 ms: 2 KB a second, half the minimum

            RawHttp.Answer answer = new RawHttp(server.adapter.port())
                    .send(upload(person, multipart(), Duration.ofMillis(100), pieces));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
            assertThat(answer.isProblem()).isTrue();
            assertThat(answer.text()).contains("https://kaptura.ai/problems/too-slow");
            assertThat(server.fakes.orders.kept)
                    .as("nothing of the trickled photo is kept")
                    .isEmpty();
            assertThat(server.fakes.orders.orders.get(person.order().id()).liveSelfies())
                    .isEmpty();
        }
    }

    @Test
    void a_json_body_trickled_below_the_minimum_data_rate_is_a_408_problem_not_an_internal_error() {
        try (Server server = server(limits(64, LONG, 4096, 8, LONG))) {
            byte[] json = "{\"email\":\"slow@example.org\"}".getBytes(StandardCharsets.UTF_8);
            List<byte[]> pieces = new ArrayList<>();
            for (byte b : json) {
                pieces.add(new byte[] {b}); // one byte every 100 ms
            }

            RawHttp.Answer answer = new RawHttp(server.adapter.port())
                    .send(new RawHttp.Request("POST", "/api/auth/start")
                            .inPieces("application/json", Duration.ofMillis(100), pieces));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(408);
            assertThat(answer.text()).contains("https://kaptura.ai/problems/too-slow");
        }
    }

    @Test
    void an_upload_sent_at_a_good_pace_is_not_cut_off_by_the_minimum_data_rate() {
        try (Server server = server(limits(64, LONG, 4096, 8, LONG))) {
            Person person = person(server, "steady@example.org");
            List<byte[]> pieces = headThenPhoto(10, 4096); // 4 KB every 100 ms: ten times the minimum
            pieces.add(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));

            RawHttp.Answer answer = new RawHttp(server.adapter.port())
                    .send(upload(person, multipart(), Duration.ofMillis(100), pieces));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            assertThat(server.fakes.orders.kept).hasSize(1);
        }
    }

    /**
     * The minimum data rate is checked at every read of the body. A small photo that arrived quickly and then waited
     * for a decoder must not be cut off by a read made after that wait: the whole request is read as soon as the photo
     * has arrived. Here the closing boundary comes a moment after the photo, so it needs a read of its own.
     */
    @Test
    void a_small_photo_that_waits_after_arriving_is_not_cut_off_by_the_minimum_data_rate() {
        try (Server server = server(limits(64, LONG, 64 * 1024, 8, LONG))) {
            Person person = person(server, "waits@example.org");
            server.fakes.orders.whileUploading =
                    () -> sleep(Duration.ofMillis(1_500)); // 10 KB / 64 KB a second ≈ 0.16 s
            byte[] first = concat(head(), photo(10_000), ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII));
            byte[] last = "--\r\n".getBytes(StandardCharsets.US_ASCII);

            RawHttp.Answer answer = new RawHttp(server.adapter.port())
                    .send(upload(person, multipart(), Duration.ofMillis(100), List.of(first, last)));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            assertThat(server.fakes.orders.kept).hasSize(1);
        }
    }

    // ---- connections ------------------------------------------------------------------------------

    @Test
    void connections_beyond_the_limit_wait_unanswered_until_one_closes() throws Exception {
        try (Server server = server(limits(2, LONG, 4096, 8, LONG))) {
            int port = server.adapter.port();
            Socket first = open(port);
            Socket second = open(port);
            // Both are accepted and answered, and kept alive.
            assertThat(keptAliveAnswer(first)).startsWith("HTTP/1.1 200");
            assertThat(keptAliveAnswer(second)).startsWith("HTTP/1.1 200");

            try (Socket third = open(port)) {
                third.getOutputStream().write(wholeRequest());
                third.setSoTimeout(1_500);
                assertThatThrownBy(() -> third.getInputStream().read())
                        .as("the third connection is not answered while two are open")
                        .isInstanceOf(SocketTimeoutException.class);

                first.close();
                third.setSoTimeout(15_000);
                String answer = readAll(third.getInputStream());
                assertThat(answer).as("answered once a connection closed").startsWith("HTTP/1.1 200");
            } finally {
                second.close();
            }
        }
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() throws Exception {
        try (Server server = server(limits(64, Duration.ofMillis(500), 4096, 8, LONG));
                Socket idle = open(server.adapter.port())) {
            idle.setSoTimeout(15_000);

            assertThat(idle.getInputStream().read())
                    .as("closed by the server, nothing sent")
                    .isEqualTo(-1);
        }
    }

    @Test
    void a_connection_whose_headers_stall_is_closed_after_the_idle_timeout() throws Exception {
        String answer = answerOnAnIdleConnection("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ");

        // Jetty answers a request whose headers never finished with nothing, or with a 408 problem, then closes.
        assertThat(answer)
                .satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
    }

    @Test
    void a_kept_alive_connection_left_idle_is_closed_after_the_idle_timeout() throws Exception {
        String answer = answerOnAnIdleConnection("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(answer)
                .as("answered, then closed when it stayed idle")
                .startsWith("HTTP/1.1 200")
                .contains("\"up\"");
    }

    /** Everything a server with a half-second idle timeout sends on a connection that sent {@code sent}, then stays idle. */
    private static String answerOnAnIdleConnection(String sent) throws Exception {
        try (Server server = server(limits(64, Duration.ofMillis(500), 4096, 8, LONG));
                Socket socket = open(server.adapter.port())) {
            socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(15_000);
            return readAll(socket.getInputStream());
        }
    }

    // ---- turns to be received -----------------------------------------------------------------------

    @Test
    void an_upload_beyond_the_turns_waits_then_is_refused_busy_with_retry_after_while_other_requests_are_answered()
            throws Exception {
        try (Server server = server(limits(64, LONG, 4096, 1, Duration.ofMillis(300)))) {
            Person first = person(server, "first@example.org");
            Person second = person(server, "second@example.org");
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.fakes.orders.whileUploading = () -> {
                inside.countDown();
                await(release);
            };
            RawHttp raw = new RawHttp(server.adapter.port());
            List<byte[]> body = List.of(concat(
                    head(), photo(20_000), ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII)));

            CompletableFuture<RawHttp.Answer> holding =
                    CompletableFuture.supplyAsync(() -> raw.send(upload(first, multipart(), Duration.ZERO, body)));
            assertThat(inside.await(15, TimeUnit.SECONDS))
                    .as("the first upload holds the only turn")
                    .isTrue();
            server.fakes.orders.whileUploading = () -> {};

            RawHttp.Answer refused = raw.send(upload(second, multipart(), Duration.ZERO, body));
            RawHttp.Answer plans = raw.send(new RawHttp.Request("GET", "/api/plans"));
            release.countDown();
            RawHttp.Answer held = holding.get(15, TimeUnit.SECONDS);
            RawHttp.Answer later = raw.send(upload(second, multipart(), Duration.ZERO, body));

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.text())
                    .contains("https://kaptura.ai/problems/server-busy")
                    .contains("not stored");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(plans.status())
                    .as("other requests are answered meanwhile")
                    .isEqualTo(200);
            assertThat(held.status()).as(held.toString()).isEqualTo(201);
            assertThat(later.status()).as("the turn came back: " + later).isEqualTo(201);
            assertThat(server.fakes.orders.kept).hasSize(2);
        }
    }

    @Test
    void limits_out_of_range_are_refused_naming_their_variable() {
        assertThatThrownBy(() -> limits(0, LONG, 1, 1, LONG)).hasMessageContaining("KAPTURA_MAX_CONNECTIONS");
        assertThatThrownBy(() -> limits(1, Duration.ZERO, 1, 1, LONG)).hasMessageContaining("KAPTURA_IDLE_TIMEOUT");
        assertThatThrownBy(() -> limits(1, LONG, -1, 1, LONG)).hasMessageContaining("KAPTURA_MIN_DATA_RATE");
        assertThatThrownBy(() -> limits(1, LONG, 1, 0, LONG)).hasMessageContaining("KAPTURA_UPLOAD_CONCURRENCY");
        assertThatThrownBy(() -> limits(1, LONG, 1, 1, Duration.ofSeconds(-1)))
                .hasMessageContaining("KAPTURA_UPLOAD_WAIT");
        assertThat(HttpAdapter.Limits.defaults().uploadConcurrency()).isBetween(2, 64);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    private static byte[] wholeRequest() {
        return "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends a request that keeps its connection, and reads its one answer (headers and a Content-Length body). */
    private static String keptAliveAnswer(Socket socket) throws IOException {
        socket.getOutputStream()
                .write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before an answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines()
                .filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
                .map(l -> Integer.parseInt(l.substring(15).strip()))
                .findFirst()
                .orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (all.size() == 0 && !(e instanceof java.net.SocketException)) {
                throw e;
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
