package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaptura vendors check} through {@link Main}, against local stand-ins of the three vendors (no network here):
 * {@link LocalAstria} on the free {@code fast} branch, and small stand-ins of Stripe's test mode and Resend's test
 * address, beside Kaptura's own webhook address. It cannot run against the real services from here; the README says so.
 */
@Tag("R14")
class VendorsCheckTest {

    private final CommandLine cli = new CommandLine();
    private final LocalAstria astria;
    private final HttpServer vendors;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean expireRefused;

    @TempDir
    Path dataDir;

    VendorsCheckTest() throws IOException {
        astria = new LocalAstria();
        vendors = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendors.createContext("/", this::answer);
        vendors.start();
    }

    @AfterEach
    void stop() {
        astria.close();
        vendors.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + vendors.getAddress().getPort();
    }

    /** Stripe's test mode, Resend, and Kaptura's webhook address, each answering as the real one documents. */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            requests.add(method + " " + path);
            String body;
            int status = 200;
            if (path.equals("/webhooks/payments")) {
                status = 400; // Kaptura refuses an unsigned event
                body = "{\"type\":\"invalid-signature\"}";
            } else if (path.equals("/v1/checkout/sessions") && method.equals("POST")) {
                body = "{\"id\":\"cs_test_" + sessions.incrementAndGet()
                        + "\",\"object\":\"checkout.session\",\"status\":\"open\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_1\",\"expires_at\":1900000000}";
            } else if (path.matches("/v1/checkout/sessions/cs_test_\\d+/expire")) {
                status = expireRefused ? 400 : 200;
                body = expireRefused
                        ? "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Only Checkout Sessions with a status"
                                + " of open can be expired.\"}}"
                        : "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"status\":\"expired\"}";
            } else if (path.equals("/v1/webhook_endpoints")) {
                body =
                        "{\"object\":\"list\",\"url\":\"/v1/webhook_endpoints\",\"has_more\":false,\"data\":[{\"id\":\"we_1\","
                                + "\"object\":\"webhook_endpoint\",\"url\":\"" + base()
                                + "/webhooks/payments\",\"status\":\"enabled\","
                                + "\"enabled_events\":[\"*\"]}]}";
            } else if (path.equals("/emails") && method.equals("POST")) {
                body = "{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}";
            } else if (path.startsWith("/emails/")) {
                body =
                        "{\"object\":\"email\",\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\",\"last_event\":\"delivered\"}";
            } else {
                status = 404;
                body = "{}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private Map<String, String> everyVendor() {
        Map<String, String> env = new HashMap<>();
        env.put("KAPTURA_DATA_DIR", dataDir.toString());
        env.put("KAPTURA_BASE_URL", base());
        env.put("KAPTURA_GENERATOR", "astria");
        env.put("ASTRIA_API_KEY", LocalAstria.API_KEY);
        env.put("ASTRIA_BASE_URL", astria.baseUrl().toString());
        env.put("KAPTURA_PAYMENTS", "stripe");
        env.put("STRIPE_SECRET_KEY", "sk_test_51KapturaVendorsCheck");
        env.put("STRIPE_WEBHOOK_SECRET", "whsec_kaptura_vendors_check");
        env.put("STRIPE_API_BASE", base());
        env.put("KAPTURA_EMAIL", "resend");
        env.put("RESEND_API_KEY", "re_vendors_check_key");
        env.put("RESEND_API_BASE", base());
        env.put("KAPTURA_EMAIL_FROM", "Kaptura <no-reply@kaptura.example>");
        return env;
    }

    @Test
    void vendors_check_runs_one_pass_per_vendor_and_says_what_worked_and_that_nothing_was_left_behind() {
        int code = cli.run(everyVendor(), "vendors", "check");

        String said = cli.out();
        assertThat(code).as(said + cli.err()).isZero();
        assertThat(said)
                .contains("astria:", "stripe:", "resend:")
                .doesNotContain("FAILED")
                .contains("ok     create a tune on the free fast branch")
                .contains("ok     delete what was made, each by its id")
                .contains("ok     expire it")
                .contains("delivered@resend.dev")
                .contains("kaptura: 3 of 3 vendors passed");
        assertThat(said.lines().filter(l -> l.startsWith("  left behind: "))).containsOnly("  left behind: nothing");
        assertThat(said)
                .doesNotContain(LocalAstria.API_KEY)
                .doesNotContain("sk_test_51KapturaVendorsCheck")
                .doesNotContain("re_vendors_check_key");
        assertThat(astria.requests()).contains("DELETE /tunes/7001").anyMatch(r -> r.startsWith("DELETE /prompts/"));
        assertThat(astria.onlyTune()).as("nothing of the check stays at Astria").isEmpty();
        assertThat(requests)
                .contains("POST /v1/checkout/sessions/cs_test_1/expire", "POST /webhooks/payments", "POST /emails");
    }

    @Test
    void what_a_vendor_refused_fails_the_check_and_what_it_kept_is_listed_as_left_behind() {
        expireRefused = true;

        int code = cli.run(everyVendor(), "vendors", "check");

        String said = cli.out();
        assertThat(code).isEqualTo(1);
        assertThat(said)
                .contains("FAILED expire it")
                .contains("left behind: Checkout Session cs_test_1")
                .contains("kaptura: 2 of 3 vendors passed");
    }

    @Test
    void sandbox_vendors_and_the_outbox_are_said_not_to_be_checked() {
        int code = cli.run(Map.of("KAPTURA_DATA_DIR", dataDir.toString()), "vendors", "check");

        assertThat(code).isZero();
        assertThat(cli.out())
                .contains(
                        "not checked: AI: sandbox",
                        "not checked: payments: sandbox",
                        "not checked: email: outbox",
                        "0 of 0 vendors passed (no real vendor is configured)");
        assertThat(astria.requests()).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void vendors_without_check_says_how_it_is_used() {
        assertThat(cli.run(Map.of("KAPTURA_DATA_DIR", dataDir.toString()), "vendors"))
                .isEqualTo(2);
        assertThat(cli.err()).contains("usage: kaptura vendors check");
    }
}
