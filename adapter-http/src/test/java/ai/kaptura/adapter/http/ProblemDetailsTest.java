package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.in.CheckOut;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error is an RFC 9457 problem with a stable type; access is denied by default and by owner. */
class ProblemDetailsTest {

    @RegisterExtension
    static final Server server = new Server();

    /** Checks {@code order} out with these consents (a JSON object), the notice version in force and an adult's word. */
    private static HttpResponse<String> checkOut(Server.Session who, Order order, String consents) {
        return server.json("POST", "/api/orders/" + order.id() + "/checkout",
                "{\"consents\":" + consents + ",\"noticeVersion\":\"2026-01\",\"adult\":true}", who);
    }

    private static Map<String, Object> problem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        Map<String, Object> body = Server.parse(response.body());
        assertThat(body).containsEntry("type", "https://kaptura.ai/problems/" + slug).containsEntry("status", status)
                .containsKeys("title", "detail", "instance");
        assertThat((String) body.get("detail")).isNotBlank();
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Map<String, Object> problem) {
        return ((List<Map<String, String>>) problem.get("errors")).stream().map(e -> e.get("field")).toList();
    }

    private Order orderOf(Server.Session session) {
        AccountId account = server.fakes.signIn.authenticate(session.token()).orElseThrow();
        return server.fakes.orders.draftFor(account);
    }

    @Test
    void aBodyThatIsNotJsonIsAMalformedJsonProblem() {
        HttpResponse<String> response = server.json("POST", "/api/auth/start", "{\"email\": ");

        problem(response, 400, "malformed-json");
    }

    @Test
    void anUnknownFieldIsAValidationProblemNamingIt() {
        Server.Session ada = server.signIn("ada@example.org");

        Map<String, Object> body = problem(server.json("POST", "/api/orders",
                "{\"plan\":\"starter\",\"styles\":[\"office\"],\"discount\":100}", ada), 400, "validation");

        assertThat(fields(body)).containsExactly("discount");
    }

    @Test
    void aMissingOrWronglyTypedFieldIsNamedAndNothingReachesTheUseCase() {
        Server.Session ada = server.signIn("ada@example.org");

        Map<String, Object> body = problem(server.json("POST", "/api/orders", "{\"styles\":\"office\"}", ada), 400, "validation");

        assertThat(fields(body)).containsExactlyInAnyOrder("plan", "styles");
        assertThat((String) body.get("detail")).contains("'plan' is required").contains("'styles' must be an array");
    }

    @Test
    @Tag("R4")
    void aMissingConsentIsNeverDefaultedButNamed() {
        Server.Session ada = server.signIn("ada-consent@example.org");
        Order order = orderOf(ada);
        int before = server.fakes.orders.checkouts.size();

        Map<String, Object> body = problem(checkOut(ada, order, "{\"biometricProcessing\":true}"), 400, "validation");

        assertThat(fields(body)).containsExactly("consents.vendorDisclosure");
        assertThat(server.fakes.orders.checkouts).hasSize(before);
    }

    @Test
    @Tag("R4")
    void aConsentGivenAsTheStringTrueIsNotAConsent() {
        Server.Session ada = server.signIn("ada-consent@example.org");
        Order order = orderOf(ada);

        Map<String, Object> body = problem(checkOut(ada, order, "{\"biometricProcessing\":\"true\",\"vendorDisclosure\":1}"), 400, "validation");

        assertThat(fields(body)).containsExactlyInAnyOrder("consents.biometricProcessing", "consents.vendorDisclosure");
    }

    @Test
    @Tag("R4")
    @Tag("R6")
    void aRefusedConsentReachesTheUseCaseAsFalseAndIsAnsweredWithItsReason() {
        Server.Session ada = server.signIn("ada-refuses@example.org");
        Order order = orderOf(ada);

        Map<String, Object> body = problem(checkOut(ada, order, "{\"biometricProcessing\":true,\"vendorDisclosure\":false}"), 403, "consent-refused");

        assertThat(body).containsEntry("reason", "consent-refused");
        CheckOut.Command given = server.fakes.orders.checkouts.getLast();
        assertThat(given.biometricProcessing()).isTrue();
        assertThat(given.vendorDisclosure()).isFalse();
        assertThat(given.noticeVersion()).isEqualTo(Fakes.VERSION);
    }

    @Test
    @Tag("R4")
    @Tag("R5")
    @Tag("R42")
    void bothConsentsAndTheAgeAttestationGiveACheckoutUrl() {
        Server.Session ada = server.signIn("ada-pays@example.org");
        Order order = orderOf(ada);

        HttpResponse<String> response = checkOut(ada, order, "{\"biometricProcessing\":true,\"vendorDisclosure\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Server.parse(response.body())).containsEntry("checkoutUrl", "http://localhost/sandbox/checkout/ref-" + order.id());
        CheckOut.Command given = server.fakes.orders.checkouts.getLast();
        assertThat(given.adult()).isTrue();
        assertThat(given.language().tag()).isEqualTo("en");
    }

    @Test
    void aJsonRouteRefusesAnotherMediaType() {
        HttpResponse<String> response = server.send(server.request("POST", "/api/auth/start",
                HttpRequest.BodyPublishers.ofString("email=ada@example.org")).header("Content-Type", "application/x-www-form-urlencoded").build());

        problem(response, 415, "unsupported-media-type");
    }

    @Test
    void aPersonsRouteWithoutASessionIsUnauthorized() {
        problem(server.get("/api/orders"), 401, "unauthorized");
        problem(server.json("POST", "/api/orders", "{\"plan\":\"starter\",\"styles\":[\"office\"]}"), 401, "unauthorized");
    }

    @Test
    void anExpiredSessionIsUnauthorized() {
        Server.Session gone = new Server.Session("no-such-session", Cookies.csrfToken("no-such-session"));

        problem(server.get("/api/me", gone), 401, "unauthorized");
    }

    @Test
    void anotherPersonsOrderAnswersExactlyLikeOneThatDoesNotExist() {
        Server.Session ada = server.signIn("ada-owner@example.org");
        Server.Session bob = server.signIn("bob-intruder@example.org");
        Order adas = orderOf(ada);

        HttpResponse<String> hers = server.get("/api/orders/" + adas.id(), bob);
        HttpResponse<String> none = server.get("/api/orders/00000000-0000-2000-0000-00000000ffff", bob);
        HttpResponse<String> garbage = server.get("/api/orders/not-a-uuid", bob);

        problem(hers, 404, "not-found");
        problem(none, 404, "not-found");
        problem(garbage, 404, "not-found");
        assertThat(hers.body()).doesNotContain(ada.token()).doesNotContain("ada-owner");
        problem(server.get("/api/orders/" + adas.id() + "/headshots", bob), 404, "not-found");
        problem(server.json("POST", "/api/orders/" + adas.id() + "/checkout",
                "{\"consents\":{\"biometricProcessing\":true,\"vendorDisclosure\":true},\"noticeVersion\":\"2026-01\",\"adult\":true}", bob),
                404, "not-found");
        assertThat(server.get("/api/orders/" + adas.id(), ada).statusCode()).isEqualTo(200);
    }

    @Test
    void theAuditApiWantsABearerTokenAndRefusesAWrongOne() {
        HttpResponse<String> without = server.get("/api/audit/chain");
        HttpResponse<String> wrong = server.send(server.request("GET", "/api/audit/chain", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer guessed-token-000000000000000").build());
        HttpResponse<String> right = server.send(server.request("GET", "/api/audit/chain", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + Server.AUDITOR_TOKEN).build());

        problem(without, 401, "unauthorized");
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kaptura-audit\"");
        problem(wrong, 403, "forbidden");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(Server.parse(right.body())).containsEntry("intact", true);
    }

    @Test
    void aSignedInPersonIsNoAuditor() {
        Server.Session ada = server.signIn("ada@example.org");

        problem(server.get("/api/audit/requests", ada), 401, "unauthorized");
    }

    @Test
    void anAuditQueryOutOfRangeIsAValidationProblem() {
        HttpResponse<String> response = server.send(server.request("GET", "/api/audit/events?limit=100000",
                HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + Server.AUDITOR_TOKEN).build());

        assertThat(fields(problem(response, 400, "validation"))).containsExactly("limit");
    }

    @Test
    void anUnknownApiAddressIsANotFoundProblemAndAnUnknownPageIsAPage() {
        problem(server.get("/api/nothing-here"), 404, "not-found");

        HttpResponse<String> page = server.get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    @Test
    void anInvalidEmailIsRefusedWithTheUseCasesReason() {
        Map<String, Object> body = problem(server.json("POST", "/api/auth/start", "{\"email\":\"not an address\"}"), 400, "invalid-email");

        assertThat(fields(body)).containsExactly("email");
    }
}
