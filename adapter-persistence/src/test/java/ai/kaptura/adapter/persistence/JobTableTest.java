package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.contract.JobsContract;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class JobTableTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The {@link JobsContract} on one database, emptied before each test. */
    abstract static class OnDatabase extends JobsContract {
        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(db);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(db).scheduled();
        }

        @Override
        protected void gaveUp(Job job, int failures, Instant at) {
            JobTableTest.gaveUp(db, job, failures, at);
        }

        @Override
        protected void failed(Job job, int inARow, Instant last, Instant next) {
            JobTableTest.failed(db, job, inARow, last, next);
        }

        @Override
        protected void ranToItsEnd(Job job) {
            removed(db, job);
        }
    }

    /** What db-scheduler does after a job's last retry: the failure handler records it as dead, then its row goes. */
    static void gaveUp(Database db, Job job, int failures, Instant at) {
        new JobTable(db)
                .recordDead(
                        job.kind().name(),
                        job.key(),
                        job.payload(),
                        failures,
                        "IllegalStateException: always broken",
                        at);
        removed(db, job);
    }

    /** What db-scheduler writes when a job failed and is rescheduled: its failures in a row, the last one, its next run. */
    static void failed(Database db, Job job, int inARow, Instant last, Instant next) {
        db.run(() -> db.ctx()
                .update(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.CONSECUTIVE_FAILURES, inARow)
                .set(SCHEDULED_TASKS.LAST_FAILURE, last)
                .set(SCHEDULED_TASKS.EXECUTION_TIME, next)
                .set(SCHEDULED_TASKS.LAST_ERROR, "IllegalStateException: still broken")
                .where(row(job))
                .execute());
    }

    /** What db-scheduler does when a job is done, whether it succeeded or gave up: its row goes. */
    private static void removed(Database db, Job job) {
        db.run(() -> db.ctx().deleteFrom(SCHEDULED_TASKS).where(row(job)).execute());
    }

    private static Condition row(Job job) {
        return SCHEDULED_TASKS.TASK_NAME.eq(job.kind().name()).and(SCHEDULED_TASKS.TASK_INSTANCE.eq(job.key()));
    }
}
