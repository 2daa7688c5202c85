package ai.kaptura.adapter.http;

import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many photo uploads this node receives at once ({@link HttpAdapter.Limits#uploadConcurrency()}): each may
 * hold a whole photo in memory while the photo sanitiser reads it, so their number bounds that memory. An
 * upload beyond them waits for a turn before a byte of its body is read (Jetty's minimum data rate counts
 * from the first byte read, so the wait is not held against the client), at most
 * {@link HttpAdapter.Limits#uploadWait()}; then it is refused with a 503 {@code server-busy} problem and a
 * {@code Retry-After}, and nothing is kept.
 */
final class UploadSlots {

    static final String BUSY =
            "Many photos are arriving at once; yours was not stored. Please send it again in a few seconds.";

    /** A turn to receive one upload, given back by closing it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final Semaphore slots;
    private final Duration wait;

    UploadSlots(int concurrency, Duration wait) {
        this.slots = new Semaphore(concurrency, true);
        this.wait = wait;
    }

    /** A turn, waiting for one at most the configured time; empty if none came in that time. */
    Optional<Slot> take() {
        try {
            if (slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.of(slots::release);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** The problem an upload that found no turn is answered with: the use cases' own busy refusal. */
    static Problem busy() {
        return Problem.of(Rejection.of(Rejection.Reason.SERVER_BUSY, BUSY));
    }
}
