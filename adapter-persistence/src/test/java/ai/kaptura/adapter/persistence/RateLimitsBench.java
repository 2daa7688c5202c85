package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.RateLimits.Limit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;

/**
 * What one {@link RateLimits#attempt} costs (bench/persistence.sh runs it after the other measurements), on
 * the local PostgreSQL and on the embedded H2 file database, one thread, the real clock:
 * <ol>
 *   <li>a key seen before, allowed (SELECT ... FOR UPDATE, UPDATE, COMMIT);</li>
 *   <li>a key seen before, refused (the same statements: the refusal is written too);</li>
 *   <li>a new key every time (a first transaction inserts the empty row, a second fills it in);</li>
 * </ol>
 * and, with {@code --clients N} threads on keys of their own, attempts per second. Prints {@code key=value}
 * lines: the median and the 99th percentile in microseconds.
 */
public final class RateLimitsBench {

    private static final byte[] SECRET = new byte[32];

    private RateLimitsBench() {}

    public static void main(String[] args) throws Exception {
        int attempts = Bench.intArg(args, "--attempts", 5_000);
        int clients = Bench.intArg(args, "--clients", 8);
        int seconds = Bench.intArg(args, "--seconds", 5);
        String schema = "kaptura_bench_rate_limits";
        try (Database pg = Bench.postgres(schema, clients)) {
            measure("postgresql", pg, attempts, clients, seconds);
            Bench.dropSchema(pg, schema);
        }
        Path dir = Files.createTempDirectory("kaptura-rate-limits-bench");
        try (Database h2 = Database.open(
                Optional.empty(), Optional.empty(), Optional.empty(), dir, Optional.empty(), clients + 2)) {
            Migrations.migrate(h2, null);
            measure("h2_file", h2, attempts, clients, seconds);
        }
        Bench.deleteAll(dir);
    }

    private static void measure(String name, Database db, int attempts, int clients, int seconds)
            throws InterruptedException {
        RateLimits limits = new SqlRateLimits(db, InstantSource.system(), SECRET);
        Limit roomy = new Limit("bench-roomy", Integer.MAX_VALUE, Duration.ofDays(1));
        Limit tight = new Limit("bench-tight", 1, Duration.ofDays(1));
        limits.attempt(tight, "refused");
        long[] counter = {0};
        report(
                name + "_known_key_allowed",
                time(attempts, () -> check(limits.attempt(roomy, "allowed").isEmpty())));
        report(
                name + "_known_key_refused",
                time(attempts, () -> check(limits.attempt(tight, "refused").isPresent())));
        report(
                name + "_new_key",
                time(
                        attempts,
                        () -> check(limits.attempt(roomy, "new " + counter[0]++).isEmpty())));
        System.out.printf(
                "%s_attempts_per_second_%d_clients=%.0f%n", name, clients, throughput(limits, roomy, clients, seconds));
    }

    /** Nanoseconds per call, warm-up first, sorted. */
    private static long[] time(int n, Runnable call) {
        for (int i = 0; i < Math.min(n, 1_000); i++) {
            call.run();
        }
        long[] took = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.run();
            took[i] = System.nanoTime() - t0;
        }
        Arrays.sort(took);
        return took;
    }

    private static double throughput(RateLimits limits, Limit limit, int clients, int seconds)
            throws InterruptedException {
        return Bench.perSecond(
                        clients,
                        c -> {
                            String key = "client " + c;
                            return () -> limits.attempt(limit, key);
                        },
                        1_000,
                        seconds,
                        1)
                .getFirst();
    }

    private static void report(String name, long[] sorted) {
        System.out.printf("%s_us_median=%.0f%n", name, sorted[sorted.length / 2] / 1e3);
        System.out.printf("%s_us_p99=%.0f%n", name, sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    private static void check(boolean expected) {
        if (!expected) {
            throw new IllegalStateException("the bench counted differently than it expects");
        }
    }
}
