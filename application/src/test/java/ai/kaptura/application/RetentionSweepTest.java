package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.RateLimits;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sweep executes the same retention policy the schedule shows: R10, R12. */
class RetentionSweepTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    @Tag("R10")
    void an_abandoned_draft_loses_its_selfies_after_seven_days_not_before() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);

        k.clock.advance(Duration.ofDays(7).minusMinutes(1));
        assertThat(k.retention.handle().selfiesDueForDeletion()).isZero();
        k.clock.advance(Duration.ofMinutes(1));
        RunRetention.Report report = k.retention.handle();
        k.runDueJobs();

        assertThat(report.ordersExamined()).isEqualTo(1);
        assertThat(report.selfiesDueForDeletion()).isEqualTo(8);
        assertThat(j.current().selfies())
                .allSatisfy(s -> assertThat(s)
                        .isInstanceOfSatisfying(
                                Selfie.Deleted.class,
                                d -> assertThat(d.evidence().reason()).isEqualTo(DeletionReason.DRAFT_ABANDONED)));
        assertThat(k.vault.countOf(j.account)).isZero();
    }

    @Test
    @Tag("R12")
    void the_sweep_reads_only_what_is_due_and_deletes_expired_codes_and_sessions() {
        new Journey(k, "ada@example.com").signIn().order().upload(8);
        new Journey(k, "bob@example.com").signIn();
        assertThat(k.retention.handle().ordersExamined())
                .as("nothing is due yet")
                .isZero();

        k.clock.advance(Duration.ofDays(31));
        RunRetention.Report report = k.retention.handle();

        assertThat(report.signInCodesDeleted()).isEqualTo(2);
        assertThat(report.sessionsDeleted()).isEqualTo(2);
        assertThat(k.signIn.authenticate("anything")).isEmpty();
    }

    @Test
    @Tag("R12")
    @Tag("R47")
    void the_sweep_removes_rate_limit_counters_whose_window_lapsed_and_keeps_those_still_counting() {
        RateLimits.Limit perQuarterHour = new RateLimits.Limit("sign-in-start-network", 2, Duration.ofMinutes(15));
        k.rateLimits.attempt(perQuarterHour, "203.0.113.7");
        k.clock.advance(Duration.ofMinutes(10));
        k.rateLimits.attempt(perQuarterHour, "198.51.100.9");
        k.rateLimits.attempt(perQuarterHour, "198.51.100.9");

        k.clock.advance(Duration.ofMinutes(5));
        RunRetention.Report report = k.retention.handle();

        assertThat(report.rateLimitCountersDeleted()).isEqualTo(1);
        assertThat(k.rateLimits.size()).isEqualTo(1);
        assertThat(k.rateLimits.attempt(perQuarterHour, "198.51.100.9"))
                .as("still counting")
                .isPresent();
        assertThat(k.stores.auditLog().head())
                .hasValueSatisfying(
                        entry -> assertThat(entry.event().details()).containsEntry("rate_limit_counters", "1"));
        k.clock.advance(Duration.ofMinutes(10));
        assertThat(k.retention.handle().rateLimitCountersDeleted()).isEqualTo(1);
        assertThat(k.rateLimits.size()).isZero();
    }

    @Test
    @Tag("R10")
    void removing_a_selfie_from_the_draft_deletes_it_at_once_with_evidence() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(2);
        Selfie first = j.current().selfies().getFirst();

        assertThat(k.orders.remove(new ai.kaptura.ports.in.UploadSelfie.Remove(j.account, j.order, first.id())))
                .isInstanceOf(ai.kaptura.ports.in.UploadSelfie.Outcome.Removed.class);
        k.runDueJobs();

        assertThat(j.current().selfie(first.id()).orElseThrow())
                .isInstanceOfSatisfying(
                        Selfie.Deleted.class,
                        d -> assertThat(d.evidence().reason()).isEqualTo(DeletionReason.REMOVED_BY_PERSON));
        assertThat(k.vault.countOf(j.account)).isEqualTo(1);
    }

    @Test
    void a_session_survives_while_used() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        for (int day = 0; day < 20; day++) {
            k.clock.advance(Duration.ofDays(1));
            assertThat(k.signIn.authenticate(j.sessionToken)).contains(j.account);
        }
        k.clock.advance(Duration.ofDays(11));
        assertThat(k.signIn.authenticate(j.sessionToken))
                .as("absolute expiry after 30 days")
                .isEmpty();
        assertThat(k.signIn.verify(new SignIn.VerifyCode(j.email, "000000")))
                .isInstanceOf(SignIn.Verified.Refused.class);
    }
}
