package ai.kaptura.adapter.email;

import feign.RetryableException;
import feign.Retryer;
import java.time.Duration;

/**
 * Feign's retry policy for Resend: at most {@code maxAttempts} attempts in all, waiting {@code initial},
 * then twice as long each time, never longer than {@code max}. When Resend said how long to wait
 * ({@code retry-after}), that is honoured instead, again capped at {@code max}, so one hostile or
 * mistaken header cannot park a mail job for an hour: the job's own retry takes over after that.
 */
final class Backoff implements Retryer {

    private final int maxAttempts;
    private final Duration initial;
    private final Duration max;
    private int attempt = 1;

    Backoff(int maxAttempts, Duration initial, Duration max) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("At least one attempt is needed (got " + maxAttempts + ")");
        }
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "The backoff must be 0 <= initial <= max (got " + initial + " and " + max + ")");
        }
        this.maxAttempts = maxAttempts;
        this.initial = initial;
        this.max = max;
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        if (attempt >= maxAttempts) {
            throw e;
        }
        Duration wait = e instanceof ResendErrors.Busy busy && busy.pause().isPresent()
                ? busy.pause().get()
                : initial.multipliedBy(1L << Math.min(attempt - 1, 20));
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        attempt++;
        try {
            Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    @Override
    public Retryer clone() {
        return new Backoff(maxAttempts, initial, max);
    }
}
