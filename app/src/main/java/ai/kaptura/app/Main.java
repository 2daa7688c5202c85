package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.Map;

/**
 * Kaptura's command line: {@code serve} runs the service (embedded defaults need no configuration);
 * {@code migrate} brings the database up to date.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            return switch (command) {
                case "migrate" -> migrate(Configuration.from(env), out);
                case "serve" -> serve(Configuration.from(env), out);
                case "help", "--help", "-h" -> {
                    out.println("usage: kaptura serve | kaptura migrate");
                    yield 0;
                }
                default -> {
                    err.println("kaptura: unknown command '" + command + "' (try: serve, migrate)");
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kaptura.close();
            stopped.countDown();
        }, "kaptura-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Wires and starts a node and prints where it is; the caller closes it. */
    static Kaptura start(Configuration config, PrintStream out) {
        long t0 = System.nanoTime();
        Kaptura kaptura = KapturaComponent.wire(config, InstantSource.system());
        try {
            kaptura.start();
        } catch (RuntimeException e) {
            kaptura.close();
            throw e;
        }
        out.printf("kaptura: serving %s (port %d, started in %d ms)%n", config.baseUrl(), kaptura.port(),
                (System.nanoTime() - t0) / 1_000_000);
        out.printf("kaptura: AI %s, payments %s, email %s, database %s, photos %s%n", config.generator().kind(),
                config.payments().kind(), config.email().kind(), config.databaseUrl().isPresent() ? "PostgreSQL" : "embedded H2",
                config.storage().provider());
        if (config.email().kind().equals("outbox")) {
            out.printf("kaptura: sign-in emails are not sent: they land in %s%n",
                    config.dataDir().resolve("outbox").toAbsolutePath());
        }
        if (config.payments().kind().equals("sandbox") || config.generator().kind().equals("sandbox")) {
            out.println("kaptura: sandbox vendors: payments are pretend and headshots are drawn locally, not by AI");
        }
        return kaptura;
    }

    static int migrate(Configuration config, PrintStream out) {
        try (PersistenceAdapter db = PersistenceAdapter.open(config.databaseUrl().orElse(null), config.databaseUser().orElse(null),
                config.databasePassword().orElse(null), config.dataDir())) {
            int applied = db.migrate();
            out.println("kaptura: " + db.description() + " is up to date (" + applied + " migration" + (applied == 1 ? "" : "s")
                    + " applied now)");
            return 0;
        }
    }
}
