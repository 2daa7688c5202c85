package ai.kaptura.adapter.astria;

import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

/**
 * Feign's retry policy for Astria: capped exponential backoff ({@code first}, {@code 2·first}, … at most
 * {@code max}, or Astria's {@code Retry-After} when longer, still capped) for at most {@code maxAttempts}
 * attempts. A request that creates something and got no answer is never repeated: Astria may have
 * processed it, so the caller looks the object up instead ({@link AstriaFailure.OutcomeUnknown}). A
 * connection that could not even be opened sent nothing and is retried like any other failure.
 */
final class Backoff implements Retryer {

    /** How the adapter waits; tests may pass one that does not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(Backoff.class.getName());

    private final int maxAttempts;
    private final Duration first;
    private final Duration max;
    private final Sleeper sleeper;
    private int attempt = 1;

    Backoff(int maxAttempts, Duration first, Duration max, Sleeper sleeper) {
        this.maxAttempts = maxAttempts;
        this.first = first;
        this.max = max;
        this.sleeper = sleeper;
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        IOException io = e.getCause() instanceof IOException cause ? cause : null;
        String what =
                io == null ? e.getMessage() : "no answer: " + io.getClass().getSimpleName();
        if (io != null && e.method() != null && !repeatable(e.method()) && !nothingWasSent(io)) {
            throw new AstriaFailure.OutcomeUnknown(what, io);
        }
        if (attempt >= maxAttempts) {
            throw new AstriaFailure.GaveUp(attempt, what, io);
        }
        Duration wait = wait(attempt, e instanceof AstriaErrors.TryAgain again ? again.hint : Duration.ZERO);
        LOG.log(
                Level.WARNING,
                "Astria: {0} for {1} {2}; attempt {3} of {4} in {5} ms",
                what,
                e.method(),
                path(e),
                attempt + 1,
                maxAttempts,
                wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AstriaFailure.GaveUp(attempt, what + ", then interrupted", io);
        }
        attempt++;
    }

    Duration wait(int failedAttempt, Duration hint) {
        Duration backoff = first.multipliedBy(1L << Math.min(failedAttempt - 1, 20));
        Duration chosen = hint.compareTo(backoff) > 0 ? hint : backoff;
        return chosen.compareTo(max) > 0 ? max : chosen;
    }

    private static boolean repeatable(Request.HttpMethod method) {
        return method == Request.HttpMethod.GET
                || method == Request.HttpMethod.DELETE
                || method == Request.HttpMethod.HEAD;
    }

    private static boolean nothingWasSent(IOException io) {
        return io instanceof ConnectException || io instanceof HttpConnectTimeoutException;
    }

    private static String path(RetryableException e) {
        try {
            return e.hasRequest() ? URI.create(e.request().url()).getPath() : "";
        } catch (IllegalArgumentException unparsable) {
            return "";
        }
    }

    @Override
    public Retryer clone() {
        return new Backoff(maxAttempts, first, max, sleeper);
    }
}
