package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.Transactions;
import ai.kaptura.ports.out.contract.TransactionsContract;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/** State, audit entries and jobs commit together or not at all, on both databases (the transactional outbox). */
class JooqTransactionsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    abstract static class OnDatabase extends TransactionsContract {
        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Transactions transactions() {
            return new JooqTransactions(db);
        }

        @Override
        protected Orders orders() {
            return new SqlOrders(db);
        }

        @Override
        protected Jobs jobs() {
            return new JobTable(db);
        }

        @Override
        protected AuditLog auditLog() {
            return new SqlAuditLog(db);
        }

        @Override
        protected Accounts accounts() {
            return new SqlAccounts(db);
        }

        @Override
        protected List<Job> scheduledJobs() {
            return new JobTable(db).scheduled();
        }
    }
}
