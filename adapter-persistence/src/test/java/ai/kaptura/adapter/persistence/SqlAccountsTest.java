package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ACCOUNTS;
import static ai.kaptura.ports.out.contract.ContractFixtures.attestedAccount;
import static ai.kaptura.ports.out.contract.ContractFixtures.email;
import static ai.kaptura.ports.out.contract.ContractFixtures.minorFlag;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.contract.AccountsContract;
import ai.kaptura.ports.out.contract.Concurrently;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlAccountsTest {

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
    abstract static class OnDatabase extends AccountsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Accounts accounts() {
            return new SqlAccounts(db);
        }

        @Test
        void an_erased_account_keeps_no_address_in_its_row() {
            Accounts accounts = accounts();
            Account ann = accounts.save(newAccount(minutes(0)));

            accounts.save(accounts.save(ann.beginErasure()).erased());

            assertThat(db.ctx()
                            .select(ACCOUNTS.EMAIL)
                            .from(ACCOUNTS)
                            .where(ACCOUNTS.ID.eq(ann.id().value()))
                            .fetchSingle()
                            .value1())
                    .isNull();
        }

        @Test
        void accounts_created_at_the_same_instant_are_listed_in_the_order_stored() {
            Accounts accounts = accounts();
            Account first = accounts.save(newAccount(email("zed"), minutes(0)));
            Account second = accounts.save(newAccount(email("amy"), minutes(0)));
            Account third = accounts.save(newAccount(email("max"), minutes(0)));

            assertThat(accounts.withStatus(AccountStatus.ACTIVE, 10)).containsExactly(first, second, third);
        }

        @Test
        void a_refused_address_leaves_the_callers_transaction_usable() {
            Accounts accounts = accounts();
            Account ann = accounts.save(newAccount(minutes(0)));
            Account copycat = newAccount(ann.requireEmail(), minutes(1));
            Account other = newAccount(minutes(2));

            Account stored = db.inTransaction(() -> {
                assertThatThrownBy(() -> accounts.save(copycat)).isInstanceOf(IllegalStateException.class);
                return accounts.save(other);
            });

            assertThat(accounts.find(other.id())).contains(stored);
            assertThat(accounts.find(copycat.id())).isEmpty();
        }

        @Test
        void of_eight_threads_inserting_the_same_new_account_one_wins_and_the_others_hear_of_a_concurrent_update() {
            Accounts accounts = accounts();
            Account fresh = newAccount(minutes(0));

            List<Concurrently.Outcome<Account>> outcomes =
                    Concurrently.run(8, i -> accounts.save(fresh.touch(minutes(i))));

            List<Account> winners = outcomes.stream()
                    .filter(Concurrently.Outcome::succeeded)
                    .map(Concurrently.Outcome::value)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Concurrently.Outcome::failure))
                    .hasSize(7)
                    .allSatisfy(f -> assertThat(f).isInstanceOf(ConcurrentUpdate.class));
            assertThat(accounts.find(fresh.id())).contains(winners.getFirst());
        }

        @Test
        void an_unknown_minor_flag_source_is_a_clear_violation() {
            Accounts accounts = accounts();
            Account minor = accounts.save(accounts.save(newAccount(minutes(0))).flagAsMinor(minorFlag(minutes(1))));
            db.run(() ->
                    db.ctx().execute("UPDATE accounts SET minor_source = 'NEIGHBOUR' WHERE id = '" + minor.id() + "'"));

            assertThatThrownBy(() -> accounts.find(minor.id()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("accounts.minor_source")
                    .hasMessageContaining("NEIGHBOUR");
        }

        @Test
        void an_unknown_attestation_place_is_a_clear_violation() {
            Accounts accounts = accounts();
            Account attested = accounts.save(attestedAccount(minutes(0)));
            db.run(() -> db.ctx()
                    .execute("UPDATE age_attestations SET given_where = 'KIOSK' WHERE account_id = '" + attested.id()
                            + "' AND position = 1"));

            assertThatThrownBy(() -> accounts.find(attested.id()))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("age_attestations.given_where")
                    .hasMessageContaining("KIOSK");
        }
    }
}
