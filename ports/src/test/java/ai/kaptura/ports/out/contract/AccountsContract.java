package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.attestedAccount;
import static ai.kaptura.ports.out.contract.ContractFixtures.days;
import static ai.kaptura.ports.out.contract.ContractFixtures.email;
import static ai.kaptura.ports.out.contract.ContractFixtures.minorFlag;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Accounts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Accounts} store must do: keep every field, lock optimistically, keep one live
 * account per address, and forget an erased account's address.
 *
 * <p>{@link #accounts()} is called at the start of each test (after every {@code @BeforeEach}) and
 * must answer an empty store; the race tests use it from several threads.
 */
public abstract class AccountsContract {

    /** A fresh, empty store. */
    protected abstract Accounts accounts();

    @Test
    void an_empty_store_finds_nothing() {
        Accounts accounts = accounts();

        assertThat(accounts.find(accountId())).isEmpty();
        assertThat(accounts.findByEmail(email("nobody"))).isEmpty();
        assertThat(accounts.withStatus(AccountStatus.ACTIVE, 10)).isEmpty();
    }

    @Test
    void a_new_account_is_stored_with_version_1_and_found_by_id_and_by_email() {
        Accounts accounts = accounts();
        Account account = newAccount(minutes(0));

        Account saved = savedAtVersion1(accounts, account);

        assertThat(accounts.findByEmail(account.requireEmail())).contains(saved);
    }

    @Test
    void the_address_is_found_whatever_capitals_it_is_typed_in() {
        Accounts accounts = accounts();
        Account saved = accounts.save(newAccount(EmailAddress.of("Ann.Example@Example.ORG"), minutes(0)));

        assertThat(accounts.findByEmail(EmailAddress.of("  ann.example@example.org ")))
                .contains(saved);
    }

    @Test
    void every_field_survives_a_round_trip_in_every_status() {
        Accounts accounts = accounts();
        Account active = attestedAccount(minutes(0));

        Account v1 = savedAtVersion1(accounts, active);
        assertThat(v1.attestations()).hasSize(2);

        Account minor = v1.flagAsMinor(minorFlag(days(4)));
        Account v2 = accounts.save(minor);
        assertThat(v2).isEqualTo(minor.withVersion(2));
        assertThat(accounts.find(active.id())).contains(v2);

        Account erasing = v2.beginErasure();
        Account v3 = accounts.save(erasing);
        assertThat(accounts.find(active.id())).contains(erasing.withVersion(3)).contains(v3);

        Account erased = v3.erased();
        Account v4 = accounts.save(erased);
        assertThat(v4).isEqualTo(erased.withVersion(4));
        assertThat(accounts.find(active.id())).contains(v4);
        assertThat(v4.email()).isEmpty();
        assertThat(v4.minorFlag()).isEqualTo(minor.minorFlag());
    }

    @Test
    void each_update_increments_the_version() {
        Accounts accounts = accounts();
        Account v1 = accounts.save(newAccount(minutes(0)));

        Account v2 = accounts.save(v1.touch(minutes(5)));
        Account v3 = accounts.save(v2.touch(minutes(9)));

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v3.version()).isEqualTo(3);
        assertThat(accounts.find(v1.id())).contains(v3);
        assertThat(v3.lastInteractionAt()).isEqualTo(minutes(9));
    }

    @Test
    void saving_the_same_account_again_does_not_collide_with_its_own_address() {
        Accounts accounts = accounts();
        Account v1 = accounts.save(newAccount(minutes(0)));

        Account v2 = accounts.save(v1);

        assertThat(v2).isEqualTo(v1.withVersion(2));
        assertThat(accounts.findByEmail(v1.requireEmail())).contains(v2);
    }

    @Test
    void a_stale_version_is_refused_and_changes_nothing() {
        Accounts accounts = accounts();
        Account v1 = accounts.save(newAccount(minutes(0)));
        Account v2 = accounts.save(v1.touch(minutes(5)));

        assertThatThrownBy(() -> accounts.save(v1.touch(minutes(20)))).isInstanceOf(ConcurrentUpdate.class);
        assertThatThrownBy(() -> accounts.save(v2.touch(minutes(20)).withVersion(7)))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(accounts.find(v1.id())).contains(v2);
    }

    @Test
    void a_new_account_must_come_with_version_0() {
        Accounts accounts = accounts();
        Account account = newAccount(minutes(0)).withVersion(3);

        assertThatThrownBy(() -> accounts.save(account)).isInstanceOf(ConcurrentUpdate.class);

        assertThat(accounts.find(account.id())).isEmpty();
        assertThat(accounts.findByEmail(account.requireEmail())).isEmpty();
    }

    @Test
    void inserting_the_same_new_account_twice_is_a_concurrent_update_not_a_second_account() {
        Accounts accounts = accounts();
        Account account = newAccount(minutes(0));
        Account first = accounts.save(account);

        assertThatThrownBy(() -> accounts.save(account.touch(minutes(1)))).isInstanceOf(ConcurrentUpdate.class);

        assertThat(accounts.find(account.id())).contains(first);
    }

    @Test
    void of_eight_threads_opening_an_account_for_the_same_address_exactly_one_succeeds() {
        Accounts accounts = accounts();
        EmailAddress address = email("race");

        Account winner = Concurrently.oneWinner(
                8, i -> accounts.save(newAccount(address, minutes(i))), IllegalStateException.class);
        assertThat(accounts.findByEmail(address)).contains(winner);
        assertThat(accounts.withStatus(AccountStatus.ACTIVE, 100)).containsExactly(winner);
    }

    @Test
    void of_two_updates_from_the_same_read_the_first_wins_and_the_second_is_refused() {
        Accounts accounts = accounts();
        Account read = accounts.save(newAccount(minutes(0)));

        Account first = accounts.save(read.touch(minutes(1)));
        assertThatThrownBy(() -> accounts.save(read.beginErasure())).isInstanceOf(ConcurrentUpdate.class);

        assertThat(accounts.find(read.id())).contains(first);
        assertThat(first.status()).isEqualTo(AccountStatus.ACTIVE);
    }

    @Test
    void of_eight_threads_updating_from_the_same_read_exactly_one_wins() {
        Accounts accounts = accounts();
        Account read = accounts.save(newAccount(minutes(0)));

        Account winner =
                Concurrently.oneWinner(8, i -> accounts.save(read.touch(minutes(10 + i))), ConcurrentUpdate.class);
        assertThat(accounts.find(read.id())).contains(winner);
        assertThat(winner.version()).isEqualTo(2);
    }

    @Test
    void a_second_live_account_with_the_same_address_is_refused_and_not_stored() {
        Accounts accounts = accounts();
        Account first = accounts.save(newAccount(minutes(0)));
        Account second = newAccount(first.requireEmail(), minutes(1));

        assertThatThrownBy(() -> accounts.save(second)).isInstanceOf(IllegalStateException.class);

        assertThat(accounts.find(second.id())).isEmpty();
        assertThat(accounts.findByEmail(first.requireEmail())).contains(first);
    }

    @Test
    void changing_to_an_address_another_live_account_has_is_refused_and_changes_nothing() {
        Accounts accounts = accounts();
        Account ann = accounts.save(newAccount(minutes(0)));
        Account bob = accounts.save(newAccount(minutes(1)));

        assertThatThrownBy(() -> accounts.save(bob.changeEmail(ann.requireEmail(), minutes(2))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(accounts.find(bob.id())).contains(bob);
        assertThat(accounts.findByEmail(ann.requireEmail())).contains(ann);
        assertThat(accounts.findByEmail(bob.requireEmail())).contains(bob);
    }

    @Test
    void accounts_flagged_or_being_erased_still_hold_their_address() {
        Accounts accounts = accounts();
        Account minor = accounts.save(accounts.save(newAccount(minutes(0))).flagAsMinor(minorFlag(minutes(1))));
        Account erasing = accounts.save(accounts.save(newAccount(minutes(2))).beginErasure());

        assertThat(accounts.findByEmail(minor.requireEmail())).contains(minor);
        assertThat(accounts.findByEmail(erasing.requireEmail())).contains(erasing);
        assertThatThrownBy(() -> accounts.save(newAccount(minor.requireEmail(), minutes(3))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> accounts.save(newAccount(erasing.requireEmail(), minutes(3))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_changed_address_is_found_by_its_new_value_only_and_the_old_one_is_free_again() {
        Accounts accounts = accounts();
        Account ann = accounts.save(newAccount(minutes(0)));
        EmailAddress old = ann.requireEmail();
        EmailAddress renewed = email("ann-new");

        Account changed = accounts.save(ann.changeEmail(renewed, minutes(1)));

        assertThat(accounts.findByEmail(renewed)).contains(changed);
        assertThat(accounts.findByEmail(old)).isEmpty();
        Account other = accounts.save(newAccount(old, minutes(2)));
        assertThat(accounts.findByEmail(old)).contains(other);
    }

    @Test
    void an_erased_account_is_never_found_by_email_and_its_address_is_free_again() {
        Accounts accounts = accounts();
        Account ann = accounts.save(newAccount(minutes(0)));
        EmailAddress address = ann.requireEmail();

        Account erased = accounts.save(accounts.save(ann.beginErasure()).erased());

        assertThat(accounts.findByEmail(address)).isEmpty();
        assertThat(accounts.find(ann.id())).contains(erased);
        Account newcomer = accounts.save(newAccount(address, minutes(5)));
        assertThat(accounts.findByEmail(address)).contains(newcomer);
        assertThat(accounts.find(ann.id())).contains(erased);
    }

    @Test
    void two_erased_accounts_never_collide() {
        Accounts accounts = accounts();
        Account one = accounts.save(accounts.save(newAccount(minutes(0))).erased());
        Account two = accounts.save(accounts.save(newAccount(minutes(1))).erased());

        assertThat(accounts.find(one.id())).contains(one);
        assertThat(accounts.find(two.id())).contains(two);
    }

    @Test
    void with_status_lists_only_that_status_oldest_first_up_to_the_limit() {
        Accounts accounts = accounts();
        Account newest = accounts.save(accounts.save(newAccount(days(-1))).flagAsMinor(minorFlag(minutes(0))));
        Account oldest = accounts.save(accounts.save(newAccount(days(-30))).flagAsMinor(minorFlag(minutes(1))));
        Account middle = accounts.save(accounts.save(newAccount(days(-10))).flagAsMinor(minorFlag(minutes(2))));
        Account active = accounts.save(newAccount(days(-20)));
        Account erasing = accounts.save(accounts.save(newAccount(days(-40))).beginErasure());

        assertThat(accounts.withStatus(AccountStatus.FLAGGED_MINOR, 10)).containsExactly(oldest, middle, newest);
        assertThat(accounts.withStatus(AccountStatus.FLAGGED_MINOR, 2)).containsExactly(oldest, middle);
        assertThat(accounts.withStatus(AccountStatus.ACTIVE, 10)).containsExactly(active);
        assertThat(accounts.withStatus(AccountStatus.ERASING, 10)).containsExactly(erasing);
        assertThat(accounts.withStatus(AccountStatus.ERASED, 10)).isEmpty();
    }

    @Test
    void with_status_follows_status_changes() {
        Accounts accounts = accounts();
        Account ann = accounts.save(newAccount(days(-3)));
        Account erasing = accounts.save(ann.beginErasure());

        assertThat(accounts.withStatus(AccountStatus.ACTIVE, 10)).isEmpty();
        assertThat(accounts.withStatus(AccountStatus.ERASING, 10)).containsExactly(erasing);

        Account erased = accounts.save(erasing.erased());
        assertThat(accounts.withStatus(AccountStatus.ERASING, 10)).isEmpty();
        assertThat(accounts.withStatus(AccountStatus.ERASED, 10)).containsExactly(erased);
        assertThat(erased.email()).isEqualTo(Optional.empty());
    }

    /** Saves a new account, checks it comes back at version 1 and is found by its id, and answers it. */
    private static Account savedAtVersion1(Accounts accounts, Account account) {
        Account saved = accounts.save(account);
        assertThat(saved).isEqualTo(account.withVersion(1));
        assertThat(accounts.find(account.id())).contains(saved);
        return saved;
    }
}
