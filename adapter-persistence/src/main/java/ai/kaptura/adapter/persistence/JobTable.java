package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DEAD_JOBS;
import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jooq.exception.DataAccessException;

/**
 * {@link Jobs} as rows of the job scheduler's own table, written inside the caller's transaction: the
 * transactional outbox. A job becomes visible to the scheduler only when the change that decided it
 * commits, and disappears with it if that change rolls back.
 */
final class JobTable implements Jobs {

    private final Database db;

    JobTable(Database db) {
        this.db = db;
    }

    @Override
    public boolean enqueue(Job job) {
        try {
            return db.inTransaction(() -> insert(job));
        } catch (DataAccessException race) {
            // H2 emulates ON CONFLICT with MERGE, which can still report the key a racing writer just stored.
            if (Database.isUniqueViolation(race)) {
                return false;
            }
            throw race;
        }
    }

    private boolean insert(Job job) {
        return db.ctx().insertInto(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.TASK_NAME, job.kind().name())
                .set(SCHEDULED_TASKS.TASK_INSTANCE, job.key())
                .set(SCHEDULED_TASKS.TASK_DATA, job.payload().getBytes(StandardCharsets.UTF_8))
                .set(SCHEDULED_TASKS.EXECUTION_TIME, job.runAt())
                .set(SCHEDULED_TASKS.PICKED, false)
                .set(SCHEDULED_TASKS.VERSION, 1L)
                .set(SCHEDULED_TASKS.CONSECUTIVE_FAILURES, 0)
                .onConflictDoNothing()
                .execute() == 1;
    }

    /** Jobs waiting or running, earliest first (operators' view). */
    List<Job> scheduled() {
        return db.ctx().selectFrom(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.in(kindNames()))
                .orderBy(SCHEDULED_TASKS.EXECUTION_TIME, SCHEDULED_TASKS.TASK_INSTANCE)
                .fetch(r -> new Job(JobKind.valueOf(r.getTaskName()), r.getTaskInstance(),
                        new String(r.getTaskData(), StandardCharsets.UTF_8), r.getExecutionTime()));
    }

    /** Jobs that exhausted their retries, newest first. */
    List<DeadJob> dead() {
        return db.ctx().selectFrom(DEAD_JOBS).orderBy(DEAD_JOBS.DIED_AT.desc())
                .fetch(r -> new DeadJob(r.getTaskName(), r.getTaskInstance(), r.getPayload(), r.getFailures(),
                        r.getLastError(), r.getDiedAt()));
    }

    void recordDead(String kind, String key, String payload, int failures, String error, Instant at) {
        db.run(() -> db.ctx().insertInto(DEAD_JOBS)
                .set(DEAD_JOBS.TASK_NAME, kind)
                .set(DEAD_JOBS.TASK_INSTANCE, key)
                .set(DEAD_JOBS.PAYLOAD, clip(payload, 4_000))
                .set(DEAD_JOBS.FAILURES, failures)
                .set(DEAD_JOBS.LAST_ERROR, clip(error, 2_000))
                .set(DEAD_JOBS.DIED_AT, at)
                .onConflictDoNothing()
                .execute());
    }

    private static String clip(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    private static List<String> kindNames() {
        return java.util.Arrays.stream(JobKind.values()).map(Enum::name).toList();
    }

    /** A job that will not run again, with why. */
    record DeadJob(String kind, String key, String payload, int failures, String lastError, Instant diedAt) {
    }
}
