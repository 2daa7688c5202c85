package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.in.CheckOut;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
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
        return server.json(
                "POST",
                "/api/orders/" + order.id() + "/checkout",
                "{\"consents\":" + consents + ",\"noticeVersion\":\"2026-01\",\"adult\":true}",
                who);
    }

    private static Map<String, Object> problem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        Map<String, Object> body = Server.parse(response.body());
        assertThat(body)
                .containsEntry("type", "https://kaptura.ai/problems/" + slug)
                .containsEntry("status", status)
                .containsKeys("title", "detail", "instance");
        assertThat((String) body.get("detail")).isNotBlank();
        return body;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(Map<String, Object> problem) {
        return ((List<Map<String, String>>) problem.get("errors"))
                .stream().map(e -> e.get("field")).toList();
    }

    private Order orderOf(Server.Session session) {
        AccountId account = server.fakes.signIn.authenticate(session.token()).orElseThrow();
        return server.fakes.orders.draftFor(account);
    }

    @Test
    void a_body_that_is_not_json_is_a_malformed_json_problem() {
        HttpResponse<String> response = server.json("POST", "/api/auth/start", "{\"email\": ");

        problem(response, 400, "malformed-json");
    }

    @Test
    void an_unknown_field_is_a_validation_problem_naming_it() {
        Server.Session ada = server.signIn("ada@example.org");

        Map<String, Object> body = problem(
                server.json(
                        "POST", "/api/orders", "{\"plan\":\"starter\",\"styles\":[\"office\"],\"discount\":100}", ada),
                400,
                "validation");

        assertThat(fields(body)).containsExactly("discount");
    }

    @Test
    void a_missing_or_wrongly_typed_field_is_named_and_nothing_reaches_the_use_case() {
        Server.Session ada = server.signIn("ada@example.org");

        Map<String, Object> body =
                problem(server.json("POST", "/api/orders", "{\"styles\":\"office\"}", ada), 400, "validation");

        assertThat(fields(body)).containsExactlyInAnyOrder("plan", "styles");
        assertThat((String) body.get("detail")).contains("'plan' is required").contains("'styles' must be an array");
    }

    @Test
    @Tag("R4")
    void a_missing_consent_is_never_defaulted_but_named() {
        Server.Session ada = server.signIn("ada-consent@example.org");
        Order order = orderOf(ada);
        int before = server.fakes.orders.checkouts.size();

        Map<String, Object> body = problem(checkOut(ada, order, "{\"biometricProcessing\":true}"), 400, "validation");

        assertThat(fields(body)).containsExactly("consents.vendorDisclosure");
        assertThat(server.fakes.orders.checkouts).hasSize(before);
    }

    @Test
    @Tag("R4")
    void a_consent_given_as_the_string_true_is_not_a_consent() {
        Server.Session ada = server.signIn("ada-consent@example.org");
        Order order = orderOf(ada);

        Map<String, Object> body = problem(
                checkOut(ada, order, "{\"biometricProcessing\":\"true\",\"vendorDisclosure\":1}"), 400, "validation");

        assertThat(fields(body)).containsExactlyInAnyOrder("consents.biometricProcessing", "consents.vendorDisclosure");
    }

    @Test
    @Tag("R4")
    @Tag("R6")
    void a_refused_consent_reaches_the_use_case_as_false_and_is_answered_with_its_reason() {
        Server.Session ada = server.signIn("ada-refuses@example.org");
        Order order = orderOf(ada);

        Map<String, Object> body = problem(
                checkOut(ada, order, "{\"biometricProcessing\":true,\"vendorDisclosure\":false}"),
                403,
                "consent-refused");

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
    void both_consents_and_the_age_attestation_give_a_checkout_url() {
        Server.Session ada = server.signIn("ada-pays@example.org");
        Order order = orderOf(ada);

        HttpResponse<String> response =
                checkOut(ada, order, "{\"biometricProcessing\":true,\"vendorDisclosure\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Server.parse(response.body()))
                .containsEntry("checkoutUrl", "http://localhost/sandbox/checkout/ref-" + order.id());
        CheckOut.Command given = server.fakes.orders.checkouts.getLast();
        assertThat(given.adult()).isTrue();
        assertThat(given.language().tag()).isEqualTo("en");
    }

    @Test
    void a_json_route_refuses_another_media_type() {
        HttpResponse<String> response = server.send(
                server.request("POST", "/api/auth/start", HttpRequest.BodyPublishers.ofString("email=ada@example.org"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .build());

        problem(response, 415, "unsupported-media-type");
    }

    @Test
    void a_persons_route_without_a_session_is_unauthorized() {
        problem(server.get("/api/orders"), 401, "unauthorized");
        problem(
                server.json("POST", "/api/orders", "{\"plan\":\"starter\",\"styles\":[\"office\"]}"),
                401,
                "unauthorized");
    }

    @Test
    void an_expired_session_is_unauthorized() {
        Server.Session gone = new Server.Session("no-such-session", Cookies.csrfToken("no-such-session"));

        problem(server.get("/api/me", gone), 401, "unauthorized");
    }

    @Test
    void another_persons_order_answers_exactly_like_one_that_does_not_exist() {
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
        problem(
                server.json(
                        "POST",
                        "/api/orders/" + adas.id() + "/checkout",
                        "{\"consents\":{\"biometricProcessing\":true,\"vendorDisclosure\":true},\"noticeVersion\":\"2026-01\",\"adult\":true}",
                        bob),
                404,
                "not-found");
        assertThat(server.get("/api/orders/" + adas.id(), ada).statusCode()).isEqualTo(200);
    }

    @Test
    void the_audit_api_wants_a_bearer_token_and_refuses_a_wrong_one() {
        HttpResponse<String> without = server.get("/api/audit/chain");
        HttpResponse<String> wrong =
                server.send(server.request("GET", "/api/audit/chain", HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer guessed-token-000000000000000")
                        .build());
        HttpResponse<String> right = server.getAsAuditor("/api/audit/chain");

        problem(without, 401, "unauthorized");
        assertThat(without.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"kaptura-audit\"");
        problem(wrong, 403, "forbidden");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(Server.parse(right.body())).containsEntry("intact", true);
    }

    @Test
    @Tag("R50")
    void the_auditor_reads_the_audit_key_and_the_signed_checkpoints_each_verifiable_offline() throws Exception {
        HttpResponse<String> response = server.getAsAuditor("/api/audit/checkpoints?limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("algorithm").asText()).isEqualTo("Ed25519");
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(
                        Base64.getDecoder().decode(body.path("publicKey").asText())));
        JsonNode checkpoint = body.path("checkpoints").get(0);
        assertThat(checkpoint.path("sequence").asLong()).isEqualTo(7);
        assertThat(AuditCheckpoint.Signed.parse(checkpoint.path("text").asText())
                        .verifiedBy(key))
                .as("the one-line text form checks against the key, without the database")
                .isTrue();
        problem(server.get("/api/audit/checkpoints"), 401, "unauthorized");
        problem(server.getAsAuditor("/api/audit/checkpoints?limit=0"), 400, "validation");
    }

    @Test
    void a_signed_in_person_is_no_auditor() {
        Server.Session ada = server.signIn("ada@example.org");

        problem(server.get("/api/audit/requests", ada), 401, "unauthorized");
    }

    @Test
    void an_audit_query_out_of_range_is_a_validation_problem() {
        HttpResponse<String> response = server.getAsAuditor("/api/audit/events?limit=100000");

        assertThat(fields(problem(response, 400, "validation"))).containsExactly("limit");
    }

    @Test
    void an_unknown_api_address_is_a_not_found_problem_and_an_unknown_page_is_a_page() {
        problem(server.get("/api/nothing-here"), 404, "not-found");

        HttpResponse<String> page = server.get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    }

    @Test
    void an_invalid_email_is_refused_with_the_use_cases_reason() {
        Map<String, Object> body =
                problem(server.json("POST", "/api/auth/start", "{\"email\":\"not an address\"}"), 400, "invalid-email");

        assertThat(fields(body)).containsExactly("email");
    }
}
