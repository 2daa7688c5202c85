package ai.kaptura.app;

import static ai.kaptura.app.AttackTarget.Visitor.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emailed sign-in link, tried as a mail scanner and as another site would (R47): opening it starts no
 * session, its button works only from this site with the page's CSRF token, and only in the browser that asked.
 */
@Tag("attack")
@Tag("R47")
class SignInLinkAttackTest {

    private static final String ADA = "ada@example.org";

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void a_mail_scanner_that_opens_the_link_starts_no_session_and_does_not_spend_it(AttackTarget target) {
        Visitor ada = target.browser();
        assertThat(ada.post("/api/auth/start", Map.of("email", ADA)).statusCode())
                .isEqualTo(202);
        URI link = URI.create(target.latestLink(ADA));
        Visitor scanner = target.apiClient();

        HttpResponse<String> opened = scanner.get(link.getPath() + "?" + link.getRawQuery());

        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(scanner.cookie("kaptura_session")).isEmpty();
        assertThat(scanner.signedIn()).isFalse();

        // A scanner that also runs the page's script and presses the button is not the browser that asked.
        HttpResponse<String> pressed = press(scanner, link, true);
        assertThat(pressed.statusCode()).isEqualTo(403);
        assertThat(problem(pressed)).isEqualTo("sign-in-other-browser");
        assertThat(scanner.signedIn()).isFalse();

        // The person who asked opens the same link in their browser afterwards: it still works, once.
        ada.get(link.getPath() + "?" + link.getRawQuery());
        HttpResponse<String> own = press(ada, link, true);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(ada.signedIn()).isTrue();
        ada.csrf = Visitor.field(own, "csrfToken");
        assertThat(press(ada, link, true).statusCode()).as("used once").isEqualTo(400);
    }

    @Test
    void another_site_cannot_sign_a_visitor_into_the_attackers_account(AttackTarget target) {
        // The attacker asks for a link to their own account from a script: no browser to bind it to.
        target.apiClient().post("/api/auth/start", Map.of("email", "attacker@example.net"));
        URI link = URI.create(target.latestLink("attacker@example.net"));
        Visitor victim = target.browser();
        victim.get(link.getPath() + "?" + link.getRawQuery()); // even with the page's CSRF cookie in the victim's jar
        String token = link.getRawQuery().substring("token=".length());
        String pageCsrf =
                victim.cookie("kaptura_link_csrf").map(HttpCookie::getValue).orElseThrow();

        HttpResponse<String> crossSite = victim.send(victim.request(
                        "POST",
                        "/api/auth/link",
                        HttpRequest.BodyPublishers.ofString(
                                "{\"token\":\"" + token + "\",\"csrf\":\"" + pageCsrf + "\"}"))
                .header("Content-Type", "application/json")
                .setHeader("Origin", "https://evil.example")
                .build());
        HttpResponse<String> noOrigin = target.apiClient()
                .send(target.apiClient()
                        .request(
                                "POST",
                                "/api/auth/link",
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"token\":\"" + token + "\",\"csrf\":\"" + pageCsrf + "\"}"))
                        .header("Content-Type", "application/json")
                        .build());
        HttpResponse<String> guessedCsrf =
                victim.post("/api/auth/link", Map.of("token", token, "csrf", "guessed-" + pageCsrf));

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(problem(crossSite)).isEqualTo("csrf");
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(guessedCsrf.statusCode()).isEqualTo(403);
        assertThat(victim.signedIn()).isFalse();
    }

    @Test
    void a_get_of_the_old_link_route_never_sets_a_session_cookie_whatever_the_token(AttackTarget target) {
        Visitor ada = target.browser();
        ada.post("/api/auth/start", Map.of("email", ADA));
        URI link = URI.create(target.latestLink(ADA));

        HttpResponse<String> opened = ada.get(link.getPath() + "?" + link.getRawQuery());

        assertThat(opened.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("kaptura_session="));
        assertThat(ada.signedIn()).isFalse();
    }

    /** The link page's button, as its script sends it (with the page's CSRF cookie, if the visitor holds one). */
    private static HttpResponse<String> press(Visitor visitor, URI link, boolean fromThisSite) {
        String token = link.getRawQuery().substring("token=".length());
        String csrf = visitor.cookie("kaptura_link_csrf")
                .map(HttpCookie::getValue)
                .orElseGet(() -> {
                    visitor.get(link.getPath() + "?" + link.getRawQuery());
                    return visitor.cookie("kaptura_link_csrf")
                            .map(HttpCookie::getValue)
                            .orElseThrow();
                });
        HttpRequest.Builder request = visitor.request(
                        "POST",
                        "/api/auth/link",
                        HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\",\"csrf\":\"" + csrf + "\"}"))
                .header("Content-Type", "application/json");
        if (fromThisSite && !visitor.browser) {
            request.header("Origin", visitor.target.base.toString());
        }
        return visitor.send(request.build());
    }
}
