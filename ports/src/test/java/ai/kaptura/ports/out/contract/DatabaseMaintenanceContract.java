package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.DatabaseMaintenance;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatabaseMaintenance} must do (R27): purge after an erasure without touching what is live, say what
 * it did without personal data, and leave the store working, however often it runs.
 */
public abstract class DatabaseMaintenanceContract {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** The maintenance of a fresh database, called once per test before {@link #accounts()}. */
    protected abstract DatabaseMaintenance maintenance();

    /** The accounts stored in that same database. */
    protected abstract Accounts accounts();

    @Test
    void a_purge_after_an_erasure_keeps_every_live_row_and_the_store_keeps_working() {
        DatabaseMaintenance maintenance = maintenance();
        Accounts accounts = accounts();
        Account kept =
                accounts.save(Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("kept@example.org"), NOW));
        Account gone =
                accounts.save(Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("gone@example.org"), NOW));
        accounts.save(gone.erased());

        maintenance.afterErasure(EnumSet.of(DataCategory.ACCOUNT, DataCategory.SESSION, DataCategory.SIGN_IN_CODE));

        assertThat(accounts.find(kept.id()))
                .hasValueSatisfying(a -> assertThat(a.email()).contains(EmailAddress.of("kept@example.org")));
        assertThat(accounts.find(gone.id()))
                .hasValueSatisfying(a -> assertThat(a.email()).isEmpty());
        Account later = accounts.save(
                Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("later@example.org"), NOW));
        assertThat(accounts.find(later.id())).isPresent();
    }

    @Test
    void it_says_what_it_did_without_personal_data() {
        DatabaseMaintenance maintenance = maintenance();
        accounts().save(Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("said@example.org"), NOW));

        String done = maintenance.afterErasure(EnumSet.allOf(DataCategory.class));

        assertThat(done)
                .as("fits an audit entry")
                .isNotBlank()
                .doesNotContain("@")
                .hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void purging_twice_or_for_nothing_succeeds() {
        DatabaseMaintenance maintenance = maintenance();
        Accounts accounts = accounts();

        maintenance.afterErasure(Set.of(DataCategory.ACCOUNT));
        maintenance.afterErasure(Set.of(DataCategory.ACCOUNT));
        maintenance.afterErasure(Set.of());

        Account saved = accounts.save(
                Account.open(new AccountId(UUID.randomUUID()), EmailAddress.of("twice@example.org"), NOW));
        assertThat(accounts.find(saved.id())).isPresent();
    }
}
