package ai.kaptura.adapter.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What durable commits cost (bench/persistence.sh step e): Kaptura's order transition (read, move, save with its
 * retention index, job enqueue, audit append — one transaction), with N clients, on
 * <ol>
 *   <li>{@code h2_before}: the embedded H2 file as it was opened before, H2's default {@code WRITE_DELAY} (500 ms): a
 *       commit answers before it is written anywhere;</li>
 *   <li>{@code h2_written}: {@code WRITE_DELAY=0} alone: each commit is written to the file before it answers (survives
 *       {@code kill -9}, not a power cut);</li>
 *   <li>{@code h2_durable}: the embedded default now ({@link Database#embeddedUrl}): written and forced to the device
 *       before it answers;</li>
 *   <li>{@code postgres}: the local PostgreSQL ({@code KAPTURA_BENCH_DATABASE_URL}), for reference (its defaults:
 *       {@code fsync} and {@code synchronous_commit} on).</li>
 * </ol>
 * For the H2 runs it also prints the file's size at the end of the run (the database still open) and after a clean
 * close, and the writes forced per transition. Arguments: {@code --clients N --seconds S --rounds R}.
 */
public final class DurableCommitsBench {

    private DurableCommitsBench() {}

    public static void main(String[] args) throws Exception {
        int clients = Bench.intArg(args, "--clients", 8);
        int seconds = Bench.intArg(args, "--seconds", 20);
        int rounds = Bench.intArg(args, "--rounds", 3);
        Path work = Files.createTempDirectory("kaptura-durable-bench");
        try {
            String options = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            h2(
                    "h2_before_",
                    "jdbc:h2:file:" + work.resolve("before").resolve("db").resolve("kaptura") + options,
                    work.resolve("before"),
                    clients,
                    seconds,
                    rounds);
            h2(
                    "h2_written_",
                    "jdbc:h2:file:" + work.resolve("written").resolve("db").resolve("kaptura") + options
                            + ";WRITE_DELAY=0",
                    work.resolve("written"),
                    clients,
                    seconds,
                    rounds);
            h2(
                    "h2_durable_",
                    Database.embeddedUrl(work.resolve("durable")),
                    work.resolve("durable"),
                    clients,
                    seconds,
                    rounds);
        } finally {
            Bench.deleteAll(work);
        }
        String schema = "kaptura_bench_durable";
        try (Database db = Bench.postgres(schema, clients)) {
            PersistenceBench.transitions(db, clients, seconds, rounds, "postgres_");
            Bench.dropSchema(db, schema);
        }
    }

    private static void h2(String prefix, String url, Path dataDir, int clients, int seconds, int rounds)
            throws Exception {
        Path file = Database.embeddedFile(dataDir);
        long transitions;
        long forced;
        try (Database db = Database.open(
                Optional.of(url), Optional.empty(), Optional.empty(), dataDir, Optional.empty(), clients + 2)) {
            Migrations.migrate(db, null);
            long forcedBefore = SyncedFiles.forcedWrites();
            long before = transitionCount(db);
            PersistenceBench.transitions(db, clients, seconds, rounds, prefix);
            transitions = transitionCount(db) - before;
            forced = SyncedFiles.forcedWrites() - forcedBefore;
            System.out.printf("%sfile_mb_open=%.1f%n", prefix, Files.size(file) / 1e6);
        }
        System.out.printf("%sfile_mb_closed=%.1f%n", prefix, Files.size(file) / 1e6);
        System.out.printf(
                "%sforced_writes_per_transition=%.2f%n", prefix, transitions == 0 ? 0 : (double) forced / transitions);
    }

    /** Every transition appends one audit entry. */
    private static long transitionCount(Database db) {
        Object count = db.read(ctx -> ctx.fetchValue("SELECT COUNT(*) FROM audit_log"));
        return ((Number) count).longValue();
    }
}
