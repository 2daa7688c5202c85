package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.contract.VendorObjectsContract;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlVendorObjectsTest {

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
    abstract static class OnDatabase extends VendorObjectsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected VendorObjects objects() {
            return new SqlVendorObjects(db);
        }

        @Test
        @Tag("R14")
        void a_prompt_recorded_by_one_node_is_found_by_another_after_it_restarted() {
            OrderId order = new OrderId(UUID.fromString("6b617074-7572-4000-8000-000000000007"));
            VendorObjects.Entry prompt = VendorObjects.Entry.open(
                    "astria",
                    "prompt",
                    "90001",
                    order,
                    "1504944",
                    "model=7001;style=studio;part=0/1;total=4",
                    minutes(0));
            assertThat(new SqlVendorObjects(db).record(prompt)).isTrue();

            try (Database other = TestDatabases.anotherNodeOn(db)) {
                SqlVendorObjects there = new SqlVendorObjects(other);
                assertThat(there.ofOrder("astria", order)).containsExactly(prompt);
                assertThat(there.close("astria", "prompt", "90001", new VendorObjects.Closed(minutes(5), "404")))
                        .isTrue();
            }
            assertThat(new SqlVendorObjects(db)
                            .find("astria", "prompt", "90001")
                            .orElseThrow()
                            .isOpen())
                    .isFalse();
        }
    }
}
