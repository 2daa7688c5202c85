package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.VendorCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./kaptura vendors check} for Resend, against the stub (no network here): a test message to Resend's test
 * address, read back by its id.
 */
class ResendCheckTest {

    @RegisterExtension
    static final ResendStub RESEND = new ResendStub();

    private static final String FROM = "Kaptura <no-reply@kaptura.example>";

    private static VendorCheck check(String key) {
        return EmailAdapters.resendCheck(
                RESEND.base(),
                key,
                FROM,
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                InstantSource.fixed(Instant.parse("2026-11-20T10:00:00Z")),
                pause -> {});
    }

    @Test
    void the_check_sends_one_message_to_resends_test_address_and_reads_it_back_delivered() {
        VendorCheck report = check(ResendStub.API_KEY);

        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(RESEND.delivered()).singleElement().satisfies(d -> {
            assertThat(d.to()).containsExactly("delivered@resend.dev");
            assertThat(d.from()).isEqualTo(FROM);
        });
        assertThat(report.steps().getLast().detail()).isEqualTo("last_event: delivered");
        assertThat(report.leftBehind()).isEmpty();
        assertThat(RESEND.requests())
                .allSatisfy(r -> assertThat(r.getHeader("User-Agent")).isEqualTo(EmailAdapters.RESEND_USER_AGENT));
    }

    @Test
    void a_key_that_may_only_send_passes_and_says_it_cannot_read_back() {
        VendorCheck report = check(ResendStub.SENDING_ONLY_KEY);

        assertThat(report.passed()).isTrue();
        assertThat(report.steps().getLast().detail()).contains("restricted_api_key");
    }

    @Test
    void a_wrong_key_fails_naming_resends_error_without_the_key() {
        VendorCheck report = check("re_wrong_key_0000");

        assertThat(report.passed()).isFalse();
        assertThat(report.steps())
                .singleElement()
                .satisfies(
                        s -> assertThat(s.detail()).contains("invalid_api_key").doesNotContain("re_wrong_key_0000"));
        assertThat(RESEND.delivered()).isEmpty();
    }
}
