package ai.kaptura.ports.out;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Durable, scheduled work. Enqueued jobs commit with the caller's transaction and run after it, with
 * retries ({@link JobRetries}): a job that deletes, erases or refunds is retried without limit (R48); any
 * other that keeps failing stays visible as dead.
 */
public interface Jobs {

    /**
     * Schedules a job; a job of the same kind and key already scheduled is left as it is. Answers whether it was new.
     * A job of that kind and key that had died is scheduled again by this, and so is no longer dead.
     */
    boolean enqueue(Job job);

    /**
     * Whether a job of {@code kind} whose key begins with {@code keyPrefix} is live: waiting to run, running, or
     * waiting to be tried again after a failure. A dead job is not live. Job keys begin with what they are about
     * (an order, a request), so a prefix finds the jobs about one thing.
     */
    boolean anyLive(JobKind kind, String keyPrefix);

    /**
     * The keys of the live jobs of {@code kind} whose key begins with {@code keyPrefix}, in one read: which of the jobs
     * about one thing are still waiting, running or to be tried again (a dead job is not live).
     */
    Set<String> liveKeys(JobKind kind, String keyPrefix);

    /**
     * Schedules again, at {@code now}, each dead job of a kind that {@linkplain JobKind#neverGivesUp() never gives up}
     * (one that died before R48 held) under its own kind, key and payload, and forgets it as dead; one whose kind and
     * key is live again is only forgotten. Answers how many were scheduled again.
     */
    int reviveDead(Instant now);

    /**
     * The jobs in trouble, for the alarms (R49): live jobs that failed at least {@code failuresInARow} times in a row,
     * and dead jobs whose kind and key is not live again (one entry for each, however often it died). At most
     * {@code limit}, the longest failing first.
     */
    List<JobTrouble> troubled(int failuresInARow, int limit);

    /**
     * An operator's retry (R50): a job of {@code kind} and {@code key} that failed and waits for its next try runs at
     * {@code now} instead, and one that died is scheduled again at {@code now} under its last payload. Answers false,
     * changing nothing, when no such job is in trouble (it succeeded meanwhile, or it is running).
     */
    boolean retryNow(JobKind kind, String key, Instant now);
}
