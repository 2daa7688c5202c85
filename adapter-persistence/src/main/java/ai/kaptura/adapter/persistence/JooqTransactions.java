package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.out.Transactions;
import java.util.function.Supplier;

/** {@link Transactions} on the database: state, audit entries and jobs commit together or not at all. */
record JooqTransactions(Database db) implements Transactions {

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return db.inTransaction(work);
    }
}
