package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.signin.SignInChallenge;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Codes sent by email, stored with their codes and link tokens hashed only. A challenge's tries are never
 * written back as values read before: a wrong try is counted and a use is marked by the store itself,
 * atomically, so tries racing on several nodes cannot exceed {@link SignInChallenge#MAX_ATTEMPTS} and a wrong
 * try cannot make a used code valid again (R47).
 */
@Implements(Rule.R47)
public interface SignInChallenges {

    /** Stores a challenge just issued (inserting it, or replacing one with its id). */
    void save(SignInChallenge challenge);

    Optional<SignInChallenge> find(UUID id);

    /**
     * The newest challenge for an address with this purpose, whatever its state; for an address check, only one
     * asked for by {@code account} (for a sign-in, {@code account} is empty).
     */
    Optional<SignInChallenge> latestFor(
            EmailAddress email, SignInChallenge.Purpose purpose, Optional<AccountId> account);

    /** How many challenges of any purpose were issued for an address since {@code since} (limits per address). */
    int countIssuedSince(EmailAddress email, Instant since);

    /** How many address checks {@code account} asked for since {@code since} (limits per account). */
    int countAskedBySince(AccountId account, Instant since);

    /**
     * Counts one wrong try, atomically, if the challenge is still open (unused, not exhausted). Answers the number
     * of wrong tries now counted, or empty when the try could not be counted (used, exhausted or gone): such a
     * challenge accepts nothing any more.
     */
    OptionalInt countWrongTry(UUID id);

    /**
     * Marks the challenge used at {@code at}, atomically, only if it is still open (unused, not exhausted).
     * Answers whether this call used it: of two tries racing with the right code, exactly one wins.
     */
    boolean markUsed(UUID id, Instant at);

    /** Deletes every challenge issued before {@code before}; answers how many. */
    int deleteIssuedBefore(Instant before);

    /** Deletes every challenge for an address (erasure, rectification). */
    int deleteFor(EmailAddress email);

    /** Deletes every address check an account asked for (erasure: they name addresses it wanted to use). */
    int deleteAskedBy(AccountId account);
}
