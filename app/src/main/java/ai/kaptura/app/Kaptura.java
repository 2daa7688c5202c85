package ai.kaptura.app;

import ai.kaptura.adapter.http.HttpAdapter;
import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.application.audit.AuditAnchoring;
import ai.kaptura.application.pipeline.JobRunner;
import ai.kaptura.application.pipeline.OverdueCallbacks;
import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.application.retention.RetentionService;
import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PaymentGateway;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * One running Kaptura node: the HTTP server, the durable jobs, the retention sweep, the look-up of
 * overdue generator callbacks, the check of the promises at risk (R49) and the reconciliation of the vault with the rows
 * that name its photos (R10). Starting refuses a real vendor whose processor entry is incomplete (R33);
 * stopping finishes in-flight requests, then in-flight jobs, then closes the database.
 */
final class Kaptura implements AutoCloseable {

    static final Duration SWEEP_EVERY = Duration.ofMinutes(5);
    /** How often the audit chain's head is signed and kept outside the database, when it moved (R50). */
    static final Duration ANCHOR_EVERY = Duration.ofMinutes(5);

    static final Duration POLL_EVERY = Duration.ofMinutes(1);
    static final Duration ALARMS_EVERY = Duration.ofMinutes(1);
    /** How often the vault is reconciled with the rows that name its photos (R10). */
    static final Duration RECONCILE_EVERY = Duration.ofMinutes(30);

    static final Duration GRACE = Duration.ofSeconds(20);

    private static final System.Logger LOG = System.getLogger(Kaptura.class.getName());

    private final Configuration config;
    private final PersistenceAdapter db;
    private final HttpAdapter http;
    private final JobRunner jobs;
    private final RetentionService retention;
    private final OverdueCallbacks overdue;
    private final VaultReconciliation reconciliation;
    private final PolicyService policies;
    private final List<ConfiguredProcessor> processors;
    private final HeadshotGenerator generator;
    private final PaymentGateway payments;
    private final Metrics metrics;
    private final AlarmService alarms;
    private final AuditAnchoring anchoring;
    private boolean started;

    @Inject
    Kaptura(
            Configuration config,
            PersistenceAdapter db,
            HttpAdapter http,
            JobRunner jobs,
            RetentionService retention,
            OverdueCallbacks overdue,
            VaultReconciliation reconciliation,
            PolicyService policies,
            List<ConfiguredProcessor> processors,
            HeadshotGenerator generator,
            PaymentGateway payments,
            Metrics metrics,
            AlarmService alarms,
            AuditAnchoring anchoring) {
        this.config = config;
        this.db = db;
        this.http = http;
        this.jobs = jobs;
        this.retention = retention;
        this.overdue = overdue;
        this.reconciliation = reconciliation;
        this.policies = policies;
        this.processors = processors;
        this.generator = generator;
        this.payments = payments;
        this.metrics = metrics;
        this.anchoring = anchoring;
        this.alarms = alarms;
    }

    /** What the configured vendors' entries lack, each naming the variables that supply it. */
    static List<String> incompleteProcessors(List<ConfiguredProcessor> entries) {
        return entries.stream().flatMap(e -> e.problem().stream()).toList();
    }

    synchronized Kaptura start() {
        List<String> incomplete = incompleteProcessors(processors);
        if (!incomplete.isEmpty()) {
            throw new Configuration.Invalid(incomplete);
        }
        processors.forEach(p -> db.processors().register(p.entry()));
        policies.publishFirst(Catalogue::firstPolicy);
        db.startJobs(
                metrics.counting(jobs),
                metrics.counting(retention),
                metrics.counting(overdue),
                alarms,
                reconciliation,
                anchoring,
                nodeName(),
                SWEEP_EVERY,
                POLL_EVERY,
                ALARMS_EVERY,
                RECONCILE_EVERY,
                ANCHOR_EVERY);
        http.start();
        started = true;
        LOG.log(System.Logger.Level.INFO, "Kaptura is serving on port {0,number,#}", http.port());
        return this;
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
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Closing " + vendor.getClass().getSimpleName() + " failed: " + e.getMessage());
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
