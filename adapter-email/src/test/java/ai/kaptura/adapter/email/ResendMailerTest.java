package ai.kaptura.adapter.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.MailDeliveryUnsure;
import ai.kaptura.ports.out.MailOutage;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.testing.CapturedLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resend over a local stub: what is sent, what is retried, and what each failure says. */
class ResendMailerTest {

    @RegisterExtension
    static final ResendStub RESEND = new ResendStub();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmailAddress ADA = EmailAddress.of("ada.lovelace@example.org");
    private static final String FROM = "Kaptura <no-reply@kaptura.example>";
    private static final String LINK = "https://kaptura.example/auth/link?token=7f3c2a.Zm9vYmFy";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);

    private CapturedLog log;

    @BeforeEach
    void setUp() {
        log = CapturedLog.of(ResendMailer.class);
    }

    @AfterEach
    void tearDown() {
        log.close();
    }

    private static Mailer mailer(int attempts) {
        return mailer(attempts, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(20));
    }

    private static Mailer mailer(int attempts, Duration timeout, Duration firstBackoff, Duration maxBackoff) {
        return EmailAdapters.resend(
                RESEND.base(), ResendStub.API_KEY, FROM, timeout, attempts, firstBackoff, maxBackoff, CLOCK);
    }

    private static Mail.SignInCode signIn() {
        return new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "048213", LINK);
    }

    // ---- what is sent -----------------------------------------------------------------------------

    @Test
    @Tag("R37")
    void resend_receives_the_recipient_only_in_to_and_nothing_personal_beyond_the_message() throws Exception {
        Mail.OrderConfirmed mail = new Mail.OrderConfirmed(
                ADA, "email:ORDER_CONFIRMED:" + UUID.randomUUID(), new OrderId(UUID.randomUUID()));

        mailer(3).send(mail);

        List<Request> requests = RESEND.requests();
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.getUrl()).isEqualTo("/emails");
            JsonNode body = JSON.readTree(request.getBodyAsString());
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("from", "to", "subject", "html", "text");
            assertThat(body.get("to").size()).isEqualTo(1);
            assertThat(body.get("to").get(0).asText()).isEqualTo(ADA.value());
            assertThat(body.get("from").asText()).isEqualTo(FROM);
            for (String part : List.of("subject", "html", "text")) {
                assertThat(body.get(part).asText())
                        .as(part)
                        .doesNotContainIgnoringCase(ADA.value())
                        .doesNotContainIgnoringCase("ada.lovelace")
                        .doesNotContain(mail.idempotencyKey())
                        .doesNotContain(mail.order().toString());
            }
            String key = request.getHeader("Idempotency-Key");
            assertThat(key)
                    .as("an opaque key, not ours")
                    .matches("[0-9a-f]{64}")
                    .isEqualTo(Digest.sha256(mail.idempotencyKey()).hex());
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + ResendStub.API_KEY);
            assertThat(request.getHeaders().all())
                    .noneSatisfy(
                            header -> assertThat(header.values().toString()).containsIgnoringCase("ada.lovelace"));
        });
        assertThat(String.join("\n", RESEND.everythingSent()).split(ResendStub.API_KEY, -1))
                .as("the API key is sent once, in the Authorization header")
                .hasSize(2);
    }

    @Test
    void a_message_is_sent_as_text_and_html_with_its_subject_from_the_configured_sender() {
        mailer(3).send(signIn());

        assertThat(RESEND.delivered()).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo(FROM);
            assertThat(d.subject()).isEqualTo("Your Kaptura sign-in code");
            assertThat(d.text()).contains("048213").contains(LINK).doesNotContain("<");
            assertThat(d.html())
                    .startsWith("<!DOCTYPE html>")
                    .contains("048213")
                    .contains("href=\"" + LINK + "\"");
        });
    }

    @Test
    @Tag("R33")
    void the_resend_mailer_names_resend_as_its_processor() {
        assertThat(mailer(1).processorName()).contains("resend");
    }

    @Test
    @Tag("R37")
    void the_log_line_names_the_kind_and_resends_id_but_neither_the_address_nor_the_code() {
        mailer(3).send(signIn());

        assertThat(log.messages(Level.INFO))
                .singleElement()
                .asString()
                .contains("sign-in-code")
                .contains(RESEND.delivered().getFirst().id())
                .doesNotContain("@")
                .doesNotContain("ada.lovelace")
                .doesNotContain("048213")
                .doesNotContain("7f3c2a");
    }

    // ---- retries ----------------------------------------------------------------------------------

    @Test
    void a_server_error_then_success_delivers_once() {
        RESEND.server()
                .stubFor(post("/emails")
                        .inScenario("flaky")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(json(500, "internal_server_error", "An unexpected error occurred."))
                        .willSetStateTo("recovered"));

        mailer(3).send(signIn());

        assertThat(RESEND.requests()).hasSize(2);
        assertThat(RESEND.delivered()).hasSize(1);
        assertThat(RESEND.requests().get(0).getHeader("Idempotency-Key"))
                .as("the retry carries the same key")
                .isEqualTo(RESEND.requests().get(1).getHeader("Idempotency-Key"));
    }

    @Test
    void a_timeout_is_retried_with_the_same_key_so_the_message_is_sent_once() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .inScenario("slow")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(
                                aResponse().withTransformers(ResendStub.NAME).withFixedDelay(1_500))
                        .willSetStateTo("fast"));

        mailer(3, Duration.ofMillis(300), Duration.ofMillis(1), Duration.ofMillis(20))
                .send(signIn());

        assertThat(RESEND.requests()).hasSize(2);
        assertThat(RESEND.delivered())
                .as("Resend took the first request; the retry got its answer again")
                .hasSize(1);
    }

    @Test
    void a_persistent_rate_limit_fails_after_the_configured_attempts_so_the_job_retries_later() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(json(
                                        429,
                                        "rate_limit_exceeded",
                                        "Too many requests. You can only make 2 requests per second.")
                                .withHeader("retry-after", "0")));

        assertThatThrownBy(() -> mailer(3).send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sign-in-code")
                .hasMessageContaining("3 attempts")
                .hasMessageContaining("HTTP 429 rate_limit_exceeded")
                .message()
                .doesNotContain("ada.lovelace")
                .doesNotContain(ResendStub.API_KEY);
        assertThat(RESEND.requests()).hasSize(3);
        assertThat(RESEND.delivered()).isEmpty();
    }

    @Test
    void a_persistent_server_error_fails_after_the_configured_attempts() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));

        assertThatThrownBy(() -> mailer(4).send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("4 attempts")
                .hasMessageContaining("HTTP 503");
        assertThat(RESEND.requests()).hasSize(4);
    }

    @Test
    void a_server_that_cannot_be_reached_fails_after_the_configured_attempts() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.unused());
        Mailer mailer = EmailAdapters.resend(
                nowhere,
                ResendStub.API_KEY,
                FROM,
                Duration.ofMillis(500),
                2,
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                CLOCK);

        assertThatThrownBy(() -> mailer.send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 attempts")
                .hasMessageContaining("no answer");
    }

    @Test
    void retry_after_is_honoured() {
        RESEND.server()
                .stubFor(post("/emails")
                        .inScenario("limited")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(json(429, "rate_limit_exceeded", "Too many requests.")
                                .withHeader("retry-after", "1"))
                        .willSetStateTo("free"));

        mailer(3, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofSeconds(5))
                .send(signIn());

        assertThat(gapBetweenRequests()).isBetween(Duration.ofMillis(950), Duration.ofSeconds(4));
        assertThat(RESEND.delivered()).hasSize(1);
    }

    @Test
    void a_long_retry_after_is_capped_at_the_longest_backoff() {
        RESEND.server()
                .stubFor(post("/emails")
                        .inScenario("limited")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(json(429, "rate_limit_exceeded", "Too many requests.")
                                .withHeader("retry-after", "3600"))
                        .willSetStateTo("free"));

        mailer(3, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(250))
                .send(signIn());

        assertThat(gapBetweenRequests()).isBetween(Duration.ofMillis(240), Duration.ofSeconds(3));
        assertThat(RESEND.delivered()).hasSize(1);
    }

    @Test
    void a_concurrent_request_with_the_same_key_is_waited_for_and_retried() {
        RESEND.server()
                .stubFor(post("/emails")
                        .inScenario("busy")
                        .whenScenarioStateIs(STARTED)
                        .willReturn(json(
                                409,
                                "concurrent_idempotent_requests",
                                "Same idempotency key used while original request is still" + " in progress."))
                        .willSetStateTo("done"));

        mailer(3).send(signIn());

        assertThat(RESEND.requests()).hasSize(2);
        assertThat(RESEND.delivered()).hasSize(1);
    }

    // ---- refusals ---------------------------------------------------------------------------------

    @Test
    @Tag("R37")
    void a_validation_error_is_not_retried_and_names_resends_error_without_the_address() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(json(
                                422,
                                "validation_error",
                                "Invalid `to` field. ada.lovelace@example.org is not allowed on the testing domain.")));

        assertThatThrownBy(() -> mailer(3).send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Resend refused a sign-in-code mail")
                .hasMessageContaining("HTTP 422 validation_error")
                .hasMessageContaining("Invalid `to` field. a***@example.org is not allowed")
                .message()
                .doesNotContainIgnoringCase("ada.lovelace")
                .doesNotContain(ResendStub.API_KEY)
                .doesNotContain("048213");
        assertThat(RESEND.requests()).hasSize(1);
    }

    @Test
    @Tag("R37")
    void a_wrong_api_key_is_refused_with_resends_reason_and_without_the_key() {
        String wrong = "re_wrong_Ks81nQ";
        Mailer mailer = EmailAdapters.resend(
                RESEND.base(),
                wrong,
                FROM,
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                CLOCK);

        assertThatThrownBy(() -> mailer.send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 403 invalid_api_key")
                .hasMessageContaining("API key is invalid")
                .message()
                .doesNotContain(wrong)
                .doesNotContain(ResendStub.API_KEY);
        assertThat(RESEND.requests()).hasSize(1);
    }

    @Test
    @Tag("R49")
    void a_key_already_used_with_other_content_is_an_unsure_delivery_never_counted_as_sent() {
        Mail.SignInCode mail = signIn();
        mailer(3).send(mail);
        Mail.SignInCode rerendered = new Mail.SignInCode(ADA, mail.idempotencyKey(), "048213", LINK + "-changed");

        assertThatThrownBy(() -> mailer(3).send(rerendered))
                .isInstanceOf(IllegalStateException.class)
                .isInstanceOfSatisfying(
                        MailDeliveryUnsure.class,
                        unsure -> assertThat(unsure.retryFrom()).isEqualTo(NOW.plus(Duration.ofHours(24))))
                .hasMessageContaining("409 invalid_idempotent_request")
                .hasMessageContaining("nothing says it was delivered")
                .message()
                .doesNotContain("ada.lovelace");
        assertThat(RESEND.requests())
                .as("not retried: Resend refuses the key for 24 hours")
                .hasSize(2);
        assertThat(RESEND.delivered()).hasSize(1);
        assertThat(log.messages(Level.WARNING))
                .singleElement()
                .asString()
                .contains("invalid_idempotent_request")
                .contains("Not counted as sent")
                .doesNotContain("@");
    }

    @Test
    @Tag("R49")
    void a_daily_quota_reached_is_asked_once_and_is_an_outage_worth_asking_about_again_in_an_hour() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(
                                json(429, "daily_quota_exceeded", "You have reached your daily email sending quota.")));

        assertThatThrownBy(() -> mailer(4).send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .isInstanceOfSatisfying(
                        MailOutage.class,
                        outage -> assertThat(outage.resumeAt()).isEqualTo(NOW.plus(Duration.ofHours(1))))
                .hasMessageContaining("HTTP 429 daily_quota_exceeded")
                .hasMessageContaining("daily sending quota is reached")
                .message()
                .doesNotContain("ada.lovelace")
                .doesNotContain(ResendStub.API_KEY);
        assertThat(RESEND.requests())
                .as("a quota is not a rate limit: no quick tries")
                .hasSize(1);
        assertThat(log.messages(Level.WARNING))
                .singleElement()
                .asString()
                .contains("daily_quota_exceeded")
                .doesNotContain("@");
    }

    @Test
    @Tag("R49")
    void a_monthly_quota_reached_is_asked_about_again_every_six_hours_and_at_the_months_start_at_the_latest() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(json(
                                429, "monthly_quota_exceeded", "You have reached your monthly email sending quota.")));

        assertThatThrownBy(() -> mailer(4).send(signIn()))
                .isInstanceOfSatisfying(
                        MailOutage.class,
                        outage -> assertThat(outage.resumeAt()).isEqualTo(NOW.plus(Duration.ofHours(6))));
        Mailer lateInTheMonth = EmailAdapters.resend(
                RESEND.base(),
                ResendStub.API_KEY,
                FROM,
                Duration.ofSeconds(5),
                4,
                Duration.ofMillis(1),
                Duration.ofMillis(20),
                InstantSource.fixed(Instant.parse("2026-11-30T21:00:00Z")));
        assertThatThrownBy(() -> lateInTheMonth.send(signIn()))
                .isInstanceOfSatisfying(
                        MailOutage.class,
                        outage -> assertThat(outage.resumeAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(RESEND.requests()).hasSize(2);
    }

    @Test
    void a_quotas_longer_retry_after_is_honoured_up_to_a_day() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(
                                json(429, "daily_quota_exceeded", "You have reached your daily email sending quota.")
                                        .withHeader("retry-after", "14400")));

        assertThatThrownBy(() -> mailer(4).send(signIn()))
                .isInstanceOfSatisfying(
                        MailOutage.class,
                        outage -> assertThat(outage.resumeAt()).isEqualTo(NOW.plus(Duration.ofHours(4))));
    }

    @Test
    void every_request_names_kaptura_as_its_user_agent() {
        mailer(1).send(signIn());

        assertThat(RESEND.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.getHeader("User-Agent")).isEqualTo(EmailAdapters.RESEND_USER_AGENT));
        assertThat(EmailAdapters.RESEND_USER_AGENT).startsWith("Kaptura/");
    }

    @Test
    void an_acceptance_whose_body_cannot_be_read_still_counts_as_sent() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(200).withBody("<html>OK</html>")));

        assertThatCode(() -> mailer(3).send(signIn())).doesNotThrowAnyException();

        assertThat(RESEND.requests()).as("no retry after an acceptance").hasSize(1);
        assertThat(log.messages(Level.INFO)).singleElement().asString().contains("id unreadable");
    }

    @Test
    void an_answer_without_json_still_fails_clearly() {
        RESEND.server()
                .stubFor(post("/emails")
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(400).withBody("<html>Bad Request</html>")));

        assertThatThrownBy(() -> mailer(3).send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 400");
        assertThat(RESEND.requests()).hasSize(1);
    }

    // ---- configuration ----------------------------------------------------------------------------

    @Test
    void the_api_key_must_not_cross_a_network_in_clear() {
        assertThatThrownBy(() -> EmailAdapters.resend(
                        URI.create("http://api.resend.com"), ResendStub.API_KEY, FROM, Duration.ofSeconds(5), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https")
                .message()
                .doesNotContain(ResendStub.API_KEY);
        assertThatCode(() -> EmailAdapters.resend(
                        EmailAdapters.RESEND_API, ResendStub.API_KEY, FROM, Duration.ofSeconds(5), CLOCK))
                .doesNotThrowAnyException();
    }

    @Test
    void a_missing_key_or_sender_is_refused_at_once() {
        assertThatThrownBy(
                        () -> EmailAdapters.resend(EmailAdapters.RESEND_API, " ", FROM, Duration.ofSeconds(5), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key");
        assertThatThrownBy(() ->
                        EmailAdapters.resend(EmailAdapters.RESEND_API, "re_x y", FROM, Duration.ofSeconds(5), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API key")
                .message()
                .doesNotContain("re_x y");
        assertThatThrownBy(() -> EmailAdapters.resend(
                        EmailAdapters.RESEND_API, ResendStub.API_KEY, "not an address", Duration.ofSeconds(5), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("From");
        assertThatThrownBy(() -> EmailAdapters.resend(
                        EmailAdapters.RESEND_API, ResendStub.API_KEY, FROM, Duration.ofSeconds(5), 0, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static ResponseDefinitionBuilder json(int status, String name, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(ResendStub.errorBody(status, name, message));
    }

    private static Duration gapBetweenRequests() {
        List<Date> at = RESEND.server().getAllServeEvents().reversed().stream()
                .map(ServeEvent::getRequest)
                .map(r -> r.getLoggedDate())
                .toList();
        assertThat(at).hasSize(2);
        return Duration.ofMillis(at.get(1).getTime() - at.get(0).getTime());
    }
}
