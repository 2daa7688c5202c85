package ai.kaptura.ports.out;

/**
 * Durable, scheduled work. Enqueued jobs commit with the caller's transaction and run after it, with
 * retries; a job that keeps failing stays visible as dead.
 */
public interface Jobs {

    /** Schedules a job; a job of the same kind and key already scheduled is left as it is. Answers whether it was new. */
    boolean enqueue(Job job);
}
