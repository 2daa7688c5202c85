package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.List;
import java.util.Optional;

/**
 * The legal holds on accounts (R11): at most one active hold per account, and every hold ever placed, lifted or not,
 * kept as the account's history. The services read the active hold wherever a deletion of held data could be decided.
 */
@Implements(Rule.R11)
public interface LegalHolds {

    /** Stores a new hold; answers false, storing nothing, if the account already has an active hold. */
    boolean place(AccountHold.Active hold);

    /** Replaces the active hold of the same id by its lifted state; answers false if no such hold is active. */
    boolean lift(AccountHold.Lifted lifted);

    /** The account's active hold, if any. */
    Optional<AccountHold.Active> activeOn(AccountId account);

    /** The active holds, the oldest placed first, at most {@code limit}. */
    List<AccountHold.Active> active(int limit);

    /** Every hold the account has had, active or lifted, the oldest placed first. */
    List<AccountHold> history(AccountId account);
}
