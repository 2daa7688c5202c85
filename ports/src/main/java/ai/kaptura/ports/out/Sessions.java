package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.Session;
import java.time.Instant;
import java.util.Optional;

/** Signed-in sessions, found by the hash of their token (the token itself is never stored). */
public interface Sessions {

    /** Inserts or replaces a session by token hash. */
    void save(Session session);

    Optional<Session> find(Digest tokenHash);

    void delete(Digest tokenHash);

    /** Ends every session of an account (erasure, minor flag); answers how many. */
    int deleteAllOf(AccountId account);

    /** Ends every session of an account but {@code keep} (address change, "sign out everywhere else"); answers how many. */
    int deleteAllOfExcept(AccountId account, Digest keep);

    /** Deletes sessions whose idle or absolute lifetime ended before {@code before}. */
    int deleteEndedBefore(Instant before);
}
