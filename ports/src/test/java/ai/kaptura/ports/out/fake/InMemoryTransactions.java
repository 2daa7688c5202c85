package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.Transactions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link Transactions} over an {@link InMemoryDatabase}: the outermost call snapshots every table and
 * restores them all if the work throws (anything: runtime exception or error), then rethrows the very
 * same exception. Nested calls on the same thread join the open transaction, so an outer failure also
 * undoes the work of calls nested in it. Transactions hold the database's monitor throughout, so
 * concurrent transactions (and other threads' store calls) are serialised.
 */
public record InMemoryTransactions(InMemoryDatabase db) implements Transactions {

    public InMemoryTransactions {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        synchronized (db) {
            if (db.inTransaction()) {
                return work.get();
            }
            InMemoryDatabase.Snapshot before = db.snapshot();
            db.inTransaction(true);
            try {
                return work.get();
            } catch (Throwable failure) {
                db.restore(before);
                throw failure;
            } finally {
                db.inTransaction(false);
            }
        }
    }

    /** Whether the calling thread is inside a transaction of this database. */
    public boolean isActive() {
        synchronized (db) {
            return db.inTransaction();
        }
    }
}
