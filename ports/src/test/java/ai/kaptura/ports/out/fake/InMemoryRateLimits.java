package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link RateLimits} in memory, counting exactly as the database does: fixed windows one right after the
 * other, the first opened by a key's first attempt, counters named by a SHA-256 of the limit and the key.
 * Counters commit at once and take no part in {@link InMemoryTransactions}: an attempt once counted stays
 * counted, as in the database. {@link #anotherNode} shares the counters, as two nodes share one database.
 */
public final class InMemoryRateLimits implements RateLimits {

    /** One key's count in its current window. */
    private record Counter(Instant windowStart, Duration window, int used) {

        Instant windowEnd() {
            return windowStart.plus(window);
        }

        /** The same counter at {@code now}: in the window that holds {@code now}, or still in its own. */
        Counter at(Instant now) {
            if (now.isBefore(windowEnd())) {
                return this;
            }
            long passed = Duration.between(windowStart, now).dividedBy(window);
            return new Counter(windowStart.plus(window.multipliedBy(passed)), window, 0);
        }
    }

    private final InstantSource clock;
    /** Guarded by itself; shared with the other nodes. */
    private final Map<Digest, Counter> counters;

    public InMemoryRateLimits(InstantSource clock) {
        this(clock, new LinkedHashMap<>());
    }

    private InMemoryRateLimits(InstantSource clock, Map<Digest, Counter> counters) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counters = counters;
    }

    /** Another node: its own clock, the same counters. */
    public InMemoryRateLimits anotherNode(InstantSource clock) {
        return new InMemoryRateLimits(clock, counters);
    }

    @Override
    public Optional<Duration> attempt(Limit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        Digest id = Digest.sha256(limit.counterOf(key));
        synchronized (counters) {
            Instant now = clock.instant();
            Counter counter = Optional.ofNullable(counters.get(id))
                    .map(c -> c.at(now))
                    .orElseGet(() -> new Counter(now, limit.window(), 0));
            if (counter.used() < limit.attempts()) {
                counters.put(id, new Counter(counter.windowStart(), counter.window(), counter.used() + 1));
                return Optional.empty();
            }
            counters.put(id, counter);
            Duration wait = Duration.between(now, counter.windowEnd());
            return Optional.of(wait.compareTo(limit.window()) > 0 ? limit.window() : wait);
        }
    }

    @Override
    public int removeExpired() {
        synchronized (counters) {
            Instant now = clock.instant();
            int before = counters.size();
            counters.values().removeIf(c -> !now.isBefore(c.windowEnd()));
            return before - counters.size();
        }
    }

    /** How many counters are kept now. */
    public int size() {
        synchronized (counters) {
            return counters.size();
        }
    }

    /** Everything kept, one counter a line: the hash that names it, its window and how much of it is used. */
    public String dump() {
        synchronized (counters) {
            return counters.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining("\n"));
        }
    }
}
