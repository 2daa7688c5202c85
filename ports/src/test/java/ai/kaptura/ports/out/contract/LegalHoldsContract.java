package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.ports.out.LegalHolds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LegalHolds} store must do (R11): one active hold per account, lifted holds kept as the account's
 * history exactly as they were, the active ones listed oldest first.
 *
 * <p>{@link #holds()} is called at the start of each test and must answer an empty store.
 */
@Tag("R11")
public abstract class LegalHoldsContract {

    /** A fresh, empty store. */
    protected abstract LegalHolds holds();

    private static final Actor PLACER = new Actor(Actor.Kind.OPERATOR, "op-ana");
    private static final Actor LIFTER = new Actor(Actor.Kind.OPERATOR, "op-ben");

    private static AccountHold.Active hold(AccountId account, long minute) {
        return AccountHold.place(
                new AccountHold.Id(uuid()),
                account,
                LegalHold.Basis.SUBPOENA,
                "Cook County Circuit Court 2028-L-001234",
                PLACER,
                "Preservation of evidence in a fraud case",
                minutes(minute));
    }

    @Test
    void nothing_is_held_at_first() {
        LegalHolds holds = holds();
        AccountId account = accountId();

        assertThat(holds.activeOn(account)).isEmpty();
        assertThat(holds.active(10)).isEmpty();
        assertThat(holds.history(account)).isEmpty();
    }

    @Test
    void a_placed_hold_is_kept_exactly_and_is_the_accounts_active_hold() {
        LegalHolds holds = holds();
        AccountHold.Active hold = hold(accountId(), 3);

        assertThat(holds.place(hold)).isTrue();

        assertThat(holds.activeOn(hold.account())).contains(hold);
        assertThat(holds.active(10)).containsExactly(hold);
        assertThat(holds.history(hold.account())).containsExactly(hold);
    }

    @Test
    void an_account_has_one_active_hold_at_a_time() {
        LegalHolds holds = holds();
        AccountId account = accountId();
        AccountHold.Active first = hold(account, 1);
        holds.place(first);

        assertThat(holds.place(hold(account, 2))).isFalse();

        assertThat(holds.history(account)).containsExactly(first);
    }

    @Test
    void a_lifted_hold_stays_in_the_history_and_the_account_may_be_held_again() {
        LegalHolds holds = holds();
        AccountId account = accountId();
        AccountHold.Active first = hold(account, 1);
        holds.place(first);
        AccountHold.Lifted lifted = first.lift(LIFTER, "The court released the evidence", minutes(5));

        assertThat(holds.lift(lifted)).isTrue();
        assertThat(holds.lift(lifted)).isFalse();

        assertThat(holds.activeOn(account)).isEmpty();
        assertThat(holds.active(10)).isEmpty();
        AccountHold.Active second = hold(account, 9);
        assertThat(holds.place(second)).isTrue();
        assertThat(holds.history(account)).containsExactly(lifted, second);
        assertThat(holds.activeOn(account)).contains(second);
    }

    @Test
    void lifting_a_hold_never_placed_changes_nothing() {
        LegalHolds holds = holds();

        assertThat(holds.lift(hold(accountId(), 1).lift(LIFTER, "The court released the evidence", minutes(2))))
                .isFalse();
        assertThat(holds.active(10)).isEmpty();
    }

    @Test
    void the_active_holds_are_listed_oldest_first_up_to_the_limit() {
        LegalHolds holds = holds();
        AccountHold.Active late = hold(accountId(), 30);
        AccountHold.Active early = hold(accountId(), 10);
        AccountHold.Active middle = hold(accountId(), 20);
        holds.place(late);
        holds.place(early);
        holds.place(middle);
        AccountHold.Active other = hold(accountId(), 5);
        holds.place(other);
        holds.lift(other.lift(LIFTER, "The court released the evidence", minutes(6)));

        assertThat(holds.active(10)).containsExactly(early, middle, late);
        assertThat(holds.active(2)).containsExactly(early, middle);
        assertThat(holds.history(other.account())).hasSize(1);
    }
}
