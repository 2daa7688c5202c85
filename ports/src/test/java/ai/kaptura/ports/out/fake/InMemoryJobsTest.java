package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.contract.ContractFixtures;
import ai.kaptura.ports.out.contract.JobsContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryJobsTest extends JobsContract {

    private final InMemoryJobs jobs = new InMemoryJobs(new InMemoryDatabase());

    @Override
    protected Jobs jobs() {
        return jobs;
    }

    @Override
    protected List<Job> scheduledJobs() {
        return jobs.scheduled();
    }

    // ---- the fake's own observation API ---------------------------------------------------------

    @Test
    void scheduled_lists_the_earliest_run_at_first_then_in_enqueue_order() {
        Job late = ContractFixtures.job(JobKind.SEND_EMAIL, "late", ContractFixtures.minutes(30));
        Job early = ContractFixtures.job(JobKind.SEND_EMAIL, "early", ContractFixtures.minutes(0));
        Job alsoEarly = ContractFixtures.job(JobKind.DELETE_SELFIES, "also-early", ContractFixtures.minutes(0));
        jobs.enqueue(late);
        jobs.enqueue(early);
        jobs.enqueue(alsoEarly);

        assertThat(jobs.scheduled()).containsExactly(early, alsoEarly, late);
        assertThat(jobs.scheduled(JobKind.SEND_EMAIL)).containsExactly(early, late);
        assertThat(jobs.find(JobKind.DELETE_SELFIES, "also-early")).contains(alsoEarly);
        assertThat(jobs.find(JobKind.SEND_EMAIL, "also-early")).isEmpty();
    }

    @Test
    void take_due_removes_and_answers_only_the_due_jobs_after_which_their_keys_are_free() {
        Job due = ContractFixtures.job(JobKind.SEND_EMAIL, "due", ContractFixtures.minutes(0));
        Job exactlyNow = ContractFixtures.job(JobKind.SEND_EMAIL, "now", ContractFixtures.minutes(10));
        Job later = ContractFixtures.job(JobKind.SEND_EMAIL, "later", ContractFixtures.minutes(11));
        jobs.enqueue(later);
        jobs.enqueue(exactlyNow);
        jobs.enqueue(due);

        assertThat(jobs.takeDue(ContractFixtures.minutes(10))).containsExactly(due, exactlyNow);
        assertThat(jobs.scheduled()).containsExactly(later);
        assertThat(jobs.takeDue(ContractFixtures.minutes(10))).isEmpty();
        assertThat(jobs.enqueue(due)).isTrue();
        assertThat(jobs.enqueue(later)).isFalse();
        assertThat(jobs.clear()).isEqualTo(2);
        assertThat(jobs.scheduled()).isEmpty();
    }
}
