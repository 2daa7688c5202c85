package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import java.io.PrintStream;
import java.util.Map;

/**
 * Kaptura's command line: {@code migrate} brings the database up to date. ({@code serve} arrives with
 * the HTTP adapter and the full wiring.)
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
                case "help", "--help", "-h" -> {
                    out.println("usage: kaptura migrate");
                    yield 0;
                }
                default -> {
                    err.println("kaptura: unknown command '" + command + "' (try: migrate)");
                    yield 2;
                }
            };
        } catch (Configuration.Invalid e) {
            err.println(e.getMessage());
            return 2;
        }
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
