package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;

/**
 * Rectification of the email address: a code goes to the new address, and only once it is entered does
 * the account change; the change is then passed on to every processor holding the address (R26). Whoever
 * holds the address holds the account, so the change is guarded like a sign-in (R47): codes of their own
 * purpose, limits per account and per address, the address re-checked as free when confirmed, the old address
 * told, and every other session of the account ended.
 */
@Implements({Rule.R26, Rule.R47})
public interface RectifyEmail {

    record Start(AccountId account, EmailAddress newEmail) {}

    /** @param sessionToken the session making the change: the one session that stays signed in */
    record Confirm(AccountId account, EmailAddress newEmail, String code, String sessionToken) {}

    sealed interface Outcome {
        /** A code was sent to the new address, or silently not (an address that cannot be used): the same answer. */
        record CodeSent() implements Outcome {}

        /** @param sessionsEnded how many other sessions of the account were ended */
        record Changed(EmailAddress email, int sessionsEnded) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome start(Start command);

    Outcome confirm(Confirm command);
}
