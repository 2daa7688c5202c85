package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A state-changing request carrying the session cookie needs the session's CSRF token and this site's origin. */
class CsrfTest {

    private static final String NEW_ORDER = "{\"plan\":\"starter\",\"styles\":[\"office\"]}";

    @RegisterExtension
    static final Server server = new Server();

    private HttpRequest.Builder newOrder(Server.Session session) {
        return server.request("POST", "/api/orders", HttpRequest.BodyPublishers.ofString(NEW_ORDER))
                .header("Content-Type", "application/json")
                .header("Cookie", session.cookie());
    }

    private static void assertCsrfProblem(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Server.parse(response.body())).containsEntry("type", "https://kaptura.ai/problems/csrf");
    }

    @Test
    void a_session_cookie_without_the_token_is_refused() {
        Server.Session ada = server.signIn("ada@example.org");
        int before = server.fakes.orders.orders.size();

        assertCsrfProblem(server.send(newOrder(ada).build()));
        assertThat(server.fakes.orders.orders).hasSize(before);
    }

    @Test
    void another_sessions_token_is_refused() {
        Server.Session ada = server.signIn("ada@example.org");
        Server.Session bob = server.signIn("bob@example.org");

        assertCsrfProblem(
                server.send(newOrder(ada).header("X-CSRF-Token", bob.csrf()).build()));
        assertCsrfProblem(server.send(newOrder(ada).header("X-CSRF-Token", "").build()));
    }

    @Test
    void the_sessions_own_token_passes() {
        Server.Session ada = server.signIn("ada@example.org");

        HttpResponse<String> response =
                server.send(newOrder(ada).header("X-CSRF-Token", ada.csrf()).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("/api/orders/"));
    }

    @Test
    void a_request_from_another_site_is_refused_even_with_the_token() {
        Server.Session ada = server.signIn("ada@example.org");

        assertCsrfProblem(server.send(newOrder(ada)
                .header("X-CSRF-Token", ada.csrf())
                .header("Origin", "https://evil.example")
                .build()));
        assertCsrfProblem(server.send(newOrder(ada)
                .header("X-CSRF-Token", ada.csrf())
                .header("Referer", "https://evil.example/page")
                .build()));
    }

    @Test
    void the_sites_own_origin_passes() {
        Server.Session ada = server.signIn("ada@example.org");

        HttpResponse<String> configured = server.send(newOrder(ada)
                .header("X-CSRF-Token", ada.csrf())
                .header("Origin", "http://localhost:7070")
                .build());
        HttpResponse<String> asServed = server.send(newOrder(ada)
                .header("X-CSRF-Token", ada.csrf())
                .header("Origin", "http://127.0.0.1:" + server.adapter.port())
                .build());

        assertThat(configured.statusCode()).as(configured.body()).isEqualTo(201);
        assertThat(asServed.statusCode()).as(asServed.body()).isEqualTo(201);
    }

    @Test
    void deleting_and_patching_need_the_token_too() {
        Server.Session ada = server.signIn("ada@example.org");

        assertCsrfProblem(server.send(server.request("DELETE", "/api/me", HttpRequest.BodyPublishers.noBody())
                .header("Cookie", ada.cookie())
                .build()));
        assertCsrfProblem(server.send(server.request(
                        "PATCH", "/api/me", HttpRequest.BodyPublishers.ofString("{\"email\":\"new@example.org\"}"))
                .header("Content-Type", "application/json")
                .header("Cookie", ada.cookie())
                .build()));
        assertThat(server.fakes.privacy.requests).isEmpty();
        assertThat(server.fakes.privacy.rectifications).isEmpty();
    }

    @Test
    void reading_needs_no_token() {
        Server.Session ada = server.signIn("ada@example.org");

        assertThat(server.get("/api/orders", ada).statusCode()).isEqualTo(200);
    }

    @Test
    void webhooks_carry_no_session_and_need_no_token() {
        HttpResponse<String> payment = server.send(server.request(
                        "POST", "/webhooks/payments", HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("Origin", "https://vendor.example")
                .build());
        HttpResponse<String> withStrayCookie =
                server.send(server.request("POST", "/webhooks/generator/tok", HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Cookie", server.signIn("ada@example.org").cookie())
                        .build());

        assertThat(payment.statusCode()).as(payment.body()).isEqualTo(200);
        assertThat(withStrayCookie.statusCode()).as(withStrayCookie.body()).isEqualTo(200);
    }

    @Test
    void a_visitor_without_session_may_record_a_cookie_choice_without_token() {
        HttpResponse<String> response =
                server.json("POST", "/api/cookies", "{\"analytics\":true,\"bannerVersion\":\"2026-01\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void the_sandbox_form_carries_the_token_as_a_form_field() {
        Server.Session ada = server.signIn("ada@example.org");
        server.fakes.sandbox.states.put("chk_csrf", ai.kaptura.ports.out.LocalCheckout.State.OPEN);

        HttpResponse<String> without = server.send(
                server.request("POST", "/sandbox/checkout/chk_csrf/pay", HttpRequest.BodyPublishers.ofString(""))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", ada.cookie())
                        .build());
        HttpResponse<String> with = server.send(server.request(
                        "POST",
                        "/sandbox/checkout/chk_csrf/pay",
                        HttpRequest.BodyPublishers.ofString("_csrf=" + ada.csrf()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", ada.cookie())
                .build());

        assertCsrfProblem(without);
        assertThat(with.statusCode()).isEqualTo(303);
        assertThat(server.fakes.sandbox.actions).containsExactly("pay:chk_csrf");
    }
}
