package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.DatabaseMaintenance;
import ai.kaptura.ports.out.contract.DatabaseMaintenanceContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlDatabaseMaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Set<DataCategory> ERASED = EnumSet.of(
            DataCategory.ACCOUNT,
            DataCategory.ORDER,
            DataCategory.SELFIE,
            DataCategory.HEADSHOT,
            DataCategory.CONSENT_RECORD,
            DataCategory.SESSION,
            DataCategory.SIGN_IN_CODE);

    /** The {@link DatabaseMaintenanceContract} on one database reached directly, emptied before each test. */
    abstract static class OnDatabase extends DatabaseMaintenanceContract {
        final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected DatabaseMaintenance maintenance() {
            return new SqlDatabaseMaintenance(db);
        }

        @Override
        protected Accounts accounts() {
            return new SqlAccounts(db);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(TestDatabases.postgres());
        }

        @Test
        void the_tables_that_held_the_erased_data_are_vacuumed() {
            Accounts accounts = accounts();
            Account gone = accounts.save(
                    Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("vacuumed@example.org"), NOW));
            accounts.save(gone.erased());
            long accountsBefore = vacuums("accounts");
            long keysBefore = vacuums("data_keys");

            String done = maintenance().afterErasure(ERASED);

            assertThat(vacuums("accounts")).as("vacuums of accounts").isGreaterThan(accountsBefore);
            assertThat(vacuums("data_keys")).as("vacuums of data_keys").isGreaterThan(keysBefore);
            assertThat(done).startsWith("PostgreSQL: VACUUM of 11 tables");
        }

        /** How often {@code table} was vacuumed by hand (PostgreSQL's statistics; a vacuum reports itself when it ends). */
        private long vacuums(String table) {
            Object count = db.read(ctx -> ctx.fetchValue(
                    "SELECT coalesce(vacuum_count, 0) FROM pg_stat_user_tables WHERE relid = ?::regclass", table));
            return ((Number) count).longValue();
        }
    }

    @Nested
    class OnH2InMemory extends OnDatabase {
        OnH2InMemory() {
            super(TestDatabases.h2());
        }
    }

    @Nested
    class OnTheEmbeddedFile extends DatabaseMaintenanceContract {
        @TempDir
        Path dataDir;

        private PersistenceAdapter adapter;

        @AfterEach
        void close() {
            if (adapter != null) {
                adapter.close();
            }
        }

        private PersistenceAdapter adapter() {
            if (adapter == null) {
                adapter = PersistenceAdapter.open(null, null, null, dataDir);
                adapter.migrate();
            }
            return adapter;
        }

        @Override
        protected DatabaseMaintenance maintenance() {
            return adapter().maintenance();
        }

        @Override
        protected Accounts accounts() {
            return adapter().accounts();
        }

        @Test
        @Tag("R27")
        void after_the_rewrite_the_file_holds_no_copy_of_an_erased_address_and_every_live_one() throws IOException {
            Accounts accounts = accounts();
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String other = "person" + i + "@example.net";
                others.add(other);
                accounts.save(Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of(other), NOW));
            }
            String erasedAddress = "ada.lovelace@example.org";
            Account ada =
                    accounts.save(Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of(erasedAddress), NOW));
            for (int i = 0; i < 20; i++) {
                ada = accounts.save(ada.touch(NOW.plusSeconds(i)));
            }
            accounts.save(ada.erased());
            assertThat(copies(erasedAddress))
                    .as("copies of the erased address in the file before the rewrite")
                    .isPositive();

            String done = maintenance().afterErasure(ERASED);

            assertThat(copies(erasedAddress))
                    .as("copies of the erased address in the file after the rewrite")
                    .isZero();
            assertThat(others)
                    .as("every live address is still in the file, as plain text")
                    .allMatch(a -> copies(a) > 0);
            assertThat(accounts.findByEmail(EmailAddress.of(others.getFirst()))).isPresent();
            assertThat(done).startsWith("embedded H2 file rewritten");
        }

        @Test
        void callers_wait_while_the_file_is_rewritten_and_then_carry_on() throws InterruptedException {
            Accounts accounts = accounts();
            AtomicBoolean writing = new AtomicBoolean(true);
            List<AccountId> saved = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (writing.get()) {
                        try {
                            AccountId id = new AccountId(UUID.randomUUID());
                            accounts.save(Account.open(id, EmailAddress.of("w-" + id + "@example.org"), NOW));
                            saved.add(id);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            Thread.sleep(300);

            maintenance().afterErasure(ERASED);
            Thread.sleep(300);
            writing.set(false);
            for (Thread w : writers) {
                w.join();
            }

            assertThat(failures).as("commits that failed around the rewrite").isEmpty();
            assertThat(saved)
                    .hasSizeGreaterThan(10)
                    .allMatch(id -> accounts.find(id).isPresent());
        }

        @Test
        void a_connection_that_stays_in_use_makes_it_give_up_and_leave_the_database_as_it_was()
                throws InterruptedException {
            Accounts accounts = accounts();
            Account kept = accounts.save(
                    Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("kept@example.org"), NOW));
            CountDownLatch inTransaction = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform()
                    .start(() -> adapter().transactions().run(() -> {
                        accounts.find(kept.id());
                        inTransaction.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(inTransaction.await(10, TimeUnit.SECONDS)).isTrue();

            DatabaseMaintenance impatient = new SqlDatabaseMaintenance(adapter().database(), Duration.ofMillis(300));
            assertThatThrownBy(() -> impatient.afterErasure(ERASED))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            release.countDown();
            holder.join();

            assertThat(accounts.find(kept.id())).isPresent();
            assertThat(impatient.afterErasure(ERASED)).startsWith("embedded H2 file rewritten");
        }

        @Test
        void inside_a_transaction_it_refuses_at_once() {
            assertThatThrownBy(() ->
                            adapter().transactions().run(() -> maintenance().afterErasure(ERASED)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside any transaction");
        }

        private long copies(String text) {
            byte[] file;
            try {
                file = Files.readAllBytes(Database.embeddedFile(dataDir));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return count(file, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static long count(byte[] haystack, byte[] needle) {
        long found = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found++;
        }
        return found;
    }
}
