package ai.kaptura.ports.out;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job in trouble, as the scheduler records it: how many times it failed in a row and when it last did, and when
 * it runs again — or, for a job that gave up, never.
 *
 * @param nextTry   when it runs again; empty for a dead job
 * @param lastError what the last failure said (the exception's message), when the scheduler kept it: for the
 *                  operator's desk (R50), which shows it with the job
 */
public record JobTrouble(
        JobKind kind,
        String key,
        int failures,
        Optional<Instant> lastFailure,
        Optional<Instant> nextTry,
        Optional<String> lastError) {

    /** A job in trouble whose last error is not known. */
    public JobTrouble(
            JobKind kind, String key, int failures, Optional<Instant> lastFailure, Optional<Instant> nextTry) {
        this(kind, key, failures, lastFailure, nextTry, Optional.empty());
    }

    public JobTrouble {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastFailure, "last failure");
        Objects.requireNonNull(nextTry, "next try");
        Objects.requireNonNull(lastError, "last error");
        if (failures < 1) {
            throw new IllegalArgumentException("A job in trouble failed at least once, not " + failures + " times");
        }
    }

    /** Whether the job gave up and waits, dead, for an operator. */
    public boolean dead() {
        return nextTry.isEmpty();
    }
}
