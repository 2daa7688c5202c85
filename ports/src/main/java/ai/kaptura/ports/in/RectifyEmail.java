package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Rejection;

/**
 * Rectification of the email address: a code goes to the new address, and only once it is entered does
 * the account change; the change is then passed on to every processor holding the address (R26).
 */
public interface RectifyEmail {

    record Start(AccountId account, EmailAddress newEmail) {
    }

    record Confirm(AccountId account, EmailAddress newEmail, String code) {
    }

    sealed interface Outcome {
        record CodeSent() implements Outcome {
        }

        record Changed(EmailAddress email) implements Outcome {
        }

        record Refused(Rejection why) implements Outcome {
        }
    }

    Outcome start(Start command);

    Outcome confirm(Confirm command);
}
