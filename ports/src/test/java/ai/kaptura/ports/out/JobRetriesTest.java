package ai.kaptura.ports.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.rule.LegalConstants;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R48: how failed jobs are tried again, and which of them never give up. */
class JobRetriesTest {

    @Test
    void the_wait_doubles_with_each_failure_and_stops_growing_at_its_cap() {
        JobRetries retries = new JobRetries(Duration.ofSeconds(10), Duration.ofMinutes(1), 20);

        assertThat(retries.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(retries.delay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(retries.delay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(retries.delay(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retries.delay(19)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retries.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    @Tag("R48")
    void deleting_erasing_and_refunding_jobs_never_give_up_and_the_others_do_after_their_retries() {
        assertThat(Arrays.stream(JobKind.values()).filter(JobKind::neverGivesUp))
                .containsExactlyInAnyOrder(
                        JobKind.DELETE_SELFIES,
                        JobKind.DELETE_VENDOR_MODEL,
                        JobKind.DELETE_UNCLAIMED_MODEL,
                        JobKind.REFUND_PAYMENT,
                        JobKind.PURGE_ERASED_DATA,
                        JobKind.ERASE_ACCOUNT);
        JobRetries standard = JobRetries.STANDARD;

        assertThat(standard.next(JobKind.SEND_EMAIL, 20)).contains(Duration.ofHours(1));
        assertThat(standard.next(JobKind.SEND_EMAIL, 21))
                .as("20 retries, then dead")
                .isEmpty();
        for (JobKind kind : JobKind.values()) {
            if (kind.neverGivesUp()) {
                assertThat(standard.next(kind, 21)).contains(Duration.ofHours(1));
                assertThat(standard.next(kind, 100_000)).contains(LegalConstants.RETRY_AT_LEAST_EVERY);
            }
        }
    }

    @Test
    @Tag("R48")
    void no_retry_policy_may_wait_longer_than_an_hour_between_tries() {
        assertThat(JobRetries.STANDARD.max()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> new JobRetries(
                        Duration.ofSeconds(10), Duration.ofHours(1).plusSeconds(1), 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("R48");
        assertThatThrownBy(() -> new JobRetries(Duration.ZERO, Duration.ofMinutes(1), 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobRetries(Duration.ofMinutes(2), Duration.ofMinutes(1), 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobRetries.STANDARD.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
