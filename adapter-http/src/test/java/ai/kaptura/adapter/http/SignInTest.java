package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sign-in answers alike for every address, limits each network, and sets its cookies carefully. */
class SignInTest {

    @Test
    void startingAnswersTheSameForAKnownAndAnUnknownAddress() {
        try (Server server = new Server()) {
            server.fakes.signIn.known.add("known@example.org");

            HttpResponse<String> known = server.json("POST", "/api/auth/start", "{\"email\":\"known@example.org\"}");
            HttpResponse<String> unknown = server.json("POST", "/api/auth/start", "{\"email\":\"nobody@example.org\"}");

            assertThat(known.statusCode()).isEqualTo(202);
            assertThat(unknown.statusCode()).isEqualTo(202);
            assertThat(unknown.body()).isEqualTo(known.body());
            assertThat(Server.setCookies(known)).isEmpty();
            assertThat(Server.setCookies(unknown)).isEmpty();
            assertThat(server.fakes.signIn.started).extracting(e -> e.value()).containsExactly("known@example.org", "nobody@example.org");
        }
    }

    @Test
    void oneNetworkAskingForTooManyCodesIsRateLimited() {
        try (Server server = new Server()) {
            for (int i = 0; i < AuthRoutes.STARTS_PER_WINDOW; i++) {
                assertThat(server.json("POST", "/api/auth/start", "{\"email\":\"probe" + i + "@example.org\"}").statusCode()).isEqualTo(202);
            }

            HttpResponse<String> limited = server.json("POST", "/api/auth/start", "{\"email\":\"one-more@example.org\"}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Server.parse(limited.body())).containsEntry("type", "https://kaptura.ai/problems/rate-limited");
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(server.fakes.signIn.started).hasSize(AuthRoutes.STARTS_PER_WINDOW);
        }
    }

    @Test
    void aSessionCookieIsHttpOnlyLaxAndNotSecureOverPlainHttp() {
        try (Server server = new Server()) {
            HttpResponse<String> response = server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"123456\"}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String session = cookie(response, Cookies.SESSION);
            assertThat(session).contains("; HttpOnly").contains("; SameSite=Lax").contains("; Path=/").doesNotContain("Secure");
            String csrf = cookie(response, Cookies.CSRF);
            assertThat(csrf).doesNotContain("HttpOnly").contains("; SameSite=Lax");
            String token = session.substring(Cookies.SESSION.length() + 1, session.indexOf(';'));
            assertThat(server.fakes.signIn.authenticate(token)).isPresent();
            assertThat(Server.parse(response.body())).containsEntry("csrfToken", Cookies.csrfToken(token));
        }
    }

    @Test
    void overHttpsEveryCookieIsSecure() {
        try (Server server = new Server(Server.Options.defaults().baseUrl("https://kaptura.example"))) {
            HttpResponse<String> response = server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"123456\"}");

            assertThat(cookie(response, Cookies.SESSION)).contains("; HttpOnly").contains("; SameSite=Lax").endsWith("; Secure");
            assertThat(cookie(response, Cookies.CSRF)).endsWith("; Secure");
            assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
        }
    }

    @Test
    void aWrongCodeStartsNoSession() {
        try (Server server = new Server()) {
            HttpResponse<String> response = server.json("POST", "/api/auth/verify", "{\"email\":\"ada@example.org\",\"code\":\"000000\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Server.parse(response.body())).containsEntry("type", "https://kaptura.ai/problems/sign-in-code-invalid");
            assertThat(Server.setCookies(response)).isEmpty();
        }
    }

    @Test
    void theEmailedLinkSignsInAndLandsOnTheOrders() {
        try (Server server = new Server()) {
            HttpResponse<String> good = server.get("/auth/link?token=" + Fakes.GOOD_LINK);
            HttpResponse<String> bad = server.get("/auth/link?token=forged");

            assertThat(good.statusCode()).isEqualTo(303);
            assertThat(good.headers().firstValue("Location")).hasValue("/orders");
            assertThat(cookie(good, Cookies.SESSION)).contains("HttpOnly");
            assertThat(bad.statusCode()).isEqualTo(303);
            assertThat(bad.headers().firstValue("Location")).hasValue("/sign-in?link=sign-in-code-expired");
            assertThat(Server.setCookies(bad)).isEmpty();
        }
    }

    @Test
    void meAnswersTheAccountAndItsCsrfTokenAndLogoutEndsTheSession() {
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
    void aCookieChoiceIsRecordedWithItsBannerVersionAndRememberedByAnEssentialCookie() {
        try (Server server = new Server()) {
            HttpResponse<String> before = server.get("/api/cookies");
            HttpResponse<String> chosen = server.json("POST", "/api/cookies", "{\"analytics\":false,\"bannerVersion\":\"2026-01\"}");

            assertThat(Server.parse(before.body())).containsEntry("showBanner", true).containsEntry("analyticsAllowed", false);
            assertThat(Server.setCookies(before)).isEmpty();
            assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
            assertThat(Server.parse(chosen.body())).containsEntry("showBanner", false).containsEntry("analyticsAllowed", false);
            String visitor = cookie(chosen, Cookies.VISITOR);
            assertThat(visitor).contains("HttpOnly").contains("Max-Age=");
            assertThat(server.fakes.cookies.recorded).singleElement()
                    .satisfies(c -> assertThat(c.banner().value()).isEqualTo("2026-01"));
        }
    }

    private static String cookie(HttpResponse<?> response, String name) {
        List<String> all = Server.setCookies(response);
        return all.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("No " + name + " cookie in " + all));
    }
}
