package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import java.util.Optional;

/**
 * Passwordless sign-in: a 6-digit code and a link by email. Starting answers the same whether or not
 * the address has an account, so nobody can probe who uses Kaptura. Codes serve sign-in only, once; the
 * link signs in only the browser that asked for it, when that browser is known (R47).
 */
@Implements(Rule.R47)
public interface SignIn {

    /**
     * @param browser the nonce the asking browser keeps (a cookie), if it is a browser: the emailed link then
     *                signs in that browser only
     */
    record Start(EmailAddress email, Optional<String> browser) {
        /** Asked for by a client that is not a browser keeping a nonce (an API client): the link is not bound. */
        public Start(EmailAddress email) {
            this(email, Optional.empty());
        }
    }

    sealed interface Started {
        /** A code was sent, or silently not (unknown or rate-limited address): the same answer. */
        record CodeSent() implements Started {}

        record Refused(Rejection why) implements Started {}
    }

    Started start(Start command);

    record VerifyCode(EmailAddress email, String code) {}

    /** The token of an emailed link, presented by a browser carrying {@code browser} (its nonce), if any. */
    record FollowLink(String token, Optional<String> browser) {
        public FollowLink(String token) {
            this(token, Optional.empty());
        }
    }

    sealed interface Verified {
        /** A new session: hand {@code sessionToken} to the browser; it is stored only hashed. */
        record SignedIn(AccountId account, String sessionToken, boolean newAccount) implements Verified {}

        record Refused(Rejection why) implements Verified {}
    }

    Verified verify(VerifyCode command);

    Verified follow(FollowLink command);

    /** The account behind a session token, if the session is valid; refreshes its idle time. */
    Optional<AccountId> authenticate(String sessionToken);

    void signOut(String sessionToken);

    /** Ends every session of the account, this one included ("sign out everywhere"); answers how many ended. */
    int signOutEverywhere(AccountId account);

    /**
     * R42: the person's statement, made once before any selfie is uploaded, that they are 18 or older, with the version
     * of the notice they were shown. Refused for a "no" (Kaptura is for adults only; nothing is recorded) and for a
     * notice version not in force; a second statement changes nothing.
     */
    Optional<Rejection> stateAdult(AccountId account, NoticeVersion shown, boolean adult);

    /** Whether the person has said they are 18 or older (R42). */
    boolean hasStatedAdult(AccountId account);
}
