package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.in.AnchorAudit;
import ai.kaptura.ports.in.CheckAlarms;
import ai.kaptura.ports.in.PollGenerator;
import ai.kaptura.ports.in.ReconcileVault;
import ai.kaptura.ports.in.RunJob;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.CookieChoices;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.DatabaseMaintenance;
import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.SandboxRecords;
import ai.kaptura.ports.out.SelfieAdvices;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import ai.kaptura.ports.out.VendorObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The persistence adapter's one public entry: every storing port on one database (embedded H2 by
 * default, PostgreSQL by URL), its migrations, and the durable job scheduler.
 *
 * <pre>{@code
 * PersistenceAdapter db = PersistenceAdapter.open(url, user, password, dataDir);
 * db.migrate();
 * ... wire db.orders(), db.transactions(), db.jobs() ... into the services ...
 * db.startJobs(jobRunner, retention, overdueCallbacks, alarms, reconciliation, anchoring, "node-1",
 *         Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(30), Duration.ofMinutes(5));
 * }</pre>
 */
public final class PersistenceAdapter implements AutoCloseable {

    private final Database db;
    private final Optional<String> schema;
    private final JobTable jobs;
    private JobScheduler scheduler;

    private PersistenceAdapter(Database db, Optional<String> schema) {
        this.db = db;
        this.schema = schema;
        this.jobs = new JobTable(db);
    }

    /**
     * Opens the database. An empty or absent {@code jdbcUrl} is the embedded H2 file database under
     * {@code dataDir}; a {@code jdbc:postgresql://} URL is PostgreSQL; anything else is refused with a
     * message naming {@code KAPTURA_DATABASE_URL}.
     */
    public static PersistenceAdapter open(String jdbcUrl, String user, String password, Path dataDir) {
        return open(jdbcUrl, user, password, dataDir, Optional.empty());
    }

    /** As {@link #open(String, String, String, Path)}, with every table in {@code schema} (PostgreSQL). */
    public static PersistenceAdapter open(String jdbcUrl, String user, String password, Path dataDir, String schema) {
        return open(jdbcUrl, user, password, dataDir, Optional.of(schema));
    }

    private static PersistenceAdapter open(
            String jdbcUrl, String user, String password, Path dataDir, Optional<String> schema) {
        return new PersistenceAdapter(
                Database.open(
                        configured(jdbcUrl),
                        Optional.ofNullable(user),
                        Optional.ofNullable(password),
                        dataDir,
                        schema,
                        16),
                schema);
    }

    /**
     * What is wrong with {@code jdbcUrl} as {@code KAPTURA_DATABASE_URL}, naming the variable and never quoting the URL;
     * empty when it is a {@code jdbc:postgresql://} URL. The one rule: the configuration checks it at startup, and
     * {@link #open} refuses what it refuses. (Unset, or blank, is the embedded database and is not asked about.)
     */
    public static Optional<String> databaseUrlProblem(String jdbcUrl) {
        return Database.configuredUrlProblem(jdbcUrl);
    }

    /** A configured URL, checked by {@link #databaseUrlProblem}; null or blank is the embedded database. */
    private static Optional<String> configured(String jdbcUrl) {
        Optional<String> url = Optional.ofNullable(jdbcUrl).filter(u -> !u.isBlank());
        url.flatMap(Database::configuredUrlProblem).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return url;
    }

    /** The adapter over a database opened here by hand (tests and benchmarks of this package). */
    static PersistenceAdapter onDatabase(Database db) {
        return new PersistenceAdapter(db, Optional.empty());
    }

    Database database() {
        return db;
    }

    /** Brings the schema up to date; answers how many migrations ran. */
    public int migrate() {
        return Migrations.migrate(db, schema.orElse(null));
    }

    /** Which database this is, without credentials, for the startup line. */
    public String description() {
        return db.description();
    }

    public Accounts accounts() {
        return new SqlAccounts(db);
    }

    public SignInChallenges signInChallenges() {
        return new SqlSignInChallenges(db);
    }

    public Sessions sessions() {
        return new SqlSessions(db);
    }

    public Orders orders() {
        return new SqlOrders(db);
    }

    public ConsentLedger consentLedger() {
        return new SqlConsentLedger(db);
    }

    public PolicyVersions policyVersions() {
        return new SqlPolicyVersions(db);
    }

    public AuditLog auditLog() {
        return new SqlAuditLog(db);
    }

    public PrivacyRequests privacyRequests() {
        return new SqlPrivacyRequests(db);
    }

    public Processors processors() {
        return new SqlProcessors(db);
    }

    public CookieChoices cookieChoices() {
        return new SqlCookieChoices(db);
    }

    public DataKeys dataKeys() {
        return new SqlDataKeys(db);
    }

    public ProcessedEvents processedEvents() {
        return new SqlProcessedEvents(db);
    }

    public Alarms alarms() {
        return new SqlAlarms(db);
    }

    /** Evidence of deletions no order holds: photos the vault held that no row accounted for (R10). */
    public DeletionRecords deletionRecords() {
        return new SqlDeletionRecords(db);
    }

    /** What the database does after an erasure so that the erased rows' old versions leave its files too (R27). */
    public DatabaseMaintenance maintenance() {
        return new SqlDatabaseMaintenance(db);
    }

    /** What vendor adapters created at their vendors, by the vendors' ids (R14, R27). */
    public VendorObjects vendorObjects() {
        return new SqlVendorObjects(db);
    }

    /** Mail that must wait: a processor's quota reached, or a message's delivery unsure (R49). */
    /** The sandbox vendors' books, shared by every node (adapter-sandbox, when it is configured). */
    public SandboxRecords sandboxRecords() {
        return new SqlSandboxRecords(db);
    }

    public MailHolds mailHolds() {
        return new SqlMailHolds(db);
    }

    /** The legal holds on accounts, active and lifted (R11). */
    public LegalHolds legalHolds() {
        return new SqlLegalHolds(db);
    }

    /** Photo-quality advice, flags only (R51). */
    public SelfieAdvices selfieAdvices() {
        return new SqlSelfieAdvices(db);
    }

    /**
     * Attempt counters every node shares (R47), timed by {@code clock}. {@code secret} (at least 32 bytes, the
     * same on every node) keys the hashes that name the counters, so no stored name can be traced back to a
     * guessed network or email address.
     */
    public RateLimits rateLimits(InstantSource clock, byte[] secret) {
        return new SqlRateLimits(db, clock, secret);
    }

    public Transactions transactions() {
        return new JooqTransactions(db);
    }

    public Jobs jobs() {
        return jobs;
    }

    /** Jobs waiting or running, earliest first. */
    public List<Job> scheduledJobs() {
        return jobs.scheduled();
    }

    /** Jobs that exhausted their retries, newest first, each as "KIND key: failures × last error". */
    public List<String> deadJobs() {
        return jobs.dead().stream()
                .map(d -> d.kind() + " " + d.key() + ": " + d.failures() + " failures, last: " + d.lastError())
                .toList();
    }

    /**
     * Starts running jobs on this node (several nodes may share one database), the recurring retention
     * sweep every {@code sweepEvery}, the look-up of overdue generator callbacks every {@code pollEvery}, the check of
     * the promises at risk every {@code alarmsEvery} (R49), the pass that deletes photos no row accounts for every
     * {@code reconcileEvery} (R10), and the signing of the audit chain's head every {@code anchorEvery} (R50); each
     * recurring task runs on one node at a time.
     */
    public synchronized void startJobs(
            RunJob runner,
            RunRetention retention,
            PollGenerator poll,
            CheckAlarms alarms,
            ReconcileVault reconcile,
            AnchorAudit anchor,
            String nodeName,
            Duration sweepEvery,
            Duration pollEvery,
            Duration alarmsEvery,
            Duration reconcileEvery,
            Duration anchorEvery) {
        if (scheduler != null) {
            throw new IllegalStateException("Jobs are already running on this node");
        }
        scheduler = new JobScheduler(
                db,
                jobs,
                runner,
                List.of(
                        new JobScheduler.Recurring(JobScheduler.SWEEP_TASK, sweepEvery, retention::handle),
                        new JobScheduler.Recurring(JobScheduler.POLL_TASK, pollEvery, poll::pollOverdue),
                        new JobScheduler.Recurring(JobScheduler.ALARM_TASK, alarmsEvery, alarms::check),
                        new JobScheduler.Recurring(JobScheduler.RECONCILE_TASK, reconcileEvery, reconcile::handle),
                        new JobScheduler.Recurring(JobScheduler.ANCHOR_TASK, anchorEvery, anchor::anchor)),
                JobScheduler.Settings.defaults(nodeName));
        scheduler.start();
    }

    /** Whether the database answers now (for {@code /health/ready}): a connection from the pool, valid within 2 s. */
    public boolean isReady() {
        try (java.sql.Connection connection = db.dataSource().getConnection()) {
            return connection.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Stops taking jobs and waits for the running ones to finish. */
    public synchronized void stopJobs() {
        if (scheduler != null) {
            scheduler.stop();
            scheduler = null;
        }
    }

    @Override
    public void close() {
        stopJobs();
        db.close();
    }
}
