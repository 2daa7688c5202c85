package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DEAD_JOBS;
import static ai.kaptura.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import ai.kaptura.ports.out.Jobs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * {@link Jobs} as rows of the job scheduler's own table, written inside the caller's transaction: the
 * transactional outbox. A job becomes visible to the scheduler only when the change that decided it
 * commits, and disappears with it if that change rolls back.
 */
record JobTable(Database db) implements Jobs {

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
        boolean inserted = db.ctx()
                        .insertInto(SCHEDULED_TASKS)
                        .set(SCHEDULED_TASKS.TASK_NAME, job.kind().name())
                        .set(SCHEDULED_TASKS.TASK_INSTANCE, job.key())
                        .set(SCHEDULED_TASKS.TASK_DATA, job.payload().getBytes(StandardCharsets.UTF_8))
                        .set(SCHEDULED_TASKS.EXECUTION_TIME, job.runAt())
                        .set(SCHEDULED_TASKS.PICKED, false)
                        .set(SCHEDULED_TASKS.VERSION, 1L)
                        .set(SCHEDULED_TASKS.CONSECUTIVE_FAILURES, 0)
                        .onConflictDoNothing()
                        .execute()
                == 1;
        if (inserted) {
            // Scheduled again: no longer dead.
            db.ctx()
                    .deleteFrom(DEAD_JOBS)
                    .where(DEAD_JOBS.TASK_NAME.eq(job.kind().name()), DEAD_JOBS.TASK_INSTANCE.eq(job.key()))
                    .execute();
        }
        return inserted;
    }

    @Override
    public boolean anyLive(JobKind kind, String keyPrefix) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyPrefix, "key prefix");
        // LEFT(key, n) = prefix rather than LIKE: keys hold '_' and other characters LIKE would read as patterns.
        return db.inTransaction(() -> db.ctx()
                .fetchExists(
                        SCHEDULED_TASKS,
                        SCHEDULED_TASKS
                                .TASK_NAME
                                .eq(kind.name())
                                .and(DSL.left(SCHEDULED_TASKS.TASK_INSTANCE, keyPrefix.length())
                                        .eq(keyPrefix))));
    }

    @Override
    public Set<String> liveKeys(JobKind kind, String keyPrefix) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keyPrefix, "key prefix");
        return db.inTransaction(() -> Set.copyOf(db.ctx()
                .select(SCHEDULED_TASKS.TASK_INSTANCE)
                .from(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.eq(kind.name()))
                .and(DSL.left(SCHEDULED_TASKS.TASK_INSTANCE, keyPrefix.length()).eq(keyPrefix))
                .fetch(SCHEDULED_TASKS.TASK_INSTANCE)));
    }

    @Override
    public int reviveDead(Instant now) {
        Objects.requireNonNull(now, "now");
        List<String> kinds = Arrays.stream(JobKind.values())
                .filter(JobKind::neverGivesUp)
                .map(Enum::name)
                .toList();
        return db.inTransaction(() -> {
            int revived = 0;
            var dead = db.ctx()
                    .selectDistinct(DEAD_JOBS.TASK_NAME, DEAD_JOBS.TASK_INSTANCE)
                    .from(DEAD_JOBS)
                    .where(DEAD_JOBS.TASK_NAME.in(kinds))
                    .orderBy(DEAD_JOBS.TASK_NAME, DEAD_JOBS.TASK_INSTANCE)
                    .fetch();
            for (var row : dead) {
                String payload = db.ctx()
                        .select(DEAD_JOBS.PAYLOAD)
                        .from(DEAD_JOBS)
                        .where(DEAD_JOBS.TASK_NAME.eq(row.value1()), DEAD_JOBS.TASK_INSTANCE.eq(row.value2()))
                        .orderBy(DEAD_JOBS.DIED_AT.desc())
                        .limit(1)
                        .fetchOne(DEAD_JOBS.PAYLOAD);
                if (insert(new Job(JobKind.valueOf(row.value1()), row.value2(), payload, now))) {
                    revived++;
                }
                db.ctx()
                        .deleteFrom(DEAD_JOBS)
                        .where(DEAD_JOBS.TASK_NAME.eq(row.value1()), DEAD_JOBS.TASK_INSTANCE.eq(row.value2()))
                        .execute();
            }
            return revived;
        });
    }

    @Override
    public List<JobTrouble> troubled(int failuresInARow, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> {
            List<JobTrouble> troubled = new ArrayList<>(db.ctx()
                    .select(
                            SCHEDULED_TASKS.TASK_NAME,
                            SCHEDULED_TASKS.TASK_INSTANCE,
                            SCHEDULED_TASKS.CONSECUTIVE_FAILURES,
                            SCHEDULED_TASKS.LAST_FAILURE,
                            SCHEDULED_TASKS.EXECUTION_TIME,
                            SCHEDULED_TASKS.LAST_ERROR)
                    .from(SCHEDULED_TASKS)
                    .where(SCHEDULED_TASKS.TASK_NAME.in(kindNames()))
                    .and(SCHEDULED_TASKS.CONSECUTIVE_FAILURES.ge(Math.max(failuresInARow, 1)))
                    .orderBy(SCHEDULED_TASKS.LAST_FAILURE, SCHEDULED_TASKS.TASK_INSTANCE)
                    .limit(limit)
                    .fetch(r -> new JobTrouble(
                            JobKind.valueOf(r.value1()),
                            r.value2(),
                            r.value3(),
                            Optional.ofNullable(r.value4()),
                            Optional.of(r.value5()),
                            Optional.ofNullable(r.value6()))));
            var later = DEAD_JOBS.as("later");
            troubled.addAll(db.ctx()
                    .select(
                            DEAD_JOBS.TASK_NAME,
                            DEAD_JOBS.TASK_INSTANCE,
                            DEAD_JOBS.FAILURES,
                            DEAD_JOBS.DIED_AT,
                            DEAD_JOBS.LAST_ERROR)
                    .from(DEAD_JOBS)
                    .where(DEAD_JOBS.TASK_NAME.in(kindNames()))
                    .andNotExists(DSL.selectOne()
                            .from(SCHEDULED_TASKS)
                            .where(
                                    SCHEDULED_TASKS.TASK_NAME.eq(DEAD_JOBS.TASK_NAME),
                                    SCHEDULED_TASKS.TASK_INSTANCE.eq(DEAD_JOBS.TASK_INSTANCE)))
                    .andNotExists(DSL.selectOne()
                            .from(later)
                            .where(
                                    later.TASK_NAME.eq(DEAD_JOBS.TASK_NAME),
                                    later.TASK_INSTANCE.eq(DEAD_JOBS.TASK_INSTANCE),
                                    later.DIED_AT.gt(DEAD_JOBS.DIED_AT)))
                    .orderBy(DEAD_JOBS.DIED_AT, DEAD_JOBS.TASK_INSTANCE)
                    .limit(limit)
                    .fetch(r -> new JobTrouble(
                            JobKind.valueOf(r.value1()),
                            r.value2(),
                            r.value3(),
                            Optional.of(r.value4()),
                            Optional.empty(),
                            Optional.of(r.value5()))));
            return troubled.stream()
                    .sorted(Comparator.comparing(
                                    (JobTrouble t) -> t.lastFailure().orElse(Instant.MIN))
                            .thenComparing(JobTrouble::key))
                    .limit(limit)
                    .toList();
        });
    }

    @Override
    public boolean retryNow(JobKind kind, String key, Instant now) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(now, "now");
        return db.inTransaction(() -> {
            // A failing job waiting for its next try: moved to now, as the scheduler's own reschedule would (its
            // version moves on, so a node that read the old row cannot run it twice). A running one is left alone.
            int moved = db.ctx()
                    .update(SCHEDULED_TASKS)
                    .set(SCHEDULED_TASKS.EXECUTION_TIME, now)
                    .set(SCHEDULED_TASKS.VERSION, SCHEDULED_TASKS.VERSION.plus(1))
                    .where(
                            SCHEDULED_TASKS.TASK_NAME.eq(kind.name()),
                            SCHEDULED_TASKS.TASK_INSTANCE.eq(key),
                            SCHEDULED_TASKS.PICKED.isFalse(),
                            SCHEDULED_TASKS.CONSECUTIVE_FAILURES.ge(1))
                    .execute();
            if (moved > 0) {
                return true;
            }
            String payload = db.ctx()
                    .select(DEAD_JOBS.PAYLOAD)
                    .from(DEAD_JOBS)
                    .where(DEAD_JOBS.TASK_NAME.eq(kind.name()), DEAD_JOBS.TASK_INSTANCE.eq(key))
                    .orderBy(DEAD_JOBS.DIED_AT.desc())
                    .limit(1)
                    .fetchOne(DEAD_JOBS.PAYLOAD);
            return payload != null && insert(new Job(kind, key, payload, now));
        });
    }

    /** Keeps what a failed run said with the job, for the operator's desk; it goes with the job's row. */
    void recordError(String kind, String key, String error) {
        db.run(() -> db.ctx()
                .update(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.LAST_ERROR, clip(error, 2_000))
                .where(SCHEDULED_TASKS.TASK_NAME.eq(kind), SCHEDULED_TASKS.TASK_INSTANCE.eq(key))
                .execute());
    }

    /** Jobs waiting or running, earliest first (operators' view). */
    List<Job> scheduled() {
        return db.ctx()
                .selectFrom(SCHEDULED_TASKS)
                .where(SCHEDULED_TASKS.TASK_NAME.in(kindNames()))
                .orderBy(SCHEDULED_TASKS.EXECUTION_TIME, SCHEDULED_TASKS.TASK_INSTANCE)
                .fetch(r -> new Job(
                        JobKind.valueOf(r.getTaskName()),
                        r.getTaskInstance(),
                        new String(r.getTaskData(), StandardCharsets.UTF_8),
                        r.getExecutionTime()));
    }

    /** Jobs that exhausted their retries, newest first. */
    List<DeadJob> dead() {
        return db.ctx()
                .selectFrom(DEAD_JOBS)
                .orderBy(DEAD_JOBS.DIED_AT.desc())
                .fetch(r -> new DeadJob(
                        r.getTaskName(),
                        r.getTaskInstance(),
                        r.getPayload(),
                        r.getFailures(),
                        r.getLastError(),
                        r.getDiedAt()));
    }

    void recordDead(String kind, String key, String payload, int failures, String error, Instant at) {
        db.run(() -> db.ctx()
                .insertInto(DEAD_JOBS)
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
        return Arrays.stream(JobKind.values()).map(Enum::name).toList();
    }

    /** A job that will not run again, with why. */
    record DeadJob(String kind, String key, String payload, int failures, String lastError, Instant diedAt) {}
}
