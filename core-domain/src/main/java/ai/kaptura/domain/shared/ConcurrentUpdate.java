package ai.kaptura.domain.shared;

/**
 * Someone else changed the same thing first (optimistic locking): the change was not applied and
 * nothing is lost; read again and retry, or tell the person.
 */
public final class ConcurrentUpdate extends RuntimeException {

    public ConcurrentUpdate(String what, long expectedVersion) {
        super(what + " was changed concurrently (expected version " + expectedVersion + "); reload and try again");
    }
}
