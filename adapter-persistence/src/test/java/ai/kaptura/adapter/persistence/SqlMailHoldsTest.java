package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.contract.MailHoldsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlMailHoldsTest {

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

    abstract static class OnDatabase extends MailHoldsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected MailHolds holds() {
            return new SqlMailHolds(db);
        }

        @Test
        @Tag("R49")
        void a_quota_held_by_one_node_holds_the_mail_of_another() {
            new SqlMailHolds(db)
                    .hold(new MailHolds.Hold(
                            MailHolds.Reason.QUOTA_REACHED,
                            "resend",
                            minutes(0),
                            minutes(60),
                            "429 daily_quota_exceeded"));

            try (Database other = TestDatabases.anotherNodeOn(db)) {
                assertThat(new SqlMailHolds(other).find(MailHolds.Reason.QUOTA_REACHED, "resend"))
                        .hasValueSatisfying(
                                h -> assertThat(h.holdsAt(minutes(59))).isTrue());
            }
        }
    }
}
