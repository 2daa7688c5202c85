package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sign-in answers alike for every address, limits each network, and sets its cookies carefully. */
class SignInTest {

    @Test
    void starting_answers_the_same_for_a_known_and_an_unknown_address() {
        try (Server server = new Server()) {
            server.fakes.signIn.known.add("known@example.org");

            HttpResponse<String> known = server.json("POST", "/api/auth/start", "{\"email\":\"known@example.org\"}");
            HttpResponse<String> unknown = server.json("POST", "/api/auth/start", "{\"email\":\"nobody@example.org\"}");

            assertThat(known.statusCode()).isEqualTo(202);
            assertThat(unknown.statusCode()).isEqualTo(202);
            assertThat(unknown.body()).isEqualTo(known.body());
            assertThat(Server.setCookies(known)).isEmpty();
            assertThat(Server.setCookies(unknown)).isEmpty();
            assertThat(server.fakes.signIn.started)
                    .extracting(e -> e.value())
                    .containsExactly("known@example.org", "nobody@example.org");
        }
    }

    @Test
    void one_network_asking_for_too_many_codes_is_rate_limited() {
        try (Server server = new Server()) {
            for (int i = 0; i < NetworkLimits.SIGN_IN_START.attempts(); i++) {
                assertThat(server.json("POST", "/api/auth/start", "{\"email\":\"probe" + i + "@example.org\"}")
                                .statusCode())
                        .isEqualTo(202);
            }

            HttpResponse<String> limited =
                    server.json("POST", "/api/auth/start", "{\"email\":\"one-more@example.org\"}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Server.parse(limited.body())).containsEntry("type", "https://kaptura.ai/problems/rate-limited");
            assertThat(limited.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(server.fakes.signIn.started).hasSize(NetworkLimits.SIGN_IN_START.attempts());
        }
    }

    @Test
    void a_session_cookie_is_http_only_lax_and_not_secure_over_plain_http() {
        try (Server server = new Server()) {
            HttpResponse<String> response =
                    server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"123456\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String session = cookie(response, Cookies.SESSION);
            assertThat(session)
                    .contains("; HttpOnly")
                    .contains("; SameSite=Lax")
                    .contains("; Path=/")
                    .doesNotContain("Secure");
            String csrf = cookie(response, Cookies.CSRF);
            assertThat(csrf).doesNotContain("HttpOnly").contains("; SameSite=Lax");
            String token = session.substring(Cookies.SESSION.length() + 1, session.indexOf(';'));
            assertThat(server.fakes.signIn.authenticate(token)).isPresent();
            assertThat(Server.parse(response.body())).containsEntry("csrfToken", Cookies.csrfToken(token));
        }
    }

    @Test
    void over_https_every_cookie_is_secure() {
        try (Server server = new Server(Server.Options.defaults().baseUrl("https://kaptura.example"))) {
            HttpResponse<String> response =
                    server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"123456\"}");

            assertThat(cookie(response, Cookies.HOST_PREFIX + Cookies.SESSION))
                    .contains("; HttpOnly")
                    .contains("; SameSite=Lax")
                    .endsWith("; Secure");
            assertThat(cookie(response, Cookies.HOST_PREFIX + Cookies.CSRF)).endsWith("; Secure");
            assertThat(Server.setCookies(response))
                    .as("over HTTPS every cookie is __Host- prefixed, so no other host can set it")
                    .allMatch(
                            c -> c.startsWith(Cookies.HOST_PREFIX) && c.contains("; Path=/") && !c.contains("Domain="));
            assertThat(response.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000; includeSubDomains");
        }
    }

    @Test
    void a_wrong_code_starts_no_session() {
        try (Server server = new Server()) {
            HttpResponse<String> response =
                    server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"000000\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Server.parse(response.body()))
                    .containsEntry("type", "https://kaptura.ai/problems/sign-in-code-invalid");
            assertThat(Server.setCookies(response)).isEmpty();
        }
    }

    @Test
    @Tag("R47")
    void opening_the_emailed_link_shows_a_page_and_starts_no_session() {
        try (Server server = new Server()) {
            HttpResponse<String> opened = server.get("/auth/link?token=" + Fakes.GOOD_LINK);

            assertThat(opened.statusCode()).isEqualTo(200);
            assertThat(opened.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(opened.body()).contains("sign-in-link.js").contains("Sign in");
            assertThat(Server.setCookies(opened)).noneMatch(c -> c.startsWith(Cookies.SESSION + "="));
            assertThat(cookie(opened, Cookies.LINK_CSRF)).doesNotContain("HttpOnly");
            assertThat(server.fakes.signIn.sessions).isEmpty();
        }
    }

    @Test
    @Tag("R47")
    void the_link_pages_button_signs_in_only_from_this_site_with_the_pages_csrf_token() {
        try (Server server = new Server()) {
            String csrf = csrfOf(server.get("/auth/link?token=" + Fakes.GOOD_LINK));
            String body = "{\"token\":\"" + Fakes.GOOD_LINK + "\",\"csrf\":\"" + csrf + "\"}";

            HttpResponse<String> noOrigin = postLink(server, body, "kaptura_link_csrf=" + csrf, null);
            HttpResponse<String> foreign = postLink(server, body, "kaptura_link_csrf=" + csrf, "https://evil.example");
            HttpResponse<String> noCookie = postLink(server, body, null, "http://localhost:7070");
            HttpResponse<String> otherToken =
                    postLink(server, body, "kaptura_link_csrf=another-" + csrf, "http://localhost:7070");
            assertThat(List.of(noOrigin, foreign, noCookie, otherToken)).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(403);
                assertThat(Server.parse(r.body())).containsEntry("type", "https://kaptura.ai/problems/csrf");
                assertThat(Server.setCookies(r)).noneMatch(c -> c.startsWith(Cookies.SESSION + "="));
            });
            assertThat(server.fakes.signIn.sessions).isEmpty();

            HttpResponse<String> good = postLink(server, body, "kaptura_link_csrf=" + csrf, "http://localhost:7070");

            assertThat(good.statusCode()).as(good.body()).isEqualTo(200);
            assertThat(cookie(good, Cookies.SESSION)).contains("HttpOnly");
            assertThat(server.fakes.signIn.sessions).hasSize(1);
        }
    }

    @Test
    @Tag("R47")
    void a_browser_that_asks_for_a_code_keeps_a_nonce_and_the_link_is_followed_with_it() {
        try (Server server = new Server()) {
            HttpResponse<String> asked = server.send(server.request(
                            "POST",
                            "/api/auth/start",
                            HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.org\"}"))
                    .header("Content-Type", "application/json")
                    .header("Origin", "http://localhost:7070")
                    .build());
            HttpResponse<String> api = server.json("POST", "/api/auth/start", "{\"email\":\"bob@example.org\"}");

            String nonceCookie = cookie(asked, Cookies.SIGN_IN_BROWSER);
            assertThat(nonceCookie).contains("HttpOnly").contains("SameSite=Lax");
            String nonce = nonceCookie.substring(nonceCookie.indexOf('=') + 1, nonceCookie.indexOf(';'));
            assertThat(server.fakes.signIn.browsers)
                    .containsExactly(java.util.Optional.of(nonce), java.util.Optional.empty());
            assertThat(Server.setCookies(api))
                    .as("an API client without Origin is no known browser")
                    .isEmpty();

            String csrf = csrfOf(server.get("/auth/link?token=" + Fakes.GOOD_LINK));
            postLink(
                    server,
                    "{\"token\":\"" + Fakes.GOOD_LINK + "\",\"csrf\":\"" + csrf + "\"}",
                    "kaptura_link_csrf=" + csrf + "; kaptura_signin=" + nonce,
                    "http://localhost:7070");
            assertThat(server.fakes.signIn.followedWith).containsExactly(java.util.Optional.of(nonce));
        }
    }

    private static String csrfOf(HttpResponse<String> linkPage) {
        String cookie = cookie(linkPage, Cookies.LINK_CSRF);
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private static HttpResponse<String> postLink(Server server, String body, String cookies, String origin) {
        HttpRequest.Builder request = server.request(
                        "POST", "/api/auth/link", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (cookies != null) {
            request.header("Cookie", cookies);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return server.send(request.build());
    }

    @Test
    void me_answers_the_account_and_its_csrf_token_and_logout_ends_the_session() {
        try (Server server = new Server()) {
            Server.Session ada = server.signIn("ada@example.org");

            HttpResponse<String> me = server.get("/api/me", ada);
            HttpResponse<String> logout = server.json("POST", "/api/auth/logout", null, ada);

            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(Server.parse(me.body())).containsEntry("csrfToken", ada.csrf());
            assertThat(logout.statusCode()).isEqualTo(204);
            assertThat(cookie(logout, Cookies.SESSION)).contains("Max-Age=0");
            assertThat(server.fakes.signIn.authenticate(ada.token())).isEmpty();
            assertThat(server.get("/api/me", ada).statusCode()).isEqualTo(401);
        }
    }

    @Test
    @Tag("R41")
    void a_cookie_choice_is_recorded_with_its_banner_version_and_remembered_by_an_essential_cookie() {
        try (Server server = new Server()) {
            HttpResponse<String> before = server.get("/api/cookies");
            HttpResponse<String> chosen =
                    server.json("POST", "/api/cookies", "{\"analytics\":false,\"bannerVersion\":\"2026-01\"}");

            assertThat(Server.parse(before.body()))
                    .containsEntry("showBanner", true)
                    .containsEntry("analyticsAllowed", false);
            assertThat(Server.setCookies(before)).isEmpty();
            assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
            assertThat(Server.parse(chosen.body()))
                    .containsEntry("showBanner", false)
                    .containsEntry("analyticsAllowed", false);
            String visitor = cookie(chosen, Cookies.VISITOR);
            assertThat(visitor).contains("HttpOnly").contains("Max-Age=");
            assertThat(server.fakes.cookies.recorded)
                    .singleElement()
                    .satisfies(c -> assertThat(c.banner().value()).isEqualTo("2026-01"));
        }
    }

    private static String cookie(HttpResponse<?> response, String name) {
        List<String> all = Server.setCookies(response);
        return all.stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + name + " cookie in " + all));
    }
}
