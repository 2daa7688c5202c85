package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.addressCheck;
import static ai.kaptura.ports.out.contract.ContractFixtures.challenge;
import static ai.kaptura.ports.out.contract.ContractFixtures.challengeFromBrowser;
import static ai.kaptura.ports.out.contract.ContractFixtures.email;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import ai.kaptura.ports.out.SignInChallenges;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SignInChallenges} store must do: keep challenges exactly by id, count wrong tries and mark
 * use atomically (parallel tries never exceed the limit, a wrong try never revives a used code, R47), find the
 * newest for an address and purpose, count for limits, and delete by age, by address and by asking account.
 * Boundaries: "issued since" includes {@code since}; "issued before" excludes {@code before}.
 *
 * <p>{@link #challenges()} is called at the start of each test (after every {@code @BeforeEach}) and
 * must answer an empty store.
 */
public abstract class SignInChallengesContract {

    private static final Optional<AccountId> NO_ACCOUNT = Optional.empty();

    /** A fresh, empty store. */
    protected abstract SignInChallenges challenges();

    @Test
    void an_empty_store_finds_nothing() {
        SignInChallenges challenges = challenges();

        assertThat(challenges.find(uuid())).isEmpty();
        assertThat(challenges.latestFor(email("nobody"), Purpose.SIGN_IN, NO_ACCOUNT))
                .isEmpty();
        assertThat(challenges.countAskedBySince(ContractFixtures.accountId(), minutes(-1_000)))
                .isZero();
        assertThat(challenges.deleteAskedBy(ContractFixtures.accountId())).isZero();
        assertThat(challenges.countIssuedSince(email("nobody"), minutes(-1_000)))
                .isZero();
        assertThat(challenges.deleteIssuedBefore(minutes(1_000))).isZero();
        assertThat(challenges.deleteFor(email("nobody"))).isZero();
    }

    @Test
    void a_challenge_survives_a_round_trip_exactly() {
        SignInChallenges challenges = challenges();
        SignInChallenge challenge = challenge(email("ann"), minutes(0));

        challenges.save(challenge);

        assertThat(challenges.find(challenge.id())).contains(challenge);
    }

    @Test
    void wrong_tries_are_counted_by_the_store_up_to_the_limit_and_then_no_more() {
        SignInChallenges challenges = challenges();
        SignInChallenge issued = challenge(email("ann"), minutes(0));
        challenges.save(issued);

        for (int i = 1; i <= SignInChallenge.MAX_ATTEMPTS; i++) {
            assertThat(challenges.countWrongTry(issued.id())).hasValue(i);
        }
        assertThat(challenges.countWrongTry(issued.id()))
                .as("exhausted: not counted again")
                .isEmpty();
        assertThat(challenges.find(issued.id()).orElseThrow().failedAttempts()).isEqualTo(SignInChallenge.MAX_ATTEMPTS);
        assertThat(challenges.markUsed(issued.id(), minutes(1)))
                .as("an exhausted code is never used")
                .isFalse();
        assertThat(challenges.find(issued.id()).orElseThrow().usedAt()).isEmpty();
        assertThat(challenges.countWrongTry(uuid())).as("no such challenge").isEmpty();
        assertThat(challenges.markUsed(uuid(), minutes(1))).isFalse();
    }

    @Test
    void a_challenge_is_used_once_and_a_later_wrong_try_does_not_make_it_valid_again() {
        SignInChallenges challenges = challenges();
        SignInChallenge issued = challenge(email("ann"), minutes(0));
        challenges.save(issued);
        assertThat(challenges.countWrongTry(issued.id())).hasValue(1);

        assertThat(challenges.markUsed(issued.id(), minutes(2))).isTrue();
        assertThat(challenges.markUsed(issued.id(), minutes(3))).isFalse();
        assertThat(challenges.countWrongTry(issued.id()))
                .as("a used code counts nothing more")
                .isEmpty();

        SignInChallenge stored = challenges.find(issued.id()).orElseThrow();
        assertThat(stored.usedAt()).contains(minutes(2));
        assertThat(stored.failedAttempts()).isEqualTo(1);
        assertThat(stored.open()).isFalse();
        assertThat(challenges.countIssuedSince(issued.email(), minutes(-10))).isEqualTo(1);
    }

    @Test
    void parallel_wrong_tries_never_count_beyond_the_limit() {
        SignInChallenges challenges = challenges();
        SignInChallenge issued = challenge(email("ann"), minutes(0));
        challenges.save(issued);

        List<OptionalInt> counted = Concurrently.all(16, i -> challenges.countWrongTry(issued.id()));

        assertThat(counted.stream()
                        .filter(OptionalInt::isPresent)
                        .mapToInt(OptionalInt::getAsInt)
                        .sorted()
                        .toArray())
                .as("each counted try saw its own count, up to the limit")
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(challenges.find(issued.id()).orElseThrow().failedAttempts()).isEqualTo(SignInChallenge.MAX_ATTEMPTS);
        assertThat(challenges.markUsed(issued.id(), minutes(1))).isFalse();
    }

    @Test
    void of_parallel_right_tries_exactly_one_uses_the_challenge() {
        SignInChallenges challenges = challenges();
        SignInChallenge issued = challenge(email("ann"), minutes(0));
        challenges.save(issued);

        List<Boolean> used = Concurrently.all(12, i -> challenges.markUsed(issued.id(), minutes(1)));

        assertThat(used).containsOnlyOnce(true);
    }

    @Test
    void the_purpose_the_browser_and_the_asking_account_survive_a_round_trip() {
        SignInChallenges challenges = challenges();
        AccountId account = ContractFixtures.accountId();
        SignInChallenge fromBrowser = challengeFromBrowser(email("ann"), "browser-nonce-" + "b".repeat(40), minutes(0));
        SignInChallenge check = addressCheck(account, email("new-ann"), minutes(1));
        challenges.save(fromBrowser);
        challenges.save(check);

        assertKept(challenges, fromBrowser, check);
        assertThat(challenges.find(check.id()).orElseThrow().account()).contains(account);
        assertThat(challenges.find(check.id()).orElseThrow().linkHash()).isEmpty();
    }

    @Test
    void latest_for_answers_the_newest_challenge_of_the_address_whatever_its_state() {
        SignInChallenges challenges = challenges();
        EmailAddress ann = email("ann");
        SignInChallenge middle = challenge(ann, minutes(5));
        SignInChallenge newest = challenge(ann, minutes(9));
        SignInChallenge oldest = challenge(ann, minutes(1));
        SignInChallenge othersNewer = challenge(email("bob"), minutes(20));

        saveAll(challenges, middle, newest, oldest, othersNewer);
        challenges.markUsed(newest.id(), minutes(10));

        assertThat(challenges.latestFor(ann, Purpose.SIGN_IN, NO_ACCOUNT)).contains(newest.used(minutes(10)));
        assertThat(challenges.latestFor(othersNewer.email(), Purpose.SIGN_IN, NO_ACCOUNT))
                .contains(othersNewer);
        assertThat(challenges.latestFor(EmailAddress.of(ann.value().toUpperCase()), Purpose.SIGN_IN, NO_ACCOUNT))
                .contains(newest.used(minutes(10)));
    }

    @Test
    void latest_for_keeps_the_purposes_and_the_asking_accounts_apart() {
        SignInChallenges challenges = challenges();
        EmailAddress target = email("target");
        AccountId mine = ContractFixtures.accountId();
        AccountId theirs = ContractFixtures.accountId();
        SignInChallenge signIn = challenge(target, minutes(1));
        SignInChallenge myCheck = addressCheck(mine, target, minutes(2));
        SignInChallenge theirCheck = addressCheck(theirs, target, minutes(3));
        saveAll(challenges, signIn, myCheck, theirCheck);

        assertThat(challenges.latestFor(target, Purpose.SIGN_IN, NO_ACCOUNT)).contains(signIn);
        assertThat(challenges.latestFor(target, Purpose.ADDRESS_CHECK, Optional.of(mine)))
                .contains(myCheck);
        assertThat(challenges.latestFor(target, Purpose.ADDRESS_CHECK, Optional.of(theirs)))
                .contains(theirCheck);
        assertThat(challenges.latestFor(target, Purpose.ADDRESS_CHECK, NO_ACCOUNT))
                .isEmpty();
        assertThat(challenges.countIssuedSince(target, minutes(0)))
                .as("every purpose counts for the address")
                .isEqualTo(3);
        assertThat(challenges.countAskedBySince(mine, minutes(0))).isEqualTo(1);
        assertThat(challenges.countAskedBySince(mine, minutes(2).plusMillis(1))).isZero();
    }

    @Test
    void delete_asked_by_removes_only_the_address_checks_of_that_account() {
        SignInChallenges challenges = challenges();
        AccountId mine = ContractFixtures.accountId();
        SignInChallenge myCheck = addressCheck(mine, email("one"), minutes(1));
        SignInChallenge myOtherCheck = addressCheck(mine, email("two"), minutes(2));
        SignInChallenge theirCheck = addressCheck(ContractFixtures.accountId(), email("one"), minutes(3));
        SignInChallenge signIn = challenge(email("one"), minutes(4));
        saveAll(challenges, myCheck, myOtherCheck, theirCheck, signIn);

        assertThat(challenges.deleteAskedBy(mine)).isEqualTo(2);

        assertGone(challenges, myCheck, myOtherCheck);
        assertKept(challenges, theirCheck, signIn);
        assertThat(challenges.deleteAskedBy(mine)).isZero();
    }

    @Test
    void count_issued_since_counts_the_address_from_the_instant_on() {
        SignInChallenges challenges = challenges();
        EmailAddress ann = email("ann");
        challenges.save(challenge(ann, minutes(0)));
        challenges.save(challenge(ann, minutes(10)));
        challenges.save(challenge(ann, minutes(20)));
        challenges.save(challenge(email("bob"), minutes(15)));

        assertThat(challenges.countIssuedSince(ann, minutes(-1))).isEqualTo(3);
        assertThat(challenges.countIssuedSince(ann, minutes(10)))
                .as("the instant itself counts")
                .isEqualTo(2);
        assertThat(challenges.countIssuedSince(ann, minutes(10).plusMillis(1))).isEqualTo(1);
        assertThat(challenges.countIssuedSince(ann, minutes(21))).isZero();
    }

    @Test
    void delete_issued_before_removes_only_older_challenges_and_counts_them() {
        SignInChallenges challenges = challenges();
        SignInChallenge old1 = challenge(email("ann"), minutes(0));
        SignInChallenge old2 = challenge(email("bob"), minutes(5));
        SignInChallenge boundary = challenge(email("ann"), minutes(10));
        SignInChallenge fresh = challenge(email("cid"), minutes(15));
        saveAll(challenges, old1, old2, boundary, fresh);

        assertThat(challenges.deleteIssuedBefore(minutes(10))).isEqualTo(2);

        assertGone(challenges, old1, old2);
        assertKept(challenges, boundary, fresh);
        assertThat(challenges.latestFor(old2.email(), Purpose.SIGN_IN, NO_ACCOUNT))
                .isEmpty();
        assertThat(challenges.deleteIssuedBefore(minutes(10))).isZero();
    }

    @Test
    void delete_for_removes_every_challenge_of_the_address_only() {
        SignInChallenges challenges = challenges();
        EmailAddress ann = email("ann");
        SignInChallenge a1 = challenge(ann, minutes(0));
        SignInChallenge a2 = challenge(ann, minutes(1));
        SignInChallenge bobs = challenge(email("bob"), minutes(2));
        saveAll(challenges, a1, a2, bobs);

        assertThat(challenges.deleteFor(ann)).isEqualTo(2);

        assertGone(challenges, a1, a2);
        assertThat(challenges.latestFor(ann, Purpose.SIGN_IN, NO_ACCOUNT)).isEmpty();
        assertThat(challenges.countIssuedSince(ann, minutes(-10))).isZero();
        assertThat(challenges.find(bobs.id())).contains(bobs);
        assertThat(challenges.deleteFor(ann)).isZero();
    }

    /** Saves each challenge, in the order given. */
    private static void saveAll(SignInChallenges challenges, SignInChallenge... each) {
        for (SignInChallenge challenge : each) {
            challenges.save(challenge);
        }
    }

    /** Checks that none of the challenges is found any more. */
    private static void assertGone(SignInChallenges challenges, SignInChallenge... each) {
        for (SignInChallenge challenge : each) {
            assertThat(challenges.find(challenge.id()))
                    .as("%s is gone", challenge.id())
                    .isEmpty();
        }
    }

    /** Checks that each challenge is still found, unchanged. */
    private static void assertKept(SignInChallenges challenges, SignInChallenge... each) {
        for (SignInChallenge challenge : each) {
            assertThat(challenges.find(challenge.id())).contains(challenge);
        }
    }
}
