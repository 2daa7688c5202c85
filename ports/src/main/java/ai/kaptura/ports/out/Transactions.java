package ai.kaptura.ports.out;

import java.util.function.Supplier;

/**
 * One unit of work: a use case's state change, its audit entries and the jobs it enqueues commit
 * together or not at all (STYLE 9). Vendor calls never run inside it.
 */
public interface Transactions {

    /** Runs {@code work} in a transaction, joining one already open on this thread. */
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
