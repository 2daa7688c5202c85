package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.in.RunJob;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobRetries;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the durable jobs with db-scheduler: one task per {@link JobKind}, claimed cluster-safely (on
 * PostgreSQL with {@code FOR UPDATE SKIP LOCKED}), so several nodes on one database run each job once.
 * A failing job is retried with exponential backoff up to a cap of an hour ({@link JobRetries}). A job that
 * deletes, erases or refunds is retried without limit (R48); any other one that keeps failing is recorded as
 * dead (visible to operators) instead of disappearing. A node that dies mid-run stops sending
 * heartbeats; another node then revives its job. The retention sweep, the look-up of overdue generator
 * callbacks, the check of the promises at risk and the pass that deletes photos no row accounts for are recurring tasks,
 * each run by one node at a time.
 */
final class JobScheduler {

    /**
     * How jobs are run and retried; every duration must be positive. A node that misses {@value #MISSED_HEARTBEATS}
     * heartbeats is dead and its running jobs are revived elsewhere (or by itself once started again): with the default
     * ten-second heartbeat, a job that was running on a node killed with {@code kill -9} runs again within a minute, well
     * inside the two minutes an order may stall after a crash.
     */
    record Settings(String nodeName, int threads, Duration pollInterval, Duration heartbeat, JobRetries retries) {
        static Settings defaults(String nodeName) {
            return new Settings(nodeName, 4, Duration.ofSeconds(2), Duration.ofSeconds(10), JobRetries.STANDARD);
        }
    }

    /** Heartbeats a node may miss before its running jobs count as dead. */
    static final int MISSED_HEARTBEATS = 4;

    /** A task that runs on one node at a time, {@code every} so long after its last run ended. */
    record Recurring(String name, Duration every, Runnable work) {
        Recurring {
            if (!name.matches("[A-Z_]{1,40}") || every.isNegative() || every.isZero()) {
                throw new IllegalArgumentException(
                        "A recurring task needs an upper-case name and a positive interval: " + name + " " + every);
            }
        }
    }

    static final String SWEEP_TASK = "RETENTION_SWEEP";
    static final String POLL_TASK = "GENERATOR_POLL";
    static final String ALARM_TASK = "ALARM_CHECK";
    static final String RECONCILE_TASK = "VAULT_RECONCILIATION";
    static final String ANCHOR_TASK = "AUDIT_ANCHOR";

    private final Scheduler scheduler;

    JobScheduler(Database db, JobTable table, RunJob runner, List<Recurring> recurring, Settings settings) {
        // Jobs and recurring tasks decide on what they read: every read of theirs goes to the database, never to this
        // node's memory of the signed-in read, which may lag another node's commit by a few milliseconds.
        RunJob fresh = job -> db.readingFresh(() -> runner.run(job));
        List<Recurring> freshRecurring = recurring.stream()
                .map(r -> new Recurring(r.name(), r.every(), () -> db.readingFresh(r.work())))
                .toList();
        var builder = configure(Scheduler.create(db.dataSource(), tasks(table, fresh, settings.retries())))
                .startTasks(recurring(freshRecurring))
                .schedulerName(new SchedulerName.Fixed(settings.nodeName()))
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(settings.heartbeat())
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .shutdownMaxWait(Duration.ofSeconds(30))
                .enableImmediateExecution();
        if (db.isPostgres()) {
            builder = builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        this.scheduler = builder.build();
    }

    /** One task per {@link JobKind}: it runs the job and, when the job throws, retries it as {@code retries} say. */
    static List<Task<?>> tasks(JobTable table, RunJob runner, JobRetries retries) {
        List<Task<?>> tasks = new ArrayList<>();
        for (JobKind kind : JobKind.values()) {
            tasks.add(Tasks.oneTime(kind.name(), String.class)
                    .onFailure(new Backoff(retries, table))
                    .onDeadExecutionRevive()
                    .execute((instance, context) -> runner.run(new Job(
                            kind, instance.getId(), instance.getData(), context.getExecution().executionTime))));
        }
        return tasks;
    }

    static List<RecurringTask<?>> recurring(List<Recurring> recurring) {
        List<RecurringTask<?>> startTasks = new ArrayList<>();
        for (Recurring r : recurring) {
            startTasks.add(Tasks.recurring(r.name(), Schedules.fixedDelay(r.every()))
                    .onFailureReschedule()
                    .execute((instance, context) -> r.work().run()));
        }
        return startTasks;
    }

    /** What every scheduler on Kaptura's table shares: the table and how job payloads are stored. */
    static SchedulerBuilder configure(SchedulerBuilder builder) {
        return builder.tableName("scheduled_tasks").serializer(new Utf8());
    }

    void start() {
        scheduler.start();
    }

    /** Stops taking new jobs and waits (up to 30 s) for the running ones to finish. */
    void stop() {
        scheduler.stop();
    }

    /** Job payloads are plain text of opaque ids, stored as UTF-8. */
    static final class Utf8 implements Serializer {
        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : data.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] bytes) {
            if (type != String.class && type != Void.class) {
                throw new IllegalArgumentException("Kaptura jobs carry text, not " + type.getName());
            }
            return bytes == null ? null : type.cast(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * Retries as {@link JobRetries} say: after {@code first × 2^(failures-1)}, never longer than an hour. A job that
     * deletes, erases or refunds always runs again (R48); any other one, after its last retry, is recorded in the
     * dead-jobs table and removed.
     */
    static final class Backoff implements FailureHandler<String> {
        private final JobRetries retries;
        private final JobTable table;

        Backoff(JobRetries retries, JobTable table) {
            this.retries = retries;
            this.table = table;
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<String> operations) {
            var execution = complete.getExecution();
            int failures = execution.consecutiveFailures + 1;
            Optional<Duration> next = retries.next(JobKind.valueOf(execution.getTaskName()), failures);
            if (next.isEmpty()) {
                Object data = execution.taskInstance.getData();
                table.recordDead(
                        execution.getTaskName(),
                        execution.getId(),
                        data == null ? "" : data.toString(),
                        failures,
                        complete.getCause().map(Throwable::toString).orElse("unknown"),
                        complete.getTimeDone());
                operations.stop();
                return;
            }
            table.recordError(
                    execution.getTaskName(),
                    execution.getId(),
                    complete.getCause().map(Throwable::toString).orElse("unknown"));
            operations.reschedule(complete, complete.getTimeDone().plus(next.get()));
        }
    }
}
