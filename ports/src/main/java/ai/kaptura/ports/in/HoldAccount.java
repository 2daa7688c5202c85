package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import java.util.List;

/**
 * R11: an operator places a legal hold on a person's account, on a warrant or a subpoena, and lifts it later. While it
 * lasts, the account's selfies, headshots, their rows and its data key are kept whatever would delete them
 * ({@link AccountHold}); lifting it deletes what is due. The caller has checked the operator (their fresh code)
 * before calling: the operator is taken as given.
 */
@Implements(Rule.R11)
public interface HoldAccount {

    sealed interface Outcome {
        record Placed(AccountId account) implements Outcome {}

        record Lifted(AccountId account) implements Outcome {}

        /** Nothing changed: the account is already under a hold (one at a time), {@code hold}. */
        record AlreadyHeld(AccountId account, AccountHold.Active hold) implements Outcome {}

        /** Nothing changed: the account is under no hold, so there is none to lift. */
        record NotHeld(AccountId account) implements Outcome {}

        /**
         * Nothing changed: no account has the address ({@link Rejection.Reason#NOT_FOUND}), or the reference or the
         * reason is missing or too short ({@link Rejection.Reason#INVALID_VALUE}).
         */
        record Refused(Rejection why) implements Outcome {}
    }

    /** Places a hold on the account of {@code person}. */
    Outcome place(Actor operator, EmailAddress person, LegalHold.Basis basis, String reference, String reason);

    /** Lifts the hold on the account of {@code person}. */
    Outcome lift(Actor operator, EmailAddress person, String reason);

    /**
     * Lifts the hold on {@code account}: the way to lift a hold on an account erased under it, whose address is
     * forgotten ({@link #active()} lists it by its id).
     */
    Outcome lift(Actor operator, AccountId account, String reason);

    /** The holds in force, the oldest first, for the operators' page. */
    List<AccountHold.Active> active();
}
