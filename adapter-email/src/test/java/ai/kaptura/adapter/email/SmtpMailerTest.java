package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.testing.CapturedLog;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SMTP into a local server: the message's shape, once per key, security modes and failures. */
class SmtpMailerTest {

    private static final String USER = "kaptura-relay";
    private static final String PASSWORD = "relay-pass-Q7x";
    private static final String FROM = "Kaptura <no-reply@kaptura.example>";
    private static final EmailAddress ADA = EmailAddress.of("ada.lovelace@example.org");
    private static final String LINK = "https://kaptura.example/auth/link?token=7f3c2a.Zm9vYmFy-_x";
    private static final Instant NOW = Instant.parse("2026-11-02T09:30:00Z");

    @RegisterExtension
    static final GreenMailExtension SERVER = new GreenMailExtension(
                    new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.SMTPS.dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));

    private CapturedLog log;

    @BeforeEach
    void captureTheLog() {
        log = CapturedLog.of(SmtpMailer.class);
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private static Mailer plain() {
        return LocalSmtp.plain(SERVER, "mail-provider", InstantSource.fixed(NOW));
    }

    /** A mailer to the local server's plain SMTP port with this login and security mode. */
    private static Mailer local(Optional<String> user, Optional<String> password, String security) {
        return LocalSmtp.mailer(SERVER, user, password, security, "smtp", InstantSource.fixed(NOW));
    }

    private static Mail.SignInCode signIn() {
        return new Mail.SignInCode(ADA, "sign-in:" + UUID.randomUUID(), "048213", LINK);
    }

    private static List<Received> received() {
        return Arrays.stream(SERVER.getReceivedMessages()).map(Received::of).toList();
    }

    @Test
    void a_message_is_multipart_alternative_text_then_html_in_utf8() throws Exception {
        plain().send(signIn());

        assertThat(received()).singleElement().satisfies(r -> {
            assertThat(r.contentType()).startsWith("multipart/alternative");
            assertThat(r.parts())
                    .extracting(Received.Part::contentType)
                    .satisfiesExactly(
                            t -> assertThat(t).startsWith("text/plain").containsIgnoringCase("charset=UTF-8"),
                            h -> assertThat(h).startsWith("text/html").containsIgnoringCase("charset=UTF-8"));
            assertThat(r.part("text/plain")).contains("048213").contains(LINK);
            assertThat(r.part("text/html")).contains("048213").contains("href=\"" + LINK + "\"");
            assertThat(r.subject()).isEqualTo("Your Kaptura sign-in code");
            assertThat(r.from()).isEqualTo(FROM);
            assertThat(r.to()).containsExactly(ADA.value());
        });
        MimeMessage raw = SERVER.getReceivedMessages()[0];
        assertThat(raw.getSentDate()).isEqualTo(Date.from(NOW));
    }

    @Test
    void the_message_id_is_derived_from_the_idempotency_key() {
        Mail.SignInCode mail = signIn();

        plain().send(mail);

        assertThat(received())
                .singleElement()
                .extracting(Received::messageId)
                .isEqualTo("<" + Digest.sha256(mail.idempotencyKey()).hex() + "@kaptura.example>");
    }

    @Test
    void a_restart_may_send_again_but_the_copy_carries_the_same_message_id() {
        Mail.SignInCode mail = signIn();
        Mailer before = plain();
        before.send(mail);
        before.send(mail);
        assertThat(received()).hasSize(1);

        Mailer afterRestart = plain();
        afterRestart.send(mail);
        afterRestart.send(mail);

        assertThat(received())
                .as("at least once: the record of handed-over keys lives in memory")
                .hasSize(2)
                .extracting(Received::messageId)
                .containsOnly("<" + Digest.sha256(mail.idempotencyKey()).hex() + "@kaptura.example>");
    }

    @Test
    void concurrent_sends_of_one_message_hand_it_over_once() throws Exception {
        Mailer mailer = plain();
        Mail.SignInCode mail = signIn();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            AtOnce.run(pool, 8, () -> mailer.send(mail));
        }

        assertThat(received()).hasSize(1);
    }

    @Test
    @Tag("R37")
    void the_provider_sees_the_address_only_as_the_recipient() {
        Mail.SignInCode mail = signIn();

        plain().send(mail);

        String raw = GreenMailUtil.getWholeMessage(SERVER.getReceivedMessages()[0]);
        List<String> mentioning = raw.lines()
                .filter(line -> line.toLowerCase().contains("ada.lovelace"))
                .toList();
        assertThat(mentioning).singleElement().asString().startsWith("To: ");
        assertThat(raw).doesNotContain(mail.idempotencyKey()).doesNotContainIgnoringCase("X-Mailer");
    }

    @Test
    @Tag("R33")
    void the_smtp_mailer_answers_the_configured_provider_name() {
        assertThat(plain().processorName()).contains("mail-provider");
    }

    @Test
    void a_user_name_and_password_are_used_when_configured() {
        Mailer mailer = local(Optional.of(USER), Optional.of(PASSWORD), "none");

        mailer.send(signIn());

        assertThat(received()).hasSize(1);
    }

    @Test
    @Tag("R37")
    void a_wrong_password_fails_without_revealing_it_or_the_address() {
        Mailer mailer = local(Optional.of(USER), Optional.of("wrong-pass-Z9"), "none");

        assertThatThrownBy(() -> mailer.send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sign-in-code")
                .message()
                .doesNotContain("wrong-pass-Z9")
                .doesNotContain("ada.lovelace")
                .doesNotContain("048213");
        assertThat(received()).isEmpty();
    }

    @Test
    void implicit_tls_delivers_over_smtps() {
        Properties trustTheTestServer = new Properties();
        trustTheTestServer.setProperty("mail.smtps.ssl.trust", "*");
        trustTheTestServer.setProperty("mail.smtps.ssl.checkserveridentity", "false");
        Mailer mailer = EmailAdapters.smtp(
                SERVER.getSmtps().getBindTo(),
                SERVER.getSmtps().getPort(),
                Optional.empty(),
                Optional.empty(),
                "tls",
                FROM,
                Duration.ofSeconds(5),
                "smtp",
                InstantSource.fixed(NOW),
                trustTheTestServer);

        mailer.send(signIn());

        assertThat(received()).hasSize(1);
    }

    @Test
    void starttls_is_required_so_a_server_without_it_is_refused_and_nothing_goes_out_in_clear() {
        Mailer mailer = local(Optional.of(USER), Optional.of(PASSWORD), "starttls");

        assertThatThrownBy(() -> mailer.send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("STARTTLS")
                .message()
                .doesNotContain(PASSWORD);
        assertThat(received()).isEmpty();
    }

    @Test
    @Tag("R37")
    void a_server_that_is_down_fails_so_the_job_retries() {
        Mailer mailer = EmailAdapters.smtp(
                "127.0.0.1",
                FreePorts.unused(),
                Optional.empty(),
                Optional.empty(),
                "none",
                FROM,
                Duration.ofMillis(500),
                "smtp",
                InstantSource.fixed(NOW));

        assertThatThrownBy(() -> mailer.send(signIn()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not take a sign-in-code mail")
                .message()
                .doesNotContain("ada.lovelace")
                .doesNotContain("048213");
    }

    @Test
    void a_failed_send_is_not_remembered_so_the_retry_delivers() {
        Mail.SignInCode mail = signIn();
        Mailer mailer = local(Optional.of(USER), Optional.of(PASSWORD), "starttls");
        assertThatThrownBy(() -> mailer.send(mail)).isInstanceOf(IllegalStateException.class);

        plain().send(mail);

        assertThat(received()).hasSize(1);
    }

    @Test
    @Tag("R37")
    void the_log_line_names_the_kind_but_neither_the_address_nor_the_code() {
        plain().send(signIn());

        assertThat(log.messages(Level.INFO))
                .singleElement()
                .asString()
                .contains("sign-in-code")
                .doesNotContain("@")
                .doesNotContain("ada.lovelace")
                .doesNotContain("048213")
                .doesNotContain("7f3c2a");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(587, Optional.empty(), Optional.empty(), "ssl", FROM, "smtp", "starttls, tls or none"),
                Arguments.of(587, Optional.of("user"), Optional.empty(), "starttls", FROM, "smtp", "both or neither"),
                Arguments.of(0, Optional.empty(), Optional.empty(), "starttls", FROM, "smtp", "port"),
                Arguments.of(
                        587,
                        Optional.empty(),
                        Optional.empty(),
                        "starttls",
                        "Kaptura <no-reply@kaptura.example>\r\nBcc: someone@example.net",
                        "smtp",
                        "one line"),
                Arguments.of(587, Optional.empty(), Optional.empty(), "starttls", FROM, " ", "R33"));
    }

    @ParameterizedTest(name = "{6}")
    @MethodSource("badSettings")
    void bad_settings_are_refused_with_a_clear_message(
            int port,
            Optional<String> user,
            Optional<String> password,
            String security,
            String from,
            String provider,
            String message) {
        assertThatThrownBy(() -> EmailAdapters.smtp(
                        "mail.example.org",
                        port,
                        user,
                        password,
                        security,
                        from,
                        Duration.ofSeconds(5),
                        provider,
                        InstantSource.fixed(NOW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
