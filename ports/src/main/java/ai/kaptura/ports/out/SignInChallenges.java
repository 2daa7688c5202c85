package ai.kaptura.ports.out;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Sign-in challenges, stored with their codes and link tokens hashed only. */
public interface SignInChallenges {

    /** Inserts or replaces a challenge by id. */
    void save(SignInChallenge challenge);

    Optional<SignInChallenge> find(UUID id);

    /** The newest challenge for an address, whatever its state. */
    Optional<SignInChallenge> latestFor(EmailAddress email);

    /** How many challenges were issued for an address since {@code since} (rate limiting). */
    int countIssuedSince(EmailAddress email, Instant since);

    /** Deletes every challenge issued before {@code before}; answers how many. */
    int deleteIssuedBefore(Instant before);

    /** Deletes every challenge for an address (erasure, rectification). */
    int deleteFor(EmailAddress email);
}
