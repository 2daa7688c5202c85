package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobRetries;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.contract.ContractFixtures;
import ai.kaptura.ports.out.contract.JobsContract;
import java.time.Duration;
import java.time.Instant;
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

    @Override
    protected void gaveUp(Job job, int failures, Instant at) {
        jobs.recordDead(job, failures, "always broken", at);
    }

    @Override
    protected void failed(Job job, int inARow, Instant last, Instant next) {
        jobs.recordFailures(job, inARow, last, next);
    }

    @Override
    protected void ranToItsEnd(Job job) {
        jobs.takeDue(job.runAt()).forEach(jobs::succeeded);
    }

    // ---- the fake's own observation API ---------------------------------------------------------

    @Test
    void scheduled_lists_the_earliest_run_at_first_then_in_enqueue_order() {
        Job late = enqueued(JobKind.SEND_EMAIL, "late", 30);
        Job early = enqueued(JobKind.SEND_EMAIL, "early", 0);
        Job alsoEarly = enqueued(JobKind.DELETE_SELFIES, "also-early", 0);

        assertThat(jobs.scheduled()).containsExactly(early, alsoEarly, late);
        assertThat(jobs.scheduled(JobKind.SEND_EMAIL)).containsExactly(early, late);
        assertThat(jobs.find(JobKind.DELETE_SELFIES, "also-early")).contains(alsoEarly);
        assertThat(jobs.find(JobKind.SEND_EMAIL, "also-early")).isEmpty();
    }

    @Test
    void take_due_removes_and_answers_only_the_due_jobs_after_which_their_keys_are_free() {
        Job later = enqueued(JobKind.SEND_EMAIL, "later", 11);
        Job exactlyNow = enqueued(JobKind.SEND_EMAIL, "now", 10);
        Job due = enqueued(JobKind.SEND_EMAIL, "due", 0);

        assertThat(jobs.takeDue(ContractFixtures.minutes(10))).containsExactly(due, exactlyNow);
        assertThat(jobs.scheduled()).containsExactly(later);
        assertThat(jobs.takeDue(ContractFixtures.minutes(10))).isEmpty();
        assertThat(jobs.enqueue(due)).isTrue();
        assertThat(jobs.enqueue(later)).isFalse();
        assertThat(jobs.clear()).isEqualTo(2);
        assertThat(jobs.scheduled()).isEmpty();
    }

    @Test
    void a_failed_job_is_scheduled_again_after_the_backoff_and_its_failures_in_a_row_are_counted() {
        JobRetries retries = new JobRetries(Duration.ofSeconds(10), Duration.ofMinutes(1), 2);
        Job job = ContractFixtures.job(JobKind.SEND_EMAIL, "email:x", ContractFixtures.minutes(0));
        jobs.enqueue(job);

        Job taken = jobs.takeDue(ContractFixtures.minutes(0)).getFirst();
        assertThat(jobs.failed(taken, ContractFixtures.minutes(0), "down", retries))
                .contains(ContractFixtures.minutes(0).plusSeconds(10));
        assertThat(jobs.failuresInARow(JobKind.SEND_EMAIL, "email:x")).isEqualTo(1);
        assertThat(jobs.find(JobKind.SEND_EMAIL, "email:x"))
                .hasValueSatisfying(j -> assertThat(j.runAt())
                        .isEqualTo(ContractFixtures.minutes(0).plusSeconds(10)));

        Job second = jobs.takeDue(ContractFixtures.minutes(1)).getFirst();
        assertThat(jobs.failed(second, ContractFixtures.minutes(1), "down", retries))
                .contains(ContractFixtures.minutes(1).plusSeconds(20));
        Job third = jobs.takeDue(ContractFixtures.minutes(2)).getFirst();
        assertThat(jobs.failed(third, ContractFixtures.minutes(2), "down", retries))
                .as("two retries, then it gives up")
                .isEmpty();

        assertThat(jobs.scheduled()).isEmpty();
        assertThat(jobs.dead()).extracting(Job::key).containsExactly("email:x");
        assertThat(jobs.failuresInARow(JobKind.SEND_EMAIL, "email:x")).isZero();
    }

    @Test
    void a_deletion_that_fails_is_never_given_up_and_a_success_forgets_its_failures() {
        JobRetries retries = new JobRetries(Duration.ofSeconds(10), Duration.ofMinutes(1), 2);
        Job job = ContractFixtures.job(JobKind.DELETE_VENDOR_MODEL, "delete-model:42", ContractFixtures.minutes(0));
        jobs.enqueue(job);

        for (int i = 0; i < 50; i++) {
            Job taken = jobs.takeDue(ContractFixtures.minutes(i)).getFirst();
            assertThat(jobs.failed(taken, ContractFixtures.minutes(i), "vendor down", retries))
                    .isPresent();
        }

        assertThat(jobs.failuresInARow(JobKind.DELETE_VENDOR_MODEL, "delete-model:42"))
                .isEqualTo(50);
        assertThat(jobs.find(JobKind.DELETE_VENDOR_MODEL, "delete-model:42"))
                .hasValueSatisfying(j -> assertThat(j.runAt())
                        .isEqualTo(ContractFixtures.minutes(49).plus(Duration.ofMinutes(1))));
        assertThat(jobs.dead()).isEmpty();

        jobs.succeeded(jobs.takeDue(ContractFixtures.minutes(50)).getFirst());
        assertThat(jobs.failuresInARow(JobKind.DELETE_VENDOR_MODEL, "delete-model:42"))
                .isZero();
        assertThat(jobs.scheduled()).isEmpty();
    }

    /** Enqueues a job of {@code kind} under {@code key}, due {@code minute} minutes into the test, and answers it. */
    private Job enqueued(JobKind kind, String key, int minute) {
        Job job = ContractFixtures.job(kind, key, ContractFixtures.minutes(minute));
        jobs.enqueue(job);
        return job;
    }
}
