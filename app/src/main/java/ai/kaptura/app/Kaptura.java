package ai.kaptura.app;

import ai.kaptura.adapter.http.HttpAdapter;
import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.application.pipeline.JobRunner;
import ai.kaptura.application.pipeline.OverdueCallbacks;
import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.application.retention.RetentionService;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PaymentGateway;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One running Kaptura node: the HTTP server, the durable jobs, the retention sweep and the look-up of
 * overdue generator callbacks. Starting refuses a real vendor whose processor entry is incomplete (R33);
 * stopping finishes in-flight requests, then in-flight jobs, then closes the database.
 */
final class Kaptura implements AutoCloseable {

    static final Duration SWEEP_EVERY = Duration.ofMinutes(5);
    static final Duration POLL_EVERY = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofSeconds(20);

    private static final System.Logger LOG = System.getLogger(Kaptura.class.getName());

    private final Configuration config;
    private final PersistenceAdapter db;
    private final HttpAdapter http;
    private final JobRunner jobs;
    private final RetentionService retention;
    private final OverdueCallbacks overdue;
    private final PolicyService policies;
    private final List<Processor> processors;
    private final HeadshotGenerator generator;
    private final PaymentGateway payments;
    private final Metrics metrics;
    private final InstantSource clock;
    private boolean started;

    @Inject
    Kaptura(Configuration config, PersistenceAdapter db, HttpAdapter http, JobRunner jobs, RetentionService retention,
            OverdueCallbacks overdue, PolicyService policies, List<Processor> processors, HeadshotGenerator generator,
            PaymentGateway payments, Metrics metrics, InstantSource clock) {
        this.config = config;
        this.db = db;
        this.http = http;
        this.jobs = jobs;
        this.retention = retention;
        this.overdue = overdue;
        this.policies = policies;
        this.processors = processors;
        this.generator = generator;
        this.payments = payments;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Every entry the configured vendors need, and what each lacks, naming the variable that supplies it. */
    static List<String> incompleteProcessors(List<Processor> entries) {
        List<String> problems = new ArrayList<>();
        for (Processor p : entries) {
            if (!p.isComplete()) {
                problems.add("The processor entry of " + p.name() + " is incomplete (R33: " + String.join(", ", p.missing())
                        + "); it may receive no personal data. Set " + dpaVariable(p.name()) + " to where its signed data"
                        + " processing agreement is filed" + (p.name().equals("astria") || p.name().equals("stripe")
                        || p.name().equals("resend") ? "" : ", and KAPTURA_SMTP_LEGAL_NAME, KAPTURA_SMTP_COUNTRY, KAPTURA_SMTP_TRANSFER"));
            }
        }
        return problems;
    }

    private static String dpaVariable(String processor) {
        return switch (processor) {
            case "astria" -> "ASTRIA_DPA_REFERENCE";
            case "stripe" -> "STRIPE_DPA_REFERENCE";
            case "resend" -> "RESEND_DPA_REFERENCE";
            default -> "KAPTURA_SMTP_DPA_REFERENCE";
        };
    }

    synchronized Kaptura start() {
        List<String> incomplete = incompleteProcessors(processors);
        if (!incomplete.isEmpty()) {
            throw new Configuration.Invalid(incomplete);
        }
        processors.forEach(p -> db.processors().register(p));
        if (policies.history().versions().isEmpty()) {
            publishFirstPolicy();
        }
        db.startJobs(metrics.counting(jobs), metrics.counting(retention), metrics.counting(overdue), nodeName(), SWEEP_EVERY,
                POLL_EVERY);
        http.start();
        started = true;
        LOG.log(System.Logger.Level.INFO, "Kaptura is serving on port {0,number,#}", http.port());
        return this;
    }

    /**
     * A version never takes effect in the past (R6): the first one takes effect a moment from now, and the
     * node serves once it has, so the checkout notice exists from the first request. The moment starts at
     * 10 ms (the wait is on every first start's path); a publication that took longer than that is refused
     * as lying in the past and is tried again with four times the margin, up to 2.56 s.
     */
    private void publishFirstPolicy() {
        for (long margin = 10; ; margin *= 4) {
            Instant effective = clock.instant().plusMillis(margin);
            PublishPolicy.Outcome published = policies.publish(Catalogue.firstPolicy(effective));
            if (published instanceof PublishPolicy.Outcome.Refused refused) {
                if (clock.instant().isAfter(effective) && margin < 2_560) {
                    continue;
                }
                throw new IllegalStateException("The first policy version could not be published: " + refused.why().detail());
            }
            while (clock.instant().isBefore(effective)) {
                Thread.onSpinWait();
            }
            return;
        }
    }

    int port() {
        return http.port();
    }

    Configuration configuration() {
        return config;
    }

    /** Finishes in-flight requests, then in-flight jobs, then closes the vendors and the database. */
    @Override
    public synchronized void close() {
        if (started) {
            http.stop(GRACE);
            db.stopJobs();
            started = false;
        }
        closeQuietly(generator);
        closeQuietly(payments);
        db.close();
    }

    private static void closeQuietly(Object vendor) {
        if (vendor instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Closing " + vendor.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
