package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.SandboxRecords;
import ai.kaptura.ports.out.contract.SandboxRecordsContract;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlSandboxRecordsTest {

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

    /** The contract, and what only a database shared by nodes can show, on one database. */
    abstract static class OnDatabase extends SandboxRecordsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected SandboxRecords records() {
            return new SqlSandboxRecords(db);
        }

        @Test
        void a_step_claimed_by_a_node_that_died_is_taken_over_by_another_node_once_its_lease_has_passed() {
            String model = "sbx-aaaaaaaaaaaaaaaaaaaaaaaa";
            SandboxRecords here = new SqlSandboxRecords(db);
            here.insert("model", model, model, "{\"trained\":false}", Optional.of(minutes(1)));
            here.putBlob(model + "/selfies/00", model, new byte[] {7, 7, 7});
            assertThat(here.claim("model", model, "node1", minutes(1), minutes(2)))
                    .isTrue();

            try (Database other = TestDatabases.anotherNodeOn(db)) {
                SandboxRecords there = new SqlSandboxRecords(other);
                assertThat(there.claim("model", model, "node2", minutes(1), minutes(2)))
                        .isFalse();
                assertThat(there.blob(model + "/selfies/00").orElseThrow().bytes())
                        .containsExactly(7, 7, 7);
                assertThat(there.claim("model", model, "node2", minutes(2), minutes(3)))
                        .isTrue();
                long version = there.find("model", model).orElseThrow().version();
                assertThat(there.replace("model", model, version, "{\"trained\":true}", Optional.empty()))
                        .isTrue();
                there.release("model", model, "node2");
            }
            assertThat(here.find("model", model).orElseThrow().body()).isEqualTo("{\"trained\":true}");
            assertThat(here.due("model", minutes(60), 10)).isEmpty();
        }
    }
}
