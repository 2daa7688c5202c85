package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The durable jobs on a real PostgreSQL: committed jobs run, rolled-back ones never exist, failures are
 * retried and then kept as dead, two nodes run each job once, and a dead node's job is picked up again.
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
            JobScheduler.Settings settings = new JobScheduler.Settings(name, 4, Duration.ofMillis(100), Duration.ofMillis(200), 3,
                    Duration.ofMillis(100), Duration.ofMillis(400));
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
            awaitTrue(() -> ran.contains("test:1") && new JobTable(db).scheduled().isEmpty());
            assertThat(ran).containsExactly("test:1");
        }

        @Test
        void two_nodes_on_one_database_run_each_job_exactly_once() {
            Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
            ai.kaptura.ports.in.RunJob count = job -> runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
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

            awaitTrue(() -> succeeded.getCount() == 0 && !new JobTable(db).dead().isEmpty()
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
            db.run(() -> db.ctx().update(SCHEDULED_TASKS)
                    .set(SCHEDULED_TASKS.PICKED, true)
                    .set(SCHEDULED_TASKS.PICKED_BY, "node-that-died")
                    .set(SCHEDULED_TASKS.LAST_HEARTBEAT, Instant.now().minus(Duration.ofMinutes(10)))
                    .set(SCHEDULED_TASKS.VERSION, 2L)
                    .execute());
            CountDownLatch ran = new CountDownLatch(1);

            node("node-b", job -> ran.countDown());

            assertThat(ran.await(20, TimeUnit.SECONDS)).as("revived by the living node").isTrue();
        }

        @Test
        void backoff_doubles_and_is_capped() {
            JobScheduler.Settings s = new JobScheduler.Settings("n", 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 20,
                    Duration.ofSeconds(10), Duration.ofMinutes(1));

            assertThat(JobScheduler.Backoff.delay(1, s)).isEqualTo(Duration.ofSeconds(10));
            assertThat(JobScheduler.Backoff.delay(2, s)).isEqualTo(Duration.ofSeconds(20));
            assertThat(JobScheduler.Backoff.delay(3, s)).isEqualTo(Duration.ofSeconds(40));
            assertThat(JobScheduler.Backoff.delay(4, s)).isEqualTo(Duration.ofMinutes(1));
            assertThat(JobScheduler.Backoff.delay(19, s)).isEqualTo(Duration.ofMinutes(1));
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
