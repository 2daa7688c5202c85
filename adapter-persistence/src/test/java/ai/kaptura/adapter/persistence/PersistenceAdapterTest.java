package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.ports.in.CheckAlarms;
import ai.kaptura.ports.in.PollGenerator;
import ai.kaptura.ports.in.ReconcileVault;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.fake.MutableClock;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter's public entry on the embedded default: an H2 file under the data dir that survives a restart. */
class PersistenceAdapterTest {

    @TempDir
    Path dataDir;

    @Test
    void the_embedded_database_lives_under_the_data_dir_and_keeps_its_data_across_a_restart() {
        AccountId id = new AccountId(UUID.randomUUID());
        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            assertThat(db.migrate()).as("every common migration, applied once").isEqualTo(commonMigrations());
            db.accounts()
                    .save(Account.open(id, EmailAddress.of("ada@example.com"), Instant.parse("2026-03-02T09:00:00Z")));
        }
        assertThat(Files.exists(dataDir.resolve("db").resolve("kaptura.mv.db"))).isTrue();

        try (PersistenceAdapter again = PersistenceAdapter.open("", null, null, dataDir)) {
            assertThat(again.migrate()).as("already up to date").isZero();
            assertThat(again.accounts().find(id)).isPresent();
            assertThat(again.description()).startsWith("jdbc:h2:kaptura-synced:");
        }
    }

    /** How many migrations the common folder holds (H2 runs those only; PostgreSQL adds its own). */
    private static long commonMigrations() {
        try (Stream<Path> files = Files.list(Path.of(
                PersistenceAdapterTest.class.getResource("/db/migration/common").toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql"))
                    .count();
        } catch (IOException | URISyntaxException e) {
            throw new AssertionError("the common migrations cannot be listed", e);
        }
    }

    @Test
    void jobs_enqueued_in_a_committed_transaction_run_on_the_scheduler_and_every_recurring_task_runs_too()
            throws InterruptedException {
        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            db.migrate();
            List<String> ran = new CopyOnWriteArrayList<>();
            AtomicInteger sweeps = new AtomicInteger();
            RunRetention sweep = () -> {
                sweeps.incrementAndGet();
                return new RunRetention.Report(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            };
            db.transactions()
                    .run(() ->
                            db.jobs().enqueue(new Job(JobKind.SEND_EMAIL, "k1", "ORDER_CONFIRMED x", Instant.now())));
            AtomicInteger polls = new AtomicInteger();
            PollGenerator poll = () -> {
                polls.incrementAndGet();
                return new PollGenerator.Report(0, 0, 0, 0);
            };
            AtomicInteger checks = new AtomicInteger();
            CheckAlarms alarms = new CheckAlarms() {
                @Override
                public Report check() {
                    checks.incrementAndGet();
                    return new Report(0, 0, 0, 0);
                }

                @Override
                public Map<Promise, Integer> raisedByPromise() {
                    return Map.of();
                }
            };
            AtomicInteger passes = new AtomicInteger();
            ReconcileVault reconcile = () -> {
                passes.incrementAndGet();
                return new ReconcileVault.Report(0, 0, 0, 0);
            };
            db.startJobs(
                    job -> ran.add(job.key()),
                    sweep,
                    poll,
                    alarms,
                    reconcile,
                    Optional::empty,
                    "test-node",
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    Duration.ofHours(1),
                    Duration.ofHours(1));
            assertThatThrownBy(() -> db.startJobs(
                            job -> {},
                            sweep,
                            poll,
                            alarms,
                            reconcile,
                            Optional::empty,
                            "again",
                            Duration.ofHours(1),
                            Duration.ofHours(1),
                            Duration.ofHours(1),
                            Duration.ofHours(1),
                            Duration.ofHours(1)))
                    .isInstanceOf(IllegalStateException.class);

            JobSchedulerTest.awaitTrue(() -> ran.contains("k1")
                    && sweeps.get() >= 1
                    && polls.get() >= 1
                    && checks.get() >= 1
                    && passes.get() >= 1);
            db.stopJobs();
            assertThat(db.scheduledJobs()).noneMatch(j -> j.key().equals("k1"));
            assertThat(db.deadJobs()).isEmpty();
        }
    }

    @Test
    void rate_limit_counters_on_the_embedded_database_outlive_a_restart() {
        MutableClock clock = new MutableClock();
        byte[] secret = new byte[32];
        RateLimits.Limit once = new RateLimits.Limit("once-a-minute", 1, Duration.ofMinutes(1));
        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            db.migrate();
            assertThat(db.rateLimits(clock, secret).attempt(once, "203.0.113.7"))
                    .isEmpty();
        }

        try (PersistenceAdapter again = PersistenceAdapter.open(null, null, null, dataDir)) {
            assertThat(again.rateLimits(clock, secret).attempt(once, "203.0.113.7"))
                    .contains(Duration.ofMinutes(1));
        }
    }

    @Test
    void it_is_ready_while_the_database_answers_and_not_once_closed() {
        PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir);
        assertThat(db.isReady()).isTrue();
        db.close();
        assertThat(db.isReady()).isFalse();
    }

    @Test
    void a_database_url_that_is_not_postgresql_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> PersistenceAdapter.open("jdbc:sqlite:/tmp/x.db", null, null, dataDir))
                .hasMessageContaining("KAPTURA_DATABASE_URL");
    }
}
