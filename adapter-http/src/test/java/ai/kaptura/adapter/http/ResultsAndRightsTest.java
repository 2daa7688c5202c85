package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.in.UploadSelfie;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Headshots labelled AI-generated, and the privacy rights as API calls. */
class ResultsAndRightsTest {

    @RegisterExtension
    static final Server server = new Server();

    private static AccountId account(Server.Session session) {
        return server.fakes.signIn.authenticate(session.token()).orElseThrow();
    }

    private static void problem(HttpResponse<String> response, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Server.parse(response.body())).containsEntry("type", "https://kaptura.ai/problems/" + slug);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static HttpResponse<byte[]> getBytes(String path, Server.Session session) {
        return server.sendForBytes(server.request("GET", path, HttpRequest.BodyPublishers.noBody())
                .header("Cookie", session.cookie())
                .build());
    }

    @Test
    @Tag("R44")
    @SuppressWarnings("unchecked")
    void every_headshot_is_labelled_ai_generated_in_the_list_and_on_its_file() {
        Server.Session ada = server.signIn("ada-results@example.org");
        Order order = server.fakes.orders.draftFor(account(ada));
        Headshot headshot = server.fakes.orders.deliverHeadshot(order);

        HttpResponse<String> list = server.get("/api/orders/" + order.id() + "/headshots", ada);
        HttpResponse<byte[]> file = getBytes("/api/headshots/" + headshot.id() + "?download=1", ada);

        Map<String, Object> body = Server.parse(list.body());
        assertThat(body).containsEntry("aiGenerated", true);
        assertThat((List<Map<String, Object>>) body.get("headshots"))
                .singleElement()
                .satisfies(h -> {
                    assertThat(h)
                            .containsEntry("aiGenerated", true)
                            .containsEntry("label", "AI-generated")
                            .containsEntry("style", headshot.style().value())
                            .containsEntry(
                                    "styleTitle",
                                    Fakes.STARTER.styles().stream()
                                            .filter(s -> s.id().equals(headshot.style()))
                                            .findFirst()
                                            .orElseThrow()
                                            .title())
                            .containsEntry(
                                    "digitalSourceType",
                                    "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
                });
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("X-AI-Generated")).hasValue("true");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(file.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment").contains("ai-generated.jpg"));
        assertThat(file.body()).isEqualTo(Fakes.JPEG);
    }

    @Test
    @Tag("R42")
    void the_person_says_once_that_they_are_18_or_older_as_a_json_boolean_never_defaulted() {
        Server.Session cleo = server.signIn("cleo-age@example.org");
        server.fakes.signIn.ageNotStated.add(account(cleo));
        assertThat(Server.parse(server.get("/api/me", cleo).body())).containsEntry("adultStated", false);

        problem(server.json("POST", "/api/me/age", "{\"noticeVersion\":\"2026-03\"}", cleo), "validation");
        problem(
                server.json("POST", "/api/me/age", "{\"adult\":\"yes\",\"noticeVersion\":\"2026-03\"}", cleo),
                "validation");
        problem(
                server.json("POST", "/api/me/age", "{\"adult\":false,\"noticeVersion\":\"2026-03\"}", cleo),
                "adult-attestation-missing");
        assertThat(server.json("POST", "/api/me/age", "{\"adult\":true,\"noticeVersion\":\"2026-03\"}")
                        .statusCode())
                .as("signed out")
                .isEqualTo(401);

        HttpResponse<String> stated =
                server.json("POST", "/api/me/age", "{\"adult\":true,\"noticeVersion\":\"2026-03\"}", cleo);

        assertThat(stated.statusCode()).isEqualTo(204);
        assertThat(server.fakes.signIn.ageStatedWith).last().hasToString("2026-03");
        assertThat(Server.parse(server.get("/api/me", cleo).body())).containsEntry("adultStated", true);
    }

    @Test
    @Tag("R1")
    void a_selfie_thumbnail_is_served_to_its_owner_only_and_never_cached() {
        Server.Session ada = server.signIn("ada-thumbs@example.org");
        Server.Session bob = server.signIn("bob-thumbs@example.org");
        Order draft = server.fakes.orders.draftFor(account(ada));
        server.fakes.orders.upload(
                new UploadSelfie.Upload(account(ada), draft.id(), new ByteArrayInputStream(Fakes.JPEG)));
        Order order = server.fakes.orders.orders.get(draft.id());
        String path = "/api/orders/" + order.id() + "/selfies/"
                + order.liveSelfies().getFirst().id() + "/thumbnail";

        HttpResponse<byte[]> mine = getBytes(path, ada);

        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(mine.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(mine.body()).isEqualTo(Fakes.JPEG);
        assertThat(server.get(path, bob).statusCode())
                .as("another person's selfie")
                .isEqualTo(404);
        assertThat(server.get(path).statusCode()).as("signed out").isEqualTo(401);
        assertThat(server.get(
                                "/api/orders/" + order.id() + "/selfies/00000000-0000-4000-8000-000000000009/thumbnail",
                                ada)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    @Tag("R44")
    void the_headshots_zip_says_they_are_ai_generated() throws IOException {
        Server.Session ada = server.signIn("ada-zip@example.org");
        Order order = server.fakes.orders.draftFor(account(ada));
        server.fakes.orders.deliverHeadshot(order);
        server.fakes.orders.deliverHeadshot(order);

        HttpResponse<byte[]> zip = getBytes("/api/orders/" + order.id() + "/headshots.zip", ada);

        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("X-AI-Generated")).hasValue("true");
        Map<String, byte[]> entries = unzip(zip.body());
        assertThat(entries.keySet())
                .containsExactly(
                        "AI-GENERATED.txt", "01-studio-grey-ai-generated.jpg", "02-studio-grey-ai-generated.jpg");
        assertThat(new String(entries.get("AI-GENERATED.txt"))).contains("AI-generated");
        assertThat(entries.get("01-studio-grey-ai-generated.jpg")).isEqualTo(Fakes.JPEG);
    }

    @Test
    @Tag("R9")
    @SuppressWarnings("unchecked")
    void a_paid_order_waiting_for_renewed_consent_says_so_and_a_draft_says_nothing() {
        Server.Session ada = server.signIn("ada-stale@example.org");
        Order draft = server.fakes.orders.draftFor(account(ada));
        Order paid = server.fakes.orders.paidAwaitingRenewal(account(ada));

        Map<String, Object> waiting =
                Server.parse(server.get("/api/orders/" + paid.id(), ada).body());
        Map<String, Object> drafted =
                Server.parse(server.get("/api/orders/" + draft.id(), ada).body());

        assertThat(waiting).containsEntry("status", "paid");
        assertThat((Map<String, Object>) waiting.get("processingBlocker"))
                .containsEntry("reason", "consent-stale")
                .containsEntry(
                        "detail",
                        "The privacy policy changed how your selfies are processed; please renew your consent");
        assertThat(drafted).containsKey("processingBlocker");
        assertThat(drafted.get("processingBlocker")).isNull();
    }

    @Test
    void another_persons_headshot_does_not_exist_for_them() {
        Server.Session ada = server.signIn("ada-owns@example.org");
        Server.Session bob = server.signIn("bob-peeks@example.org");
        Order order = server.fakes.orders.draftFor(account(ada));
        Headshot headshot = server.fakes.orders.deliverHeadshot(order);

        assertThat(server.get("/api/headshots/" + headshot.id(), bob).statusCode())
                .isEqualTo(404);
        assertThat(server.get("/api/orders/" + order.id() + "/headshots.zip", bob)
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.get("/api/headshots/" + headshot.id(), ada).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Tag("R12")
    @SuppressWarnings("unchecked")
    void the_policy_carries_its_notices_and_the_retention_schedule_rendered_by_the_policy() {
        Map<String, Object> policy =
                Server.parse(server.get("/api/privacy/policy").body());

        assertThat(policy).containsEntry("version", "2026-01");
        assertThat((List<Map<String, Object>>) policy.get("notices"))
                .extracting(n -> n.get("kind"))
                .contains("biometric_processing", "vendor_disclosure", "adult_attestation", "privacy_policy");
        Map<String, Object> retention = (Map<String, Object>) policy.get("retention");
        assertThat(retention).containsEntry("text", Fakes.schedule().asText());
    }

    @Test
    @Tag("R25")
    @Tag("R29")
    @SuppressWarnings("unchecked")
    void the_export_holds_the_data_the_files_and_a_manifest_with_their_hashes() throws IOException {
        Server.Session ada = server.signIn("ada-export@example.org");

        HttpResponse<byte[]> export =
                server.sendForBytes(server.request("POST", "/api/me/export", HttpRequest.BodyPublishers.noBody())
                        .header("Cookie", ada.cookie())
                        .header(Cookies.CSRF_HEADER, ada.csrf())
                        .build());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(export.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"kaptura-export-2026-03-02.zip\"");
        Map<String, byte[]> entries = unzip(export.body());
        assertThat(entries.keySet()).containsExactly("data.json", "selfies/one.jpg", "manifest.json");
        assertThat(entries.get("selfies/one.jpg")).isEqualTo(Fakes.PrivacyFake.SELFIE);
        Map<String, Object> manifest = Server.parse(new String(entries.get("manifest.json")));
        List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
        assertThat(files).extracting(f -> f.get("path")).containsExactly("data.json", "selfies/one.jpg");
        assertThat(files.get(0))
                .containsEntry("sha256", Digest.sha256(entries.get("data.json")).hex());
        assertThat(files.get(1))
                .containsEntry("sha256", Digest.sha256(Fakes.PrivacyFake.SELFIE).hex());
    }

    @Test
    @Tag("R26")
    void rectification_sends_a_code_first_and_changes_only_with_it() {
        Server.Session ada = server.signIn("ada-rectify@example.org");

        HttpResponse<String> started = server.json("PATCH", "/api/me", "{\"email\":\"New@Example.org\"}", ada);
        HttpResponse<String> confirmed =
                server.json("PATCH", "/api/me", "{\"email\":\"new@example.org\",\"code\":\"123456\"}", ada);

        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(Server.parse(confirmed.body())).containsEntry("email", "new@example.org");
        assertThat(server.fakes.privacy.rectifications)
                .containsSubsequence("start:new@example.org", "confirm:new@example.org:123456");
    }

    @Test
    @Tag("R47")
    void the_export_is_a_post_so_no_link_from_another_site_starts_one() {
        Server.Session ada = server.signIn("ada-export-get@example.org");
        int before = server.fakes
                .privacy
                .requests(server.fakes.signIn.authenticate(ada.token()).orElseThrow())
                .size();

        HttpResponse<String> navigated = server.get("/api/me/export", ada);
        HttpResponse<String> posted =
                server.send(server.request("POST", "/api/me/export", HttpRequest.BodyPublishers.noBody())
                        .header("Cookie", ada.cookie())
                        .header("Origin", "https://evil.example")
                        .build());

        assertThat(navigated.statusCode()).isIn(404, 405);
        assertThat(navigated.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(server.fakes.privacy.requests(
                        server.fakes.signIn.authenticate(ada.token()).orElseThrow()))
                .hasSize(before);
    }

    @Test
    @Tag("R47")
    void signing_out_everywhere_ends_every_session_of_the_account() {
        Server.Session here = server.signIn("ada-everywhere@example.org");
        Server.Session elsewhere = server.signIn("ada-everywhere@example.org");

        HttpResponse<String> answered = server.json("POST", "/api/auth/logout-everywhere", null, here);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(Server.parse(answered.body())).containsEntry("sessionsEnded", 2);
        assertThat(server.get("/api/me", elsewhere).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/me", here).statusCode()).isEqualTo(401);
    }

    @Test
    @Tag("R47")
    void a_draft_is_discarded_once_and_only_by_its_owner() {
        Server.Session ada = server.signIn("ada-discard@example.org");
        Order draft = server.fakes.orders.draftFor(
                server.fakes.signIn.authenticate(ada.token()).orElseThrow());
        Server.Session bob = server.signIn("bob-discard@example.org");

        HttpResponse<String> byBob = server.json("DELETE", "/api/orders/" + draft.id(), null, bob);
        HttpResponse<String> discarded = server.json("DELETE", "/api/orders/" + draft.id(), null, ada);
        HttpResponse<String> again = server.json("DELETE", "/api/orders/" + draft.id(), null, ada);

        assertThat(byBob.statusCode()).isEqualTo(404);
        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(Server.parse(discarded.body())).containsEntry("status", "cancelled");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(Server.parse(again.body())).containsEntry("type", "https://kaptura.ai/problems/order-state");
    }

    @Test
    @Tag("R7")
    void withdrawal_is_one_request_without_a_body() {
        Server.Session ada = server.signIn("ada-withdraws@example.org");

        HttpResponse<String> response = server.json("POST", "/api/me/consents/withdraw", null, ada);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Server.parse(response.body())).containsEntry("withdrawn", true);
        assertThat(server.fakes.privacy.withdrawals)
                .anySatisfy(w -> assertThat(w.account()).isEqualTo(account(ada)));
    }

    @Test
    @Tag("R27")
    @Tag("R20")
    @SuppressWarnings("unchecked")
    void erasure_is_accepted_with_a_request_id_and_shows_up_with_its_due_date() {
        Server.Session ada = server.signIn("ada-erases@example.org");

        HttpResponse<String> erased = server.json("DELETE", "/api/me", null, ada);

        assertThat(erased.statusCode()).isEqualTo(202);
        Map<String, Object> body = Server.parse(erased.body());
        assertThat(body)
                .containsKey("request")
                .containsEntry("status", "received")
                .containsEntry("dueOn", "2026-04-02");
        assertThat(Server.setCookies(erased))
                .anyMatch(c -> c.startsWith("kaptura_session=;") && c.contains("Max-Age=0"));
        List<Map<String, Object>> requests = (List<Map<String, Object>>)
                Server.parse(server.get("/api/me/requests", ada).body()).get("requests");
        assertThat(requests)
                .singleElement()
                .satisfies(r -> assertThat(r)
                        .containsEntry("id", body.get("request"))
                        .containsEntry("kind", "erasure")
                        .containsEntry("dueOn", "2026-04-02"));
    }

    @Test
    void the_sandbox_page_shows_the_checkout_and_paying_redirects_where_the_stand_in_says() {
        server.fakes.sandbox.states.put("chk_page", ai.kaptura.ports.out.LocalCheckout.State.OPEN);

        HttpResponse<String> page = server.get("/sandbox/checkout/chk_page");
        HttpResponse<String> cancelled = server.send(
                server.request("POST", "/sandbox/checkout/chk_page/cancel", HttpRequest.BodyPublishers.noBody())
                        .build());
        HttpResponse<String> again = server.send(
                server.request("POST", "/sandbox/checkout/chk_page/pay", HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Sandbox checkout")
                .contains("29.00 EUR")
                .contains("action=\"/sandbox/checkout/chk_page/pay\"")
                .doesNotContain("<script");
        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(cancelled.headers().firstValue("Location")).hasValue("http://localhost/orders/x?cancelled=1");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(server.get("/sandbox/checkout/unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void operations_answer_health_and_prometheus_metrics() {
        server.get("/api/plans");

        HttpResponse<String> live = server.get("/health/live");
        HttpResponse<String> ready = server.get("/health/ready");
        HttpResponse<String> metrics =
                server.send(server.request("GET", "/metrics", HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + Server.METRICS_TOKEN)
                        .build());
        HttpResponse<String> anonymous = server.get("/metrics");
        HttpResponse<String> auditor = server.getAsAuditor("/metrics");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(anonymous.statusCode()).as("the metrics are not public").isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("kaptura_http_requests_total");
        assertThat(auditor.statusCode())
                .as("an auditor's token is not the metrics token")
                .isEqualTo(403);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(metrics.body())
                .contains("# TYPE kaptura_http_requests_total counter")
                .containsPattern(
                        "kaptura_http_requests_total\\{method=\"GET\",route=\"/api/plans\",status=\"200\"} [1-9]")
                .contains("kaptura_test_extra 1");
    }

    @Test
    void the_auditor_reads_the_record_of_processing_and_a_consent_proof() {
        HttpResponse<String> ropa = server.getAsAuditor("/api/audit/processing");
        HttpResponse<String> proof =
                server.getAsAuditor("/api/audit/accounts/00000000-0000-1000-0000-000000000007/consents");

        assertThat(ropa.statusCode()).isEqualTo(200);
        assertThat(Server.parse(ropa.body())).containsKeys("controller", "entries", "securityMeasures", "text");
        assertThat(proof.statusCode()).isEqualTo(200);
        assertThat(Server.parse(proof.body())).containsEntry("account", "00000000-0000-1000-0000-000000000007");
    }
}
