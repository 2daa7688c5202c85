package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.Visitor.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions and cross-site requests, tried against the real product (R47): an export started by another site's link,
 * a stolen session outliving "sign out everywhere" or an erasure, cookies another host could set, and HSTS.
 */
@Tag("attack")
@Tag("R47")
class SessionsAttackTest {

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void a_top_level_navigation_from_another_site_neither_exports_nor_records_a_request(AttackTarget target)
            throws Exception {
        Visitor ada = target.browser().signIn("ada@example.org");
        int requestsBefore =
                Visitor.tree(ada.get("/api/me/requests")).path("requests").size();

        // A link on another site: a GET carrying the Lax session cookie.
        HttpResponse<String> navigated = ada.get("/api/me/export");
        // A form on another site: a POST without this site's CSRF token, from another origin.
        HttpResponse<String> crossSiteForm = ada.send(HttpRequest.newBuilder(target.base.resolve("/api/me/export"))
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(""))
                .build());
        int requestsAfterTheAttacks =
                Visitor.tree(ada.get("/api/me/requests")).path("requests").size();
        HttpResponse<String> ownPage =
                ada.send(ada.request("POST", "/api/me/export", HttpRequest.BodyPublishers.ofString("_csrf=" + ada.csrf))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .build());

        assertThat(navigated.statusCode()).isIn(404, 405);
        assertThat(crossSiteForm.statusCode()).isEqualTo(403);
        assertThat(problem(crossSiteForm)).isEqualTo("csrf");
        assertThat(requestsAfterTheAttacks)
                .as("no privacy request was recorded by the attacks")
                .isEqualTo(requestsBefore);
        assertThat(ownPage.statusCode())
                .as("the privacy page's own form still downloads")
                .isEqualTo(200);
        assertThat(ownPage.headers().firstValue("Content-Type")).hasValue("application/zip");
    }

    @Test
    void sign_out_everywhere_ends_a_stolen_session_too(AttackTarget target) throws Exception {
        Visitor owner = target.browser().signIn("owner@example.org");
        Visitor thief = target.browser().signIn("owner@example.org"); // a session the thief holds

        HttpResponse<String> out = owner.post("/api/auth/logout-everywhere", null);

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(Visitor.tree(out).path("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(thief.signedIn()).isFalse();
        assertThat(owner.signedIn()).isFalse();
    }

    @Test
    void erasure_ends_every_session_at_once_not_when_its_job_runs(AttackTarget target) throws Exception {
        Visitor owner = target.browser().signIn("owner@example.org");
        Visitor otherDevice = target.browser().signIn("owner@example.org");

        HttpResponse<String> erased = owner.json("DELETE", "/api/me", null);

        assertThat(erased.statusCode()).isEqualTo(202);
        assertThat(otherDevice.get("/api/orders").statusCode())
                .as("answered right after the 202")
                .isEqualTo(401);
    }

    @Test
    void over_https_every_cookie_is_host_prefixed_and_hsts_covers_subdomains() throws Exception {
        AttackTarget target =
                targets.start(Map.of("KAPTURA_BASE_URL", "https://kaptura.test", "KAPTURA_PRODUCTION", "false"));
        Visitor bot = target.apiClient();
        bot.post("/api/auth/start", Map.of("email", "ada@example.org"));
        HttpResponse<String> verified = bot.send(bot.request(
                        "POST",
                        "/api/auth/verify",
                        HttpRequest.BodyPublishers.ofString("{\"email\":\"ada@example.org\",\"code\":\""
                                + target.latestCode("sign-in-code", "ada@example.org") + "\"}"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://kaptura.test")
                .build());

        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(verified.headers().allValues("Set-Cookie"))
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie)
                        .startsWith("__Host-")
                        .contains("; Path=/")
                        .contains("; Secure")
                        .doesNotContain("Domain="));
        assertThat(verified.headers().firstValue("Strict-Transport-Security"))
                .hasValue("max-age=31536000; includeSubDomains");
        // A cookie without the prefix, as a subdomain or a plain-http page could set it, is not a session.
        String token = verified.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-kaptura_session="))
                .findFirst()
                .map(c -> c.substring(c.indexOf('=') + 1, c.indexOf(';')))
                .orElseThrow();
        HttpResponse<String> unprefixed = bot.send(HttpRequest.newBuilder(target.base.resolve("/api/me"))
                .header("Cookie", "kaptura_session=" + token)
                .build());
        HttpResponse<String> prefixed = bot.send(HttpRequest.newBuilder(target.base.resolve("/api/me"))
                .header("Cookie", "__Host-kaptura_session=" + token)
                .build());
        assertThat(unprefixed.statusCode()).isEqualTo(401);
        assertThat(prefixed.statusCode()).isEqualTo(200);
    }
}
