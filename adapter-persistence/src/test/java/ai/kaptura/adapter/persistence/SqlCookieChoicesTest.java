package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.cookieChoice;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.visitor;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.ports.out.CookieChoices;
import ai.kaptura.ports.out.contract.CookieChoicesContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlCookieChoicesTest {

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

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends CookieChoicesContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected CookieChoices cookieChoices() {
            return new SqlCookieChoices(db);
        }

        @Test
        void of_two_choices_made_at_the_same_instant_the_one_recorded_last_is_the_latest() {
            CookieChoices choices = cookieChoices();
            VisitorId ann = visitor();
            CookieChoice accepted = cookieChoice(ann, true, minutes(0));
            CookieChoice refused = cookieChoice(ann, false, minutes(0));

            choices.record(accepted);
            choices.record(refused);

            assertThat(choices.latest(ann)).contains(refused);
        }
    }
}
