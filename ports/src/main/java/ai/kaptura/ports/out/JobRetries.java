package ai.kaptura.ports.out;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a failed job is tried again: after {@code first}, doubling with each failure in a row, never waiting longer
 * than {@code max}. A job that {@linkplain JobKind#neverGivesUp() deletes, erases or refunds} goes on like this
 * without limit (R48); any other job is tried again {@code retries} times, then gives up and is kept as dead.
 *
 * @param first       the wait after the first failure
 * @param max         the longest wait; at most {@link LegalConstants#RETRY_AT_LEAST_EVERY} (R48)
 * @param retries     how often a job that may give up is tried again before it does
 */
@Implements(Rule.R48)
public record JobRetries(Duration first, Duration max, int retries) {

    /** 10 s, 20 s, 40 s, … up to an hour; the jobs that may give up do after 20 retries (about 12 hours). */
    public static final JobRetries STANDARD =
            new JobRetries(Duration.ofSeconds(10), LegalConstants.RETRY_AT_LEAST_EVERY, 20);

    public JobRetries {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "Retries wait a positive time, the first no longer than the longest: " + first + ", " + max);
        }
        if (max.compareTo(LegalConstants.RETRY_AT_LEAST_EVERY) > 0) {
            throw new IllegalArgumentException(
                    "R48: a job is tried again at least every " + LegalConstants.RETRY_AT_LEAST_EVERY + ", not " + max);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("A job is retried zero times or more, not " + retries);
        }
    }

    /** The wait after {@code failures} failures in a row: {@code first × 2^(failures-1)}, at most {@code max}. */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("A delay follows one failure or more, not " + failures);
        }
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** When a job of {@code kind} that just failed {@code failures} times in a row runs again, or empty: it gives up. */
    public Optional<Duration> next(JobKind kind, int failures) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.neverGivesUp() && failures > retries) {
            return Optional.empty();
        }
        return Optional.of(delay(failures));
    }
}
