package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.application.audit.AuditAnchoring;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.ports.in.PublishPolicy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Kaptura's command line: {@code serve} runs the service (embedded defaults need no configuration);
 * {@code migrate} brings the database up to date; {@code publish-policy} publishes a policy version;
 * {@code vendors check} runs one small live pass per real vendor configured ({@link VendorsCheck}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            return switch (command) {
                case "migrate" -> migrate(Configuration.from(env), out);
                case "publish-policy" -> publishPolicy(args, Configuration.from(env), out, err);
                case "serve" -> serve(Configuration.from(env), out);
                case "vendors" -> vendors(args, Configuration.from(env), out, err);
                case "audit" -> audit(args, Configuration.from(env), out, err);
                case "help", "--help", "-h" -> {
                    out.println(
                            "usage: kaptura serve | kaptura migrate | kaptura publish-policy <directory> | kaptura vendors check"
                                    + " | kaptura audit verify | kaptura audit bundle FILE | kaptura audit verify --bundle FILE");
                    yield 0;
                }
                default -> {
                    err.println("kaptura: unknown command '" + command
                            + "' (try: serve, migrate, publish-policy, vendors check, audit verify)");
                    yield 2;
                }
            };
        } catch (Configuration.Invalid e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /** Starts the node, says where it is, and runs until the process is asked to stop (then stops gracefully). */
    static int serve(Configuration config, PrintStream out) {
        Kaptura kaptura = start(config, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            kaptura.close();
                            stopped.countDown();
                        },
                        "kaptura-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Wires and starts a node and prints where it is; the caller closes it. */
    static Kaptura start(Configuration config, PrintStream out) {
        return start(DaggerKapturaComponent.factory().create(config, InstantSource.system()), config, out);
    }

    /**
     * Starts the node {@code wired} from {@code config} and prints where it is; the caller closes it. The tests that
     * start the product keep the component, to read the gauges it shares with the node (the photo decoders).
     */
    static Kaptura start(KapturaComponent wired, Configuration config, PrintStream out) {
        long t0 = System.nanoTime();
        Kaptura kaptura = wired.kaptura();
        try {
            kaptura.start();
        } catch (RuntimeException e) {
            kaptura.close();
            throw e;
        }
        out.printf(
                "kaptura: serving %s (port %d, started in %d ms)%n",
                config.baseUrl(), kaptura.port(), (System.nanoTime() - t0) / 1_000_000);
        out.printf(
                "kaptura: AI %s, payments %s, email %s, database %s, photos %s%n",
                EnvironmentReader.word(config.generator().kind()),
                EnvironmentReader.word(config.payments().kind()),
                EnvironmentReader.word(config.email().kind()),
                config.databaseUrl().isPresent() ? "PostgreSQL" : "embedded H2",
                config.storage().provider());
        out.println(config.privacy()
                .alarmEmail()
                .map(
                        to ->
                                "kaptura: alarms (promises at risk) are mailed once a day to the controller's contact (KAPTURA_ALARM_EMAIL)")
                .orElse(
                        "kaptura: alarms (promises at risk) are not mailed (KAPTURA_ALARM_EMAIL is unset): they are gauges in /metrics"
                                + " and WARN log lines"));
        if (config.email().kind() == Configuration.EmailKind.OUTBOX) {
            out.printf(
                    "kaptura: sign-in emails are not sent: they land in %s%n",
                    config.dataDir().resolve("outbox").toAbsolutePath());
        }
        if (config.payments().kind() == Configuration.PaymentsKind.SANDBOX
                || config.generator().kind() == Configuration.GeneratorKind.SANDBOX) {
            out.println("kaptura: sandbox vendors: payments are pretend and headshots are drawn locally, not by AI");
        }
        return kaptura;
    }

    /** How long {@code vendors check} waits for a training or a delivery to be reported. */
    static final Duration VENDOR_CHECK_PATIENCE = Duration.ofMinutes(5);

    /** {@code vendors check}: one small live pass per real vendor configured; 0 when each passed, 1 otherwise. */
    static int vendors(String[] args, Configuration config, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[1].equals("check")) {
            err.println(
                    "usage: kaptura vendors check   (one small, free or next to free pass per real vendor configured; see the README)");
            return 2;
        }
        return VendorsCheck.run(config, out, VENDOR_CHECK_PATIENCE, InstantSource.system());
    }

    static int migrate(Configuration config, PrintStream out) {
        try (PersistenceAdapter db = PersistenceAdapter.open(
                config.databaseUrl().orElse(null),
                config.databaseUser().orElse(null),
                config.databasePassword().orElse(null),
                config.dataDir())) {
            int applied = db.migrate();
            out.println("kaptura: " + db.description() + " is up to date (" + applied + " migration"
                    + (applied == 1 ? "" : "s") + " applied now)");
            return 0;
        }
    }

    /**
     * Publishes the policy version in {@code args[1]} (see {@link PolicyFiles}) through the same use case and audit
     * entry as the first version (R6); a version material for biometrics makes older consents stale once it takes
     * effect, and paid orders then wait for renewed consent (R9). Refused: a version that takes effect in the past or
     * not after the latest, a version already published, an incomplete set of notices.
     */
    static int publishPolicy(String[] args, Configuration config, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: kaptura publish-policy <directory>   (" + PolicyFiles.PROPERTIES
                    + " and one <notice>.<language>.txt per notice; see the README)");
            return 2;
        }
        PolicyVersion version;
        try {
            version = PolicyFiles.read(Path.of(args[1]));
        } catch (PolicyFiles.Invalid e) {
            err.println("kaptura: nothing published: " + e.getMessage());
            return 2;
        }
        KapturaComponent wired = DaggerKapturaComponent.factory().create(config, InstantSource.system());
        Optional<PersistenceAdapter> opened = database(wired, config, err, "nothing published");
        if (opened.isEmpty()) {
            return 1;
        }
        try (PersistenceAdapter db = opened.get()) {
            return switch (wired.policies().publish(version)) {
                case PublishPolicy.Outcome.Refused refused -> {
                    err.println("kaptura: nothing published: " + refused.why().detail());
                    yield 2;
                }
                case PublishPolicy.Outcome.Published published -> {
                    out.println("kaptura: policy version " + version.version() + " published; it takes effect at "
                            + version.effectiveAt()
                            + (version.materialForBiometrics()
                                    ? " and is material for biometrics: consents given before then must be renewed, and paid orders"
                                            + " wait until they are (R9)"
                                    : ""));
                    yield 0;
                }
            };
        }
    }

    /**
     * {@code kaptura audit verify}: verifies the configured database's audit chain against the signed checkpoints kept
     * outside it (R46, R50). Exit 0 with the entry count and the checkpoint it met; 1 naming the first entry that fails
     * and why; 2 for a wrong call.
     */
    static int audit(String[] args, Configuration config, PrintStream out, PrintStream err) {
        if (args.length == 4 && args[1].equals("verify") && args[2].equals("--bundle")) {
            return verifyBundle(Path.of(args[3]), out, err);
        }
        if (args.length == 3 && args[1].equals("bundle")) {
            return bundle(Path.of(args[2]), config, out, err);
        }
        if (args.length != 2 || !args[1].equals("verify")) {
            err.println("usage: kaptura audit verify | kaptura audit bundle FILE | kaptura audit verify --bundle FILE");
            return 2;
        }
        KapturaComponent wired = DaggerKapturaComponent.factory().create(config, InstantSource.system());
        Optional<PersistenceAdapter> opened = database(wired, config, err, "nothing verified");
        if (opened.isEmpty()) {
            return 1;
        }
        try (PersistenceAdapter db = opened.get()) {
            AuditAnchoring anchoring = wired.anchoring();
            List<AuditCheckpoint.Signed> checkpoints = anchoring.checkpoints();
            String key = "audit key " + AuditKey.fingerprint(anchoring.keyPair());
            return switch (wired.auditor().verifyChain()) {
                case AuditChain.Verification.Intact intact -> {
                    out.println("kaptura: the audit chain is intact: " + intact.entries() + " entries, head "
                            + intact.head().hex() + "; "
                            + (checkpoints.isEmpty()
                                    ? "no signed checkpoint is kept yet, so only the chain itself was checked"
                                    : "it meets all " + checkpoints.size() + " signed checkpoints, the latest at entry "
                                            + checkpoints.getLast().checkpoint().sequence() + " signed "
                                            + checkpoints.getLast().checkpoint().at())
                            + " (" + key + ")");
                    yield 0;
                }
                case AuditChain.Verification.Broken broken -> {
                    out.println("kaptura: the audit chain fails at entry " + broken.sequence() + ": " + broken.reason()
                            + " (" + checkpoints.size() + " signed checkpoints, " + key + ")");
                    yield 1;
                }
            };
        }
    }

    /** {@code kaptura audit bundle FILE}: the auditor's offline bundle (R50), written by the same code as GET /api/audit/bundle. */
    static int bundle(Path file, Configuration config, PrintStream out, PrintStream err) {
        KapturaComponent wired = DaggerKapturaComponent.factory().create(config, InstantSource.system());
        Optional<PersistenceAdapter> opened = database(wired, config, err, "no bundle written");
        if (opened.isEmpty()) {
            return 1;
        }
        try (PersistenceAdapter db = opened.get();
                java.io.OutputStream zip = java.nio.file.Files.newOutputStream(file)) {
            ai.kaptura.ports.in.AuditorReports.Bundled bundled = wired.auditor().bundle(zip);
            out.println("kaptura: " + bundled.entries() + " audit entries, " + bundled.checkpoints()
                    + " signed checkpoints, the audit key, " + bundled.requests()
                    + " privacy requests, the rules, the record of processing, the retention schedule and the consent"
                    + " and deletion counts written to " + file
                    + "; check it anywhere with: kaptura audit verify --bundle " + file.getFileName());
            return 0;
        } catch (java.io.IOException e) {
            err.println("kaptura: the bundle could not be written to " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code kaptura audit verify --bundle FILE}: checks an offline copy without any database (R50). */
    static int verifyBundle(Path file, PrintStream out, PrintStream err) {
        AuditBundle.Contents contents;
        try {
            contents = AuditBundle.read(file);
        } catch (IllegalArgumentException e) {
            err.println("kaptura: nothing verified: " + e.getMessage());
            return 2;
        }
        return switch (AuditBundle.verify(contents)) {
            case AuditChain.Verification.Intact intact -> {
                out.println(
                        "kaptura: the bundle's audit chain is intact: " + intact.entries() + " entries; it meets all "
                                + contents.checkpoints().size() + " signed checkpoints"
                                + (contents.checkpoints().isEmpty()
                                        ? ""
                                        : ", the latest at entry "
                                                + contents.checkpoints()
                                                        .getLast()
                                                        .checkpoint()
                                                        .sequence()));
                yield 0;
            }
            case AuditChain.Verification.Broken broken -> {
                out.println("kaptura: the bundle's audit chain fails at entry " + broken.sequence() + ": "
                        + broken.reason());
                yield 1;
            }
        };
    }

    /** The database of a one-off command, or empty after saying why it cannot be opened (and what was not done). */
    private static Optional<PersistenceAdapter> database(
            KapturaComponent wired, Configuration config, PrintStream err, String notDone) {
        try {
            return Optional.of(wired.persistence());
        } catch (RuntimeException e) {
            err.println("kaptura: " + notDone + ": the database cannot be opened (" + e.getMessage() + ")"
                    + (config.databaseUrl().isEmpty()
                            ? "; the embedded database admits one process: stop kaptura serve first"
                            : ""));
            return Optional.empty();
        }
    }
}
