package ai.kaptura.domain.shared;

/**
 * Someone else changed the same thing first (optimistic locking): the change was not applied and
 * nothing is lost; read again and retry, or tell the person.
 */
public final class ConcurrentUpdate extends RuntimeException {

    public ConcurrentUpdate(String what, long expectedVersion) {
        super(what + " was changed concurrently (expected version " + expectedVersion + "); reload and try again");
    }

    /**
     * The database ended the whole transaction as the loser of a race between transactions (a deadlock, a serialization
     * conflict): nothing of it was applied, and running it again from the start is safe.
     */
    public ConcurrentUpdate(String detail) {
        super("The database rolled the transaction back as the loser of a race (" + detail + "); try again");
    }
}
