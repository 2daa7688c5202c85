package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R50 over HTTP: the operator's session lives in its own cookie, its CSRF token is its own, every action carries a
 * reason, and a destructive one is refused without its fresh code.
 */
@Tag("R50")
class OperatorDeskRoutesTest {

    @RegisterExtension
    static final Server server = new Server();

    private HttpResponse<String> post(String path, String body, Server.OperatorSession session, String csrf) {
        HttpRequest.Builder request = server.request("POST", path, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Origin", "http://localhost:7070");
        if (session != null) {
            request.header("Cookie", session.cookie());
        }
        if (csrf != null) {
            request.header(Cookies.CSRF_HEADER, csrf);
        }
        return server.send(request.build());
    }

    @Test
    void signing_in_sets_the_operator_cookie_only_and_gives_its_csrf_token_in_the_answer() {
        HttpResponse<String> answer = post(
                "/api/operator/auth/verify",
                "{\"email\":\"" + OperatorFake.ADDRESS + "\",\"code\":\"" + Fakes.GOOD_CODE + "\"}",
                null,
                null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Server.setCookies(answer))
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .startsWith(Cookies.OPERATOR + "=operator-session-")
                        .contains("HttpOnly")
                        .contains("Max-Age=28800"));
        String token = Server.setCookies(answer).getFirst().split("[=;]")[1];
        assertThat(Server.parse(answer.body())).containsEntry("csrfToken", Cookies.csrfToken(token));

        HttpResponse<String> wrong = post(
                "/api/operator/auth/verify",
                "{\"email\":\"someone@example.org\",\"code\":\"" + Fakes.GOOD_CODE + "\"}",
                null,
                null);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Server.setCookies(wrong)).isEmpty();
    }

    @Test
    void a_destructive_action_without_its_fresh_code_is_refused_and_with_it_is_done_with_the_reason() {
        Server.OperatorSession op = server.operatorSignIn();
        String path = "/api/operator/requests/" + OperatorFake.REQUEST + "/refuse";
        String reason = "Manifestly unfounded: the same request every day";

        HttpResponse<String> without = post(path, "{\"reason\":\"" + reason + "\"}", op, op.csrf());
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("fresh-code-required");

        HttpResponse<String> wrong = post(path, "{\"reason\":\"" + reason + "\",\"code\":\"000000\"}", op, op.csrf());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("fresh-code-invalid");

        HttpResponse<String> with = post(
                path, "{\"reason\":\"" + reason + "\",\"code\":\"" + OperatorFake.FRESH_CODE + "\"}", op, op.csrf());
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(server.fakes.operator.actions)
                .contains(OperatorFake.OPERATOR + " refuse " + OperatorFake.REQUEST + " because " + reason);
    }

    @Test
    void an_action_needs_the_operator_sessions_own_csrf_token_and_a_real_reason() {
        Server.OperatorSession op = server.operatorSignIn();
        Server.Session person = server.signIn("ada-desk@example.org");
        String path = "/api/operator/requests/" + OperatorFake.REQUEST + "/extend";
        String body = "{\"reason\":\"The request covers many years of records\"}";

        assertThat(post(path, body, op, null).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(post(path, body, op, person.csrf()).statusCode())
                .as("a person's CSRF token")
                .isEqualTo(403);
        HttpResponse<String> shortReason = post(path, "{\"reason\":\"ok\"}", op, op.csrf());
        assertThat(shortReason.statusCode()).isEqualTo(400);
        assertThat(shortReason.body()).contains("invalid-value");
        HttpResponse<String> badKind = post(
                "/api/operator/requests",
                "{\"email\":\"ada@example.org\",\"kind\":\"gossip\",\"channel\":\"postal\",\"receivedOn\":\"2026-03-01\","
                        + "\"reason\":\"A letter that arrived this morning\"}",
                op,
                op.csrf());
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("kind").contains("access");
        assertThat(post(path, body, op, op.csrf()).statusCode()).isEqualTo(200);
    }
}
