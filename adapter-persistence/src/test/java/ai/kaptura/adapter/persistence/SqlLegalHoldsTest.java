package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.contract.LegalHoldsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlLegalHoldsTest {

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

    abstract static class OnDatabase extends LegalHoldsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected LegalHolds holds() {
            return new SqlLegalHolds(db);
        }

        @Test
        @Tag("R11")
        void a_hold_placed_through_one_node_refuses_a_second_through_another() {
            AccountId account = accountId();
            assertThat(new SqlLegalHolds(db).place(hold(account, "op-ana"))).isTrue();

            try (Database other = TestDatabases.anotherNodeOn(db)) {
                assertThat(new SqlLegalHolds(other).place(hold(account, "op-ben")))
                        .isFalse();
                assertThat(new SqlLegalHolds(other).activeOn(account))
                        .hasValueSatisfying(h -> assertThat(h.placedBy().id()).isEqualTo("op-ana"));
            }
        }

        @Test
        @Tag("R11")
        void the_database_itself_refuses_a_second_active_hold_on_an_account() {
            AccountId account = accountId();
            new SqlLegalHolds(db).place(hold(account, "op-ana"));

            // Past the store's own check, as a racing node would be: the unique key answers.
            assertThat(db.inTransaction(() -> Database.inserted(db.ctx()
                            .insertInto(ai.kaptura.adapter.persistence.schema.Tables.LEGAL_HOLDS)
                            .set(new ai.kaptura.adapter.persistence.schema.tables.records.LegalHoldsRecord(
                                    uuid(),
                                    account.value(),
                                    account.value(),
                                    "WARRANT",
                                    "case 2",
                                    "A second hold on the same account",
                                    "op-ben",
                                    minutes(2),
                                    null,
                                    null,
                                    null,
                                    null))
                            .onConflictDoNothing())))
                    .isFalse();
        }

        private static AccountHold.Active hold(AccountId account, String operator) {
            return AccountHold.place(
                    new AccountHold.Id(uuid()),
                    account,
                    LegalHold.Basis.WARRANT,
                    "Cook County Circuit Court 2028-L-001234",
                    new Actor(Actor.Kind.OPERATOR, operator),
                    "Preservation of evidence in a fraud case",
                    minutes(1));
        }
    }
}
