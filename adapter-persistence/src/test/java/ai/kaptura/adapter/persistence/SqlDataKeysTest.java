package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.wrappedKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.WrappedDataKey;
import ai.kaptura.ports.out.contract.Concurrently;
import ai.kaptura.ports.out.contract.DataKeysContract;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlDataKeysTest {

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
    abstract static class OnDatabase extends DataKeysContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected DataKeys dataKeys() {
            return new SqlDataKeys(db);
        }

        @Test
        void a_master_key_id_longer_than_the_column_is_refused_not_cut() {
            DataKeys keys = dataKeys();
            AccountId account = accountId();
            WrappedDataKey key = new WrappedDataKey(new byte[] {1, 2, 3}, "m".repeat(65), minutes(0));

            assertThatThrownBy(() -> keys.saveIfAbsent(account, key)).isInstanceOf(InvalidInput.class);

            assertThat(keys.find(account)).isEmpty();
        }

        @Test
        void races_for_many_accounts_at_once_each_end_with_one_key() {
            DataKeys keys = dataKeys();
            List<AccountId> accounts =
                    IntStream.range(0, 20).mapToObj(i -> accountId()).toList();

            List<List<WrappedDataKey>> answers = Concurrently.all(
                    8,
                    t -> accounts.stream()
                            .map(a -> keys.saveIfAbsent(a, wrappedKey(t, minutes(t))))
                            .toList());

            for (int i = 0; i < accounts.size(); i++) {
                WrappedDataKey stored = keys.find(accounts.get(i)).orElseThrow();
                int account = i;
                assertThat(answers)
                        .allSatisfy(
                                perThread -> assertThat(perThread.get(account)).isEqualTo(stored));
            }
        }
    }
}
