package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Rejection;
import java.util.Optional;

/**
 * Passwordless sign-in: a 6-digit code and a link by email. Starting answers the same whether or not
 * the address has an account, so nobody can probe who uses Kaptura.
 */
public interface SignIn {

    record Start(EmailAddress email) {
    }

    sealed interface Started {
        /** A code was sent, or silently not (unknown or rate-limited address): the same answer. */
        record CodeSent() implements Started {
        }

        record Refused(Rejection why) implements Started {
        }
    }

    Started start(Start command);

    record VerifyCode(EmailAddress email, String code) {
    }

    record FollowLink(String token) {
    }

    sealed interface Verified {
        /** A new session: hand {@code sessionToken} to the browser; it is stored only hashed. */
        record SignedIn(AccountId account, String sessionToken, boolean newAccount) implements Verified {
        }

        record Refused(Rejection why) implements Verified {
        }
    }

    Verified verify(VerifyCode command);

    Verified follow(FollowLink command);

    /** The account behind a session token, if the session is valid; refreshes its idle time. */
    Optional<AccountId> authenticate(String sessionToken);

    void signOut(String sessionToken);
}
