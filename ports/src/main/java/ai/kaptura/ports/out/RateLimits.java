package ai.kaptura.ports.out;

import java.time.Duration;
import java.util.Optional;

/** Attempt counters shared by every node (R47). */
public interface RateLimits {

    /** At most {@code attempts} per {@code window}; {@code name} tells limits apart (e.g. "sign-in-start-network"). */
    record Limit(String name, int attempts, Duration window) {
    }

    /** Counts one attempt of {@code key} under {@code limit}: empty when allowed, else how long until the next attempt would be. */
    Optional<Duration> attempt(Limit limit, String key);

    /** Removes counters that have fully refilled / whose window has passed; answers how many were removed. */
    int removeExpired();
}
