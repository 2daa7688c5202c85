package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.contract.JobsContract;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class JobTableTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends JobsContract {
        @BeforeEach
        void empty() {
            TestDatabases.reset(H2);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(H2);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(H2).scheduled();
        }

        @Override
        protected void gaveUp(Job job, int failures, Instant at) {
            JobTableTest.gaveUp(H2, job, failures, at);
        }

        @Override
        protected void failed(Job job, int inARow, Instant last, Instant next) {
            JobTableTest.failed(H2, job, inARow, last, next);
        }

        @Override
        protected void ranToItsEnd(Job job) {
            H2.run(() -> H2.ctx()
                    .deleteFrom(SCHEDULED_TASKS)
                    .where(SCHEDULED_TASKS.TASK_NAME.eq(job.kind().name()), SCHEDULED_TASKS.TASK_INSTANCE.eq(job.key()))
                    .execute());
        }
    }

    @Nested
    class OnPostgres extends JobsContract {
        @BeforeEach
        void empty() {
            TestDatabases.reset(PG);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(PG);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(PG).scheduled();
        }

        @Override
        protected void gaveUp(Job job, int failures, Instant at) {
            JobTableTest.gaveUp(PG, job, failures, at);
        }

        @Override
        protected void failed(Job job, int inARow, Instant last, Instant next) {
            JobTableTest.failed(PG, job, inARow, last, next);
        }

        @Override
        protected void ranToItsEnd(Job job) {
            PG.run(() -> PG.ctx()
                    .deleteFrom(SCHEDULED_TASKS)
                    .where(SCHEDULED_TASKS.TASK_NAME.eq(job.kind().name()), SCHEDULED_TASKS.TASK_INSTANCE.eq(job.key()))
                    .execute());
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
        db.run(() -> db.ctx()
                .deleteFrom(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.eq(job.kind().name()), SCHEDULED_TASKS.TASK_INSTANCE.eq(job.key()))
                .execute());
    }

    /** What db-scheduler writes when a job failed and is rescheduled: its failures in a row, the last one, its next run. */
    static void failed(Database db, Job job, int inARow, Instant last, Instant next) {
        db.run(() -> db.ctx()
                .update(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.CONSECUTIVE_FAILURES, inARow)
                .set(SCHEDULED_TASKS.LAST_FAILURE, last)
                .set(SCHEDULED_TASKS.EXECUTION_TIME, next)
                .where(SCHEDULED_TASKS.TASK_NAME.eq(job.kind().name()), SCHEDULED_TASKS.TASK_INSTANCE.eq(job.key()))
                .execute());
    }
}
