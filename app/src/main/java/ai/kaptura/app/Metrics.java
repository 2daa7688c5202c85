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
        family(out, "kaptura_jobs_total", "counter", "Durable jobs run, by pipeline stage and outcome.");
        for (JobKind kind : JobKind.values()) {
            String k = kind.name().toLowerCase(Locale.ROOT);
            sample(
                    out,
                    "kaptura_jobs_total{kind=\"" + k + "\",outcome=\"succeeded\"}",
                    succeeded.get(kind).get());
            sample(
                    out,
                    "kaptura_jobs_total{kind=\"" + k + "\",outcome=\"failed\"}",
                    failed.get(kind).get());
        }
        family(out, "kaptura_job_seconds_total", "counter", "Time spent running jobs, by pipeline stage.");
        for (JobKind kind : JobKind.values()) {
            sample(
                    out,
                    "kaptura_job_seconds_total{kind=\"" + kind.name().toLowerCase(Locale.ROOT) + "\"}",
                    String.format(Locale.ROOT, "%.6f", seconds.get(kind).sum()));
        }
        family(out, "kaptura_jobs_dead", "gauge", "Jobs that failed every retry and wait for an operator.");
        sample(out, "kaptura_jobs_dead", deadJobs.getAsInt());
        family(
                out,
                "kaptura_generator_polls_total",
                "counter",
                "Overdue generator callbacks looked up, and what came of it.");
        sample(out, "kaptura_generator_polls_total{result=\"looked_up\"}", polled.get());
        sample(out, "kaptura_generator_polls_total{result=\"advanced\"}", advanced.get());
        sample(out, "kaptura_generator_polls_total{result=\"gave_up\"}", gaveUp.get());
        sample(out, "kaptura_generator_polls_total{result=\"error\"}", pollErrors.get());
        family(out, "kaptura_retention_sweeps_total", "counter", "Retention sweeps run on this node.");
        sample(out, "kaptura_retention_sweeps_total", sweeps.get());
        return out.toString();
    }

    /** Appends a metric family's HELP and TYPE lines, in the text exposition format. */
    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Appends one sample: the metric with its labels, a space and the value. */
    private static void sample(StringBuilder out, String series, Object value) {
        out.append(series).append(' ').append(value).append('\n');
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
