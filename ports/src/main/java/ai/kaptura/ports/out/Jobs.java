package ai.kaptura.ports.out;

import java.time.Instant;

/**
 * Durable, scheduled work. Enqueued jobs commit with the caller's transaction and run after it, with
 * retries ({@link JobRetries}): a job that deletes, erases or refunds is retried without limit (R48); any
 * other that keeps failing stays visible as dead.
 */
public interface Jobs {

    /** Schedules a job; a job of the same kind and key already scheduled is left as it is. Answers whether it was new. */
    boolean enqueue(Job job);

    /**
     * Whether a job of {@code kind} whose key begins with {@code keyPrefix} is live: waiting to run, running, or
     * waiting to be tried again after a failure. A dead job is not live. Job keys begin with what they are about
     * (an order, a request), so a prefix finds the jobs about one thing.
     */
    boolean anyLive(JobKind kind, String keyPrefix);

    /**
     * Schedules again, at {@code now}, each dead job of a kind that {@linkplain JobKind#neverGivesUp() never gives up}
     * (one that died before R48 held) under its own kind, key and payload, and forgets it as dead; one whose kind and
     * key is live again is only forgotten. Answers how many were scheduled again.
     */
    int reviveDead(Instant now);
}
