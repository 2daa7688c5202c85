package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.job;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import ai.kaptura.ports.out.Jobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Jobs} store must do: schedule a job once per kind and key, keep it exactly, and
 * answer truthfully whether it was new, also when threads race; tell whether a job about something is live
 * by a prefix of its key; and schedule again the dead jobs that must never give up (R48).
 *
 * <p>{@link #jobs()} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty schedule; {@link #scheduledJobs()} observes the same schedule; {@link #gaveUp} does to a
 * scheduled job what the scheduler does after its last retry.
 */
public abstract class JobsContract {

    /** A fresh store with nothing scheduled. */
    protected abstract Jobs jobs();

    /** Every job scheduled in the store {@link #jobs()} answered, in any order. */
    protected abstract List<Job> scheduledJobs();

    /** The scheduler gave up on the scheduled {@code job} at {@code at} after {@code failures} failures: it is dead. */
    protected abstract void gaveUp(Job job, int failures, Instant at);

    /** The scheduled {@code job} failed {@code inARow} times in a row, the last at {@code last}; it runs again at {@code next}. */
    protected abstract void failed(Job job, int inARow, Instant last, Instant next);

    /** The scheduled {@code job} ran to its end: the scheduler removed it. */
    protected abstract void ranToItsEnd(Job job);

    @Test
    void nothing_is_scheduled_at_first() {
        jobs();

        assertThat(scheduledJobs()).isEmpty();
    }

    @Test
    void a_new_job_is_scheduled_exactly_as_given() {
        Jobs jobs = jobs();
        Job job = new Job(
                JobKind.ERASE_ACCOUNT,
                "erase:6b617074-7572-4000-8000-000000000001:1772443000123",
                "6b617074-7572-4000-8000-000000000001",
                minutes(90));

        assertEachIsNewAndScheduled(jobs, job);
    }

    @Test
    void the_same_kind_and_key_is_scheduled_once_and_the_first_one_stays() {
        Jobs jobs = jobs();
        Job first = job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", minutes(0));
        Job again = new Job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", "a different payload", minutes(60));

        assertThat(jobs.enqueue(first)).isTrue();
        assertThat(jobs.enqueue(again)).isFalse();
        assertThat(scheduledJobs()).as("the duplicate changed nothing").containsExactly(first);

        assertThat(jobs.enqueue(first)).isFalse();
        assertThat(scheduledJobs()).containsExactly(first);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs_told_apart")
    void jobs_told_apart_by_kind_or_by_exact_key_are_each_scheduled(String howTheyDiffer, List<Job> each) {
        assertEachIsNewAndScheduled(jobs(), each.toArray(Job[]::new));
    }

    /** Sets of jobs that differ only in kind or only in their key's exact characters. */
    static Stream<Arguments> jobs_told_apart() {
        return Stream.of(
                Arguments.of(
                        "the same key under another kind is another job",
                        List.of(
                                job(JobKind.DELETE_SELFIES, "order:42", minutes(0)),
                                job(JobKind.DELETE_VENDOR_MODEL, "order:42", minutes(0)))),
                Arguments.of(
                        "keys are compared exactly",
                        List.of(
                                job(JobKind.SEND_EMAIL, "email:abc", minutes(0)),
                                job(JobKind.SEND_EMAIL, "email:ABC", minutes(0)),
                                job(JobKind.SEND_EMAIL, "email:abc ", minutes(0)))));
    }

    @Test
    void many_different_jobs_are_all_scheduled() {
        Jobs jobs = jobs();
        List<Job> all = new ArrayList<>();
        for (JobKind kind : JobKind.values()) {
            for (int i = 0; i < 5; i++) {
                Job job = job(kind, kind.name().toLowerCase() + ":" + i, minutes(i));
                all.add(job);
                assertThat(jobs.enqueue(job)).isTrue();
            }
        }

        assertThat(scheduledJobs()).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void of_eight_threads_enqueueing_the_same_job_exactly_one_hears_it_is_new() {
        Jobs jobs = jobs();
        Job job = job(JobKind.REFUND_PAYMENT, "refund:42:pi_1", minutes(0));

        List<Boolean> answers = Concurrently.all(8, i -> jobs.enqueue(job));

        assertThat(answers).containsOnlyOnce(true);
        assertThat(answers.stream().filter(b -> !b)).hasSize(7);
        assertThat(scheduledJobs()).containsExactly(job);
    }

    @Test
    void eight_threads_enqueueing_different_jobs_lose_none() {
        Jobs jobs = jobs();

        List<List<Job>> perThread = Concurrently.all(8, t -> {
            List<Job> mine = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Job job = job(JobKind.SEND_EMAIL, "email:" + t + ":" + i, minutes(i));
                assertThat(jobs.enqueue(job)).isTrue();
                mine.add(job);
            }
            return mine;
        });

        assertThat(scheduledJobs())
                .containsExactlyInAnyOrderElementsOf(
                        perThread.stream().flatMap(List::stream).toList());
    }

    @Test
    void a_job_is_live_by_any_prefix_of_its_key_and_only_under_its_own_kind() {
        Jobs jobs = jobs();
        jobs.enqueue(job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", minutes(5)));

        assertThat(livePrefixes(
                        jobs,
                        JobKind.DELETE_SELFIES,
                        "delete-selfies:42:",
                        "delete-selfies:42:3",
                        "delete-selfies:42:3:",
                        "delete-selfies:43:"))
                .containsExactly("delete-selfies:42:", "delete-selfies:42:3");
        assertThat(jobs.anyLive(JobKind.DELETE_VENDOR_MODEL, "delete-selfies:42:"))
                .isFalse();
    }

    @Test
    void a_prefix_is_compared_character_for_character_never_as_a_pattern() {
        Jobs jobs = jobs();
        jobs.enqueue(job(JobKind.REFUND_PAYMENT, "refund:42:pi_1", minutes(0)));

        assertThat(livePrefixes(
                        jobs, JobKind.REFUND_PAYMENT, "refund:42:pi_", "refund:42:piX", "refund:%", "REFUND:42"))
                .containsExactly("refund:42:pi_");
    }

    @Test
    void the_live_keys_under_a_prefix_are_read_at_once_without_the_dead_or_other_kinds() {
        Jobs jobs = jobs();
        jobs.enqueue(job(JobKind.ADVISE_SELFIE, "advice:42:a_1", minutes(0)));
        jobs.enqueue(job(JobKind.ADVISE_SELFIE, "advice:42:b", minutes(5)));
        jobs.enqueue(job(JobKind.ADVISE_SELFIE, "advice:43:c", minutes(0)));
        jobs.enqueue(job(JobKind.SEND_EMAIL, "advice:42:d", minutes(0)));
        Job dead = job(JobKind.ADVISE_SELFIE, "advice:42:e", minutes(0));
        jobs.enqueue(dead);
        gaveUp(dead, 21, minutes(700));

        assertThat(jobs.liveKeys(JobKind.ADVISE_SELFIE, "advice:42:"))
                .containsExactlyInAnyOrder("advice:42:a_1", "advice:42:b");
        assertThat(jobs.liveKeys(JobKind.ADVISE_SELFIE, "advice:42:a%")).isEmpty();
        assertThat(jobs.liveKeys(JobKind.ADVISE_SELFIE, "advice:44:")).isEmpty();
    }

    @Test
    void a_dead_job_is_not_live() {
        Jobs jobs = jobs();
        Job job = job(JobKind.SEND_EMAIL, "email:ORDER_CONFIRMED:42", minutes(0));
        jobs.enqueue(job);

        gaveUp(job, 21, minutes(700));

        assertThat(jobs.anyLive(JobKind.SEND_EMAIL, "email:ORDER_CONFIRMED:42")).isFalse();
        assertThat(scheduledJobs()).isEmpty();
    }

    @Test
    @Tag("R48")
    void dead_jobs_that_delete_erase_or_refund_are_scheduled_again_once_and_the_others_stay_dead() {
        Jobs jobs = jobs();
        Job model = job(JobKind.DELETE_VENDOR_MODEL, "delete-model:42", minutes(0));
        Job refund = job(JobKind.REFUND_PAYMENT, "refund:42:pi_1", minutes(0));
        Job email = job(JobKind.SEND_EMAIL, "email:ORDER_FAILED:42", minutes(0));
        for (Job job : List.of(model, refund, email)) {
            jobs.enqueue(job);
            gaveUp(job, 21, minutes(700));
        }

        assertThat(jobs.reviveDead(minutes(800))).isEqualTo(2);

        assertThat(scheduledJobs())
                .containsExactlyInAnyOrder(
                        new Job(model.kind(), model.key(), model.payload(), minutes(800)),
                        new Job(refund.kind(), refund.key(), refund.payload(), minutes(800)));
        assertThat(jobs.anyLive(JobKind.SEND_EMAIL, email.key()))
                .as("an email may give up")
                .isFalse();
        assertThat(jobs.reviveDead(minutes(900)))
                .as("revived once, then no longer dead")
                .isZero();
        assertThat(scheduledJobs()).hasSize(2);
    }

    @Test
    @Tag("R48")
    void a_dead_job_whose_key_is_live_again_is_only_forgotten() {
        Jobs jobs = jobs();
        Job died = job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", minutes(0));
        jobs.enqueue(died);
        gaveUp(died, 21, minutes(700));
        Job again = new Job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", "scheduled anew", minutes(750));
        jobs.enqueue(again);

        assertThat(jobs.reviveDead(minutes(800))).isZero();

        assertThat(scheduledJobs()).containsExactly(again);
        assertThat(jobs.reviveDead(minutes(900))).isZero();
    }

    @Test
    @Tag("R49")
    void the_jobs_in_trouble_are_the_live_ones_failing_long_enough_and_the_dead_ones_longest_failing_first() {
        Jobs jobs = jobs();
        Job failingLong = job(JobKind.DELETE_VENDOR_MODEL, "delete-model:42", minutes(0));
        Job failingBriefly = job(JobKind.DELETE_SELFIES, "delete-selfies:42:3", minutes(0));
        Job fine = job(JobKind.SEND_EMAIL, "email:ORDER_CONFIRMED:43", minutes(0));
        Job dead = job(JobKind.SEND_EMAIL, "email:ORDER_FAILED:44", minutes(0));
        for (Job job : List.of(failingLong, failingBriefly, fine, dead)) {
            jobs.enqueue(job);
        }
        failed(failingLong, 12, minutes(200), minutes(260));
        failed(failingBriefly, 3, minutes(100), minutes(101));
        gaveUp(dead, 21, minutes(150));

        List<JobTrouble> troubled = jobs.troubled(10, 10);

        assertThat(troubled)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("lastError")
                .containsExactly(
                        new JobTrouble(JobKind.SEND_EMAIL, dead.key(), 21, Optional.of(minutes(150)), Optional.empty()),
                        new JobTrouble(
                                JobKind.DELETE_VENDOR_MODEL,
                                failingLong.key(),
                                12,
                                Optional.of(minutes(200)),
                                Optional.of(minutes(260))));
        assertThat(troubled.getFirst().dead()).isTrue();
        assertThat(jobs.troubled(3, 10)).hasSize(3);
        assertThat(jobs.troubled(10, 1)).hasSize(1);
        assertThat(jobs.troubled(10, 0)).isEmpty();
    }

    @Test
    @Tag("R50")
    void an_operators_retry_runs_a_dead_job_again_under_its_payload_and_moves_a_failing_one_to_now() {
        Jobs jobs = jobs();
        Job dead = job(JobKind.SEND_EMAIL, "email:ORDER_FAILED:51", minutes(0));
        Job failing = job(JobKind.DELETE_VENDOR_MODEL, "delete-model:51", minutes(0));
        Job fine = job(JobKind.SEND_EMAIL, "email:ORDER_CONFIRMED:52", minutes(30));
        for (Job job : List.of(dead, failing, fine)) {
            jobs.enqueue(job);
        }
        gaveUp(dead, 21, minutes(10));
        failed(failing, 4, minutes(10), minutes(70));
        assertThat(jobs.troubled(1, 10))
                .allSatisfy(t -> assertThat(t.lastError())
                        .as("the last error is kept with the job")
                        .isPresent());

        assertThat(jobs.retryNow(JobKind.SEND_EMAIL, dead.key(), minutes(20))).isTrue();
        assertThat(jobs.retryNow(JobKind.DELETE_VENDOR_MODEL, failing.key(), minutes(20)))
                .isTrue();
        assertThat(jobs.retryNow(JobKind.SEND_EMAIL, fine.key(), minutes(20)))
                .as("a job that never failed is not an operator's to push")
                .isFalse();
        assertThat(jobs.retryNow(JobKind.SEND_EMAIL, "email:NEVER:1", minutes(20)))
                .isFalse();

        assertThat(scheduledJobs())
                .contains(
                        new Job(JobKind.SEND_EMAIL, dead.key(), dead.payload(), minutes(20)),
                        new Job(JobKind.DELETE_VENDOR_MODEL, failing.key(), failing.payload(), minutes(20)),
                        fine);
        assertThat(jobs.troubled(1, 10))
                .as("the dead job is live again; the failing one keeps its failures until it runs")
                .extracting(JobTrouble::key)
                .containsExactly(failing.key());
    }

    @Test
    @Tag("R49")
    void a_dead_job_scheduled_again_is_no_longer_dead_even_once_it_has_run() {
        Jobs jobs = jobs();
        Job email = job(JobKind.SEND_EMAIL, "email:ORDER_FAILED:44", minutes(0));
        jobs.enqueue(email);
        gaveUp(email, 21, minutes(150));
        assertThat(jobs.troubled(10, 10))
                .singleElement()
                .satisfies(t -> assertThat(t.lastFailure()).contains(minutes(150)));

        assertThat(jobs.enqueue(email)).isTrue();
        assertThat(jobs.troubled(10, 10)).as("scheduled again: no longer dead").isEmpty();
        gaveUp(email, 21, minutes(900));
        assertThat(jobs.troubled(10, 10))
                .as("dead again, once")
                .singleElement()
                .satisfies(t -> assertThat(t.lastFailure()).contains(minutes(900)));

        jobs.enqueue(email);
        ranToItsEnd(email);
        assertThat(jobs.troubled(10, 10)).as("it ran: nothing is dead").isEmpty();
        assertThat(jobs.reviveDead(minutes(1000))).isZero();
    }

    /** Enqueues each job, checks each is heard as new, and that exactly these jobs are then scheduled. */
    private void assertEachIsNewAndScheduled(Jobs jobs, Job... each) {
        for (Job job : each) {
            assertThat(jobs.enqueue(job)).as("%s is new", job).isTrue();
        }
        assertThat(scheduledJobs()).containsExactlyInAnyOrder(each);
    }

    /** The prefixes, of those given, by which {@link Jobs#anyLive} finds a live job of {@code kind}. */
    private static List<String> livePrefixes(Jobs jobs, JobKind kind, String... prefixes) {
        return Stream.of(prefixes).filter(prefix -> jobs.anyLive(kind, prefix)).toList();
    }
}
