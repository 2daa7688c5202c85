package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pages, assets, API answers and errors all carry the security headers; the CSP allows no inline script. */
class SecurityHeadersTest {

    @Test
    void every_kind_of_response_carries_the_security_headers() {
        try (Server server = new Server()) {
            Server.Session ada = server.signIn("ada@example.org");
            List<HttpResponse<String>> responses = List.of(
                    server.get("/"),
                    server.get("/orders/abc/checkout"),
                    server.get("/assets/app.css"),
                    server.get("/assets/common.js"),
                    server.get("/api/plans"),
                    server.get("/api/orders"),
                    server.get("/api/orders/nope", ada),
                    server.get("/nowhere"),
                    server.json("POST", "/api/auth/start", "{"),
                    server.get("/health/live"),
                    server.get("/sandbox/checkout/chk_1"));

            for (HttpResponse<String> response : responses) {
                String where = response.request().uri().getPath() + " (" + response.statusCode() + ")";
                assertThat(response.headers().firstValue("Content-Security-Policy"))
                        .as(where)
                        .hasValueSatisfying(csp -> {
                            assertThat(csp)
                                    .contains("script-src 'self'")
                                    .contains("frame-ancestors 'none'")
                                    .contains("object-src 'none'")
                                    .doesNotContain("unsafe-inline")
                                    .doesNotContain("unsafe-eval")
                                    .doesNotContain("googletagmanager");
                        });
                assertThat(response.headers().firstValue("X-Content-Type-Options"))
                        .as(where)
                        .hasValue("nosniff");
                assertThat(response.headers().firstValue("Referrer-Policy"))
                        .as(where)
                        .hasValue("strict-origin-when-cross-origin");
                assertThat(response.headers().firstValue("X-Frame-Options"))
                        .as(where)
                        .hasValue("DENY");
            }
        }
    }

    @Test
    void api_answers_are_never_cached() {
        try (Server server = new Server()) {
            assertThat(server.get("/api/plans").headers().firstValue("Cache-Control"))
                    .hasValue("no-store");
        }
    }

    @Test
    @Tag("R40")
    void the_analytics_host_is_allowed_only_when_analytics_is_configured() {
        try (Server server = new Server(Server.Options.defaults().analytics("G-TEST1234", HttpAdapter.GA_SCRIPT_URL))) {
            String csp = server.get("/")
                    .headers()
                    .firstValue("Content-Security-Policy")
                    .orElseThrow();

            assertThat(csp)
                    .contains("script-src 'self' https://www.googletagmanager.com;")
                    .contains("https://*.google-analytics.com")
                    .doesNotContain("unsafe-inline");
        }
        try (Server server = new Server(
                Server.Options.defaults().analytics("G-TEST1234", URI.create("http://127.0.0.1:9/gtag/js")))) {
            String csp = server.get("/")
                    .headers()
                    .firstValue("Content-Security-Policy")
                    .orElseThrow();

            assertThat(csp).contains("script-src 'self' http://127.0.0.1:9;").doesNotContain("google");
        }
    }

    @Test
    void pages_load_scripts_only_from_files_never_inline() {
        try (Server server = new Server()) {
            for (String page : List.of(
                    "/", "/sign-in", "/orders", "/orders/x", "/orders/x/checkout", "/orders/x/gallery", "/privacy")) {
                String html = server.get(page).body();
                assertThat(html).as(page).contains("<script src=\"/assets/common.js\" defer></script>");
                assertThat(html.replaceAll("<script src=\"/assets/[a-z-]+\\.js\" defer></script>", ""))
                        .as(page)
                        .doesNotContain("<script")
                        .doesNotContain(" on" + "click=")
                        .doesNotContain("style=");
            }
        }
    }
}
