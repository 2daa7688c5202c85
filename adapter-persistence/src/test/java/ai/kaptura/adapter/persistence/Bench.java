package ai.kaptura.adapter.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * What the persistence benches ({@link PersistenceBench}, {@link DurableCommitsBench}, {@link RateLimitsBench}) share:
 * their arguments, the bench PostgreSQL schema they migrate, and clients that repeat one piece of work while it is
 * counted in measured windows.
 */
final class Bench {

    private Bench() {}

    /** The number after {@code name} in {@code args}, else {@code fallback}. */
    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /**
     * The bench PostgreSQL ({@code KAPTURA_BENCH_DATABASE_URL}, else the local {@code kaptura_bench}) with
     * {@code schema} dropped and migrated afresh, pooling a connection for each of {@code clients} and two more.
     */
    static Database postgres(String schema, int clients) {
        String url = System.getenv()
                .getOrDefault("KAPTURA_BENCH_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/kaptura_bench");
        Database db = Database.open(
                Optional.of(url),
                Optional.of("postgres"),
                Optional.empty(),
                Path.of("target"),
                Optional.of(schema),
                clients + 2);
        try {
            dropSchema(db, schema);
            Migrations.migrate(db, schema);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    static void dropSchema(Database db, String schema) {
        db.run(() -> db.ctx().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
    }

    static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Runs {@code clients} threads, client {@code c} repeating {@code work.apply(c)} until the end, and answers how
     * many times per second they did it in each of {@code rounds} windows of {@code seconds}, after {@code warmUpMillis}.
     */
    static List<Double> perSecond(int clients, IntFunction<Runnable> work, long warmUpMillis, int seconds, int rounds)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong done = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            Runnable once = work.apply(c);
            Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    once.run();
                    if (measuring.get()) {
                        done.incrementAndGet();
                    }
                }
                finished.countDown();
            });
        }
        Thread.sleep(warmUpMillis);
        List<Double> perRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            done.set(0);
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            measuring.set(false);
            perRound.add(done.get() / ((System.nanoTime() - t0) / 1e9));
        }
        running.set(false);
        finished.await();
        return perRound;
    }
}
