package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobRetries;
import ai.kaptura.ports.out.JobTrouble;
import com.github.kagkarlsson.scheduler.testhelper.ManualScheduler;
import com.github.kagkarlsson.scheduler.testhelper.SettableClock;
import com.github.kagkarlsson.scheduler.testhelper.TestHelper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The durable jobs on H2 and a real PostgreSQL: committed jobs run, rolled-back ones never exist, failures are
 * retried and then kept as dead (deletions, erasures and refunds never, R48), two nodes run each job once, and a dead
 * node's job is picked up again.
 */
class JobSchedulerTest {

    static final Database H2 = TestDatabases.h2();
    static final Database POSTGRES = TestDatabases.postgres();

    @Nested
    class OnH2 extends Scenarios {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends Scenarios {
        OnPostgres() {
            super(POSTGRES);
        }
    }

    /** The same scenarios on each database. */
    abstract static class Scenarios {

        private final Database db;
        private final List<JobScheduler> started = new CopyOnWriteArrayList<>();

        Scenarios(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @AfterEach
        void stop() {
            started.forEach(JobScheduler::stop);
        }

        private JobScheduler node(String name, ai.kaptura.ports.in.RunJob runner) {
            JobScheduler.Settings settings = new JobScheduler.Settings(
                    name,
                    4,
                    Duration.ofMillis(100),
                    Duration.ofMillis(200),
                    new JobRetries(Duration.ofMillis(100), Duration.ofMillis(400), 3));
            JobScheduler scheduler = new JobScheduler(db, new JobTable(db), runner, List.of(), settings);
            started.add(scheduler);
            scheduler.start();
            return scheduler;
        }

        private static Job job(int n) {
            return new Job(JobKind.SEND_EMAIL, "test:" + n, "ORDER_CONFIRMED " + n, Instant.now());
        }

        @Test
        void a_committed_job_runs_and_a_rolled_back_one_never_exists() {
            List<String> ran = new CopyOnWriteArrayList<>();
            node("node-a", job -> ran.add(job.key()));

            db.run(() -> new JobTable(db).enqueue(job(1)));
            try {
                db.run(() -> {
                    new JobTable(db).enqueue(job(2));
                    throw new IllegalStateException("the use case failed after enqueueing");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }

            // The handler runs before the scheduler removes the finished row: wait for both.
            awaitTrue(
                    () -> ran.contains("test:1") && new JobTable(db).scheduled().isEmpty());
            assertThat(ran).containsExactly("test:1");
        }

        @Test
        void a_job_reads_the_database_never_the_nodes_memory() {
            List<Boolean> fresh = new CopyOnWriteArrayList<>();
            node("node-a", job -> fresh.add(db.readsFresh()));

            db.run(() -> new JobTable(db).enqueue(job(1)));

            awaitTrue(() -> !fresh.isEmpty());
            assertThat(fresh).containsExactly(true);
            assertThat(db.readsFresh()).isFalse();
        }

        @Test
        void two_nodes_on_one_database_run_each_job_exactly_once() {
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            ai.kaptura.ports.in.RunJob count = job ->
                    runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
            node("node-a", count);
            node("node-b", count);

            for (int i = 0; i < 200; i++) {
                int n = i;
                db.run(() -> new JobTable(db).enqueue(job(n)));
            }

            awaitTrue(() -> runs.size() == 200 && new JobTable(db).scheduled().isEmpty());
            assertThat(runs.values()).allMatch(c -> c.get() == 1);
        }

        @Test
        void a_failing_job_is_retried_then_kept_as_dead() {
            AtomicInteger attempts = new AtomicInteger();
            CountDownLatch succeeded = new CountDownLatch(1);
            node("node-a", job -> {
                if (job.key().equals("test:flaky") && attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("vendor unavailable");
                }
                if (job.key().equals("test:broken")) {
                    throw new IllegalStateException("always broken");
                }
                succeeded.countDown();
            });

            db.run(() -> new JobTable(db).enqueue(new Job(JobKind.SEND_EMAIL, "test:flaky", "x", Instant.now())));
            db.run(() -> new JobTable(db).enqueue(new Job(JobKind.SEND_EMAIL, "test:broken", "y", Instant.now())));

            awaitTrue(() -> succeeded.getCount() == 0
                    && !new JobTable(db).dead().isEmpty()
                    && new JobTable(db).scheduled().isEmpty());
            assertThat(attempts.get()).isEqualTo(3);
            List<JobTable.DeadJob> dead = new JobTable(db).dead();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo("test:broken");
                assertThat(d.failures()).isEqualTo(4);
                assertThat(d.lastError()).contains("always broken");
                assertThat(d.payload()).isEqualTo("y");
            });
        }

        @Test
        void the_job_of_a_node_that_died_mid_run_is_picked_up_again() throws InterruptedException {
            db.run(() -> new JobTable(db).enqueue(job(7)));
            // A node picked the job and died: the row stays picked, its heartbeat stops.
            db.run(() -> db.ctx()
                    .update(SCHEDULED_TASKS)
                    .set(SCHEDULED_TASKS.PICKED, true)
                    .set(SCHEDULED_TASKS.PICKED_BY, "node-that-died")
                    .set(SCHEDULED_TASKS.LAST_HEARTBEAT, Instant.now().minus(Duration.ofMinutes(10)))
                    .set(SCHEDULED_TASKS.VERSION, 2L)
                    .execute());
            CountDownLatch ran = new CountDownLatch(1);

            node("node-b", job -> ran.countDown());

            assertThat(ran.await(20, TimeUnit.SECONDS))
                    .as("revived by the living node")
                    .isTrue();
        }

        @Test
        void a_failing_deletion_is_retried_past_the_point_where_other_jobs_give_up() {
            AtomicInteger deletionAttempts = new AtomicInteger();
            node("node-a", job -> {
                if (job.kind() == JobKind.DELETE_VENDOR_MODEL) {
                    deletionAttempts.incrementAndGet();
                }
                throw new IllegalStateException("vendor unavailable");
            });

            db.run(() -> new JobTable(db)
                    .enqueue(new Job(JobKind.DELETE_VENDOR_MODEL, "delete-model:42", "42", Instant.now())));
            db.run(() -> new JobTable(db).enqueue(new Job(JobKind.SEND_EMAIL, "email:gives-up", "x", Instant.now())));

            awaitTrue(() -> !new JobTable(db).dead().isEmpty() && deletionAttempts.get() > 8);
            assertThat(new JobTable(db).dead())
                    .extracting(JobTable.DeadJob::key)
                    .containsExactly("email:gives-up");
            assertThat(new JobTable(db).scheduled()).extracting(Job::key).containsExactly("delete-model:42");
        }

        /**
         * R48, on the scheduler's own clock (db-scheduler's manual scheduler: nothing waits for real time): a vendor
         * down for 36 hours does not kill a deletion; its next try is never more than an hour away, and it completes
         * once the vendor is back. An email failing alongside it gives up after its 20 retries, as before.
         */
        @Test
        @Tag("R48")
        @Tag("R49")
        @Tag("faults")
        void
                a_deletion_whose_vendor_is_down_for_36_hours_stays_scheduled_within_the_hour_and_completes_when_it_is_back() {
            SettableClock clock = new SettableClock();
            Instant start = Instant.parse("2026-03-02T09:00:00Z");
            clock.set(start);
            AtomicBoolean vendorDown = new AtomicBoolean(true);
            List<String> completed = new CopyOnWriteArrayList<>();
            ManualScheduler scheduler = manual(clock, job -> {
                if (vendorDown.get()) {
                    throw new IllegalStateException("the vendor cannot be reached");
                }
                completed.add(job.key());
            });
            JobTable table = new JobTable(db);
            db.run(() -> table.enqueue(new Job(JobKind.DELETE_VENDOR_MODEL, "delete-model:42", "42", start)));
            db.run(() -> table.enqueue(new Job(JobKind.SEND_EMAIL, "email:ORDER_FAILED:42", "ORDER_FAILED 42", start)));

            while (clock.now().isBefore(start.plus(Duration.ofHours(36)))) {
                scheduler.runAnyDueExecutions();
                clock.tick(Duration.ofMinutes(5));
            }

            Instant now = clock.now();
            var row = db.read(ctx -> ctx.selectFrom(SCHEDULED_TASKS)
                    .where(SCHEDULED_TASKS.TASK_INSTANCE.eq("delete-model:42"))
                    .fetchOne());
            assertThat(row).as("the deletion is still scheduled after 36 hours").isNotNull();
            assertThat(row.getExecutionTime())
                    .isBefore(now.plus(Duration.ofHours(1)).plusSeconds(1));
            assertThat(row.getConsecutiveFailures()).isGreaterThan(40);
            assertThat(table.dead()).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo("email:ORDER_FAILED:42");
                assertThat(d.failures()).isEqualTo(21);
            });
            assertThat(completed).isEmpty();
            assertThat(table.troubled(10, 10))
                    .as("what the alarms read (R49) is what db-scheduler recorded")
                    .satisfiesExactlyInAnyOrder(
                            t -> {
                                assertThat(t.key()).isEqualTo("delete-model:42");
                                assertThat(t.failures()).isEqualTo(row.getConsecutiveFailures());
                                assertThat(t.nextTry()).contains(row.getExecutionTime());
                                assertThat(t.lastFailure()).contains(row.getLastFailure());
                            },
                            t -> {
                                assertThat(t.key()).isEqualTo("email:ORDER_FAILED:42");
                                assertThat(t.dead()).isTrue();
                            });

            vendorDown.set(false);
            for (int i = 0; i < 13 && completed.isEmpty(); i++) {
                clock.tick(Duration.ofMinutes(5));
                scheduler.runAnyDueExecutions();
            }

            assertThat(completed).containsExactly("delete-model:42");
            assertThat(table.scheduled()).isEmpty();
            assertThat(table.troubled(10, 10)).extracting(JobTrouble::key).containsExactly("email:ORDER_FAILED:42");
        }

        private ManualScheduler manual(SettableClock clock, ai.kaptura.ports.in.RunJob runner) {
            var builder = TestHelper.createManualScheduler(
                            db.dataSource(), JobScheduler.tasks(new JobTable(db), runner, JobRetries.STANDARD))
                    .clock(clock);
            ManualScheduler scheduler =
                    (ManualScheduler) JobScheduler.configure(builder).build();
            scheduler.start();
            return scheduler;
        }
    }

    static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
