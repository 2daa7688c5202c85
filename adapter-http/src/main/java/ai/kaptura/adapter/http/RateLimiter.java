package ai.kaptura.adapter.http;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed-window limit per key (here: an action and the caller's IP address). The sign-in use case limits
 * per address; this limits per network, so nobody can probe many addresses from one place.
 */
final class RateLimiter {

    private record Window(Instant start, int count) {
    }

    /** Beyond this many tracked keys, expired windows are swept on the next call. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final Duration window;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int limit, Duration window, InstantSource clock) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("A rate limit needs a positive count and window");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one attempt; answers how long to wait if the limit is already reached. */
    Optional<Duration> attempt(String key) {
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        }
        Window after = windows.compute(key, (k, w) -> {
            if (w == null || !now.isBefore(w.start().plus(window))) {
                return new Window(now, 1);
            }
            return new Window(w.start(), w.count() + 1);
        });
        if (after.count() > limit) {
            return Optional.of(Duration.between(now, after.start().plus(window)));
        }
        return Optional.empty();
    }
}
