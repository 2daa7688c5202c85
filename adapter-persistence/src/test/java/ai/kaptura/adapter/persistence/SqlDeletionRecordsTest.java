package ai.kaptura.adapter.persistence;

import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.contract.DeletionRecordsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class SqlDeletionRecordsTest {

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(TestDatabases.h2());
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(TestDatabases.postgres());
        }
    }

    abstract static class OnDatabase extends DeletionRecordsContract {
        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected DeletionRecords records() {
            return new SqlDeletionRecords(db);
        }
    }
}
