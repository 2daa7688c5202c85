package ai.kaptura.app;

import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.ports.in.PollGenerator;
import ai.kaptura.ports.in.RunJob;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.out.JobKind;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.IntSupplier;

/**
 * The jobs' and the pipeline's counters in Prometheus text format (the HTTP adapter adds its own request
 * counters to {@code /metrics}). Each job kind is a pipeline stage (submit training, request generation,
 * collect headshots, delete selfies, delete the vendor model, refund, email, erasure), counted by outcome
 * with its time; the overdue-callback poll and the retention sweep are counted too. No label carries an id.
 */
final class Metrics {

    private final Map<JobKind, AtomicLong> succeeded = new EnumMap<>(JobKind.class);
    private final Map<JobKind, AtomicLong> failed = new EnumMap<>(JobKind.class);
    private final Map<JobKind, DoubleAdder> seconds = new EnumMap<>(JobKind.class);
    private final AtomicLong polled = new AtomicLong();
    private final AtomicLong advanced = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();
    private final AtomicLong sweeps = new AtomicLong();
    private final IntSupplier deadJobs;

    Metrics(IntSupplier deadJobs) {
        this.deadJobs = deadJobs;
        for (JobKind kind : JobKind.values()) {
            succeeded.put(kind, new AtomicLong());
            failed.put(kind, new AtomicLong());
            seconds.put(kind, new DoubleAdder());
        }
    }

    RunJob counting(RunJob runner) {
        return job -> {
            long t0 = System.nanoTime();
            try {
                runner.run(job);
                succeeded.get(job.kind()).incrementAndGet();
            } catch (RuntimeException e) {
                failed.get(job.kind()).incrementAndGet();
                throw e;
            } finally {
                seconds.get(job.kind()).add((System.nanoTime() - t0) / 1e9);
            }
        };
    }

    PollGenerator counting(PollGenerator poll) {
        return () -> {
            PollGenerator.Report report = poll.pollOverdue();
            polled.addAndGet(report.polled());
            advanced.addAndGet(report.advanced());
            gaveUp.addAndGet(report.gaveUp());
            pollErrors.addAndGet(report.errors());
            return report;
        };
    }

    RunRetention counting(RunRetention retention) {
        return () -> {
            RunRetention.Report report = retention.handle();
            sweeps.incrementAndGet();
            return report;
        };
    }

    String scrape() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP kaptura_jobs_total Durable jobs run, by pipeline stage and outcome.\n");
        out.append("# TYPE kaptura_jobs_total counter\n");
        for (JobKind kind : JobKind.values()) {
            String k = kind.name().toLowerCase(Locale.ROOT);
            out.append("kaptura_jobs_total{kind=\"")
                    .append(k)
                    .append("\",outcome=\"succeeded\"} ")
                    .append(succeeded.get(kind).get())
                    .append('\n');
            out.append("kaptura_jobs_total{kind=\"")
                    .append(k)
                    .append("\",outcome=\"failed\"} ")
                    .append(failed.get(kind).get())
                    .append('\n');
        }
        out.append("# HELP kaptura_job_seconds_total Time spent running jobs, by pipeline stage.\n");
        out.append("# TYPE kaptura_job_seconds_total counter\n");
        for (JobKind kind : JobKind.values()) {
            out.append("kaptura_job_seconds_total{kind=\"")
                    .append(kind.name().toLowerCase(Locale.ROOT))
                    .append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", seconds.get(kind).sum()))
                    .append('\n');
        }
        out.append("# HELP kaptura_jobs_dead Jobs that failed every retry and wait for an operator.\n");
        out.append("# TYPE kaptura_jobs_dead gauge\n");
        out.append("kaptura_jobs_dead ").append(deadJobs.getAsInt()).append('\n');
        out.append(
                "# HELP kaptura_generator_polls_total Overdue generator callbacks looked up, and what came of it.\n");
        out.append("# TYPE kaptura_generator_polls_total counter\n");
        out.append("kaptura_generator_polls_total{result=\"looked_up\"} ")
                .append(polled.get())
                .append('\n');
        out.append("kaptura_generator_polls_total{result=\"advanced\"} ")
                .append(advanced.get())
                .append('\n');
        out.append("kaptura_generator_polls_total{result=\"gave_up\"} ")
                .append(gaveUp.get())
                .append('\n');
        out.append("kaptura_generator_polls_total{result=\"error\"} ")
                .append(pollErrors.get())
                .append('\n');
        out.append("# HELP kaptura_retention_sweeps_total Retention sweeps run on this node.\n");
        out.append("# TYPE kaptura_retention_sweeps_total counter\n");
        out.append("kaptura_retention_sweeps_total ").append(sweeps.get()).append('\n');
        return out.toString();
    }

    /** The photo decoders' gauges and their refusals (no label carries an id). */
    static String decoders(StorageAdapter.DecodeLoad load) {
        return "# HELP kaptura_decode_permits Photos that may be decoded at once (KAPTURA_DECODE_CONCURRENCY).\n"
                + "# TYPE kaptura_decode_permits gauge\n"
                + "kaptura_decode_permits " + load.permits() + "\n"
                + "# HELP kaptura_decodes_in_flight Photos being decoded now.\n"
                + "# TYPE kaptura_decodes_in_flight gauge\n"
                + "kaptura_decodes_in_flight " + load.inFlight() + "\n"
                + "# HELP kaptura_decodes_in_flight_max The most photos decoded at once since the node started.\n"
                + "# TYPE kaptura_decodes_in_flight_max gauge\n"
                + "kaptura_decodes_in_flight_max " + load.mostInFlight() + "\n"
                + "# HELP kaptura_decode_busy_total Uploads refused because no decoder came free within KAPTURA_UPLOAD_WAIT.\n"
                + "# TYPE kaptura_decode_busy_total counter\n"
                + "kaptura_decode_busy_total " + load.refusedBusy() + "\n";
    }

    /**
     * R49: the promises at risk now, one gauge series per promise (zero included), counted across every node from the
     * alarms raised in the database. The label is the promise, never a subject.
     */
    static String alarms(Map<Promise, Integer> raised) {
        StringBuilder out = new StringBuilder()
                .append(
                        "# HELP kaptura_alarms_active Promises at risk now, by promise (R49): alarms raised and not cleared.\n")
                .append("# TYPE kaptura_alarms_active gauge\n");
        for (Promise promise : Promise.values()) {
            out.append("kaptura_alarms_active{promise=\"")
                    .append(promise.label())
                    .append("\"} ")
                    .append(raised.getOrDefault(promise, 0))
                    .append('\n');
        }
        return out.toString();
    }
}
