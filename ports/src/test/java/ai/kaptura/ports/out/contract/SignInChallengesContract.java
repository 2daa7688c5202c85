package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.CODE;
import static ai.kaptura.ports.out.contract.ContractFixtures.challenge;
import static ai.kaptura.ports.out.contract.ContractFixtures.email;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SignInChallenges} store must do: keep challenges exactly by id, replace one by id,
 * find the newest for an address, count for rate limiting, and delete by age and by address.
 * Boundaries: "issued since" includes {@code since}; "issued before" excludes {@code before}.
 *
 * <p>{@link #challenges()} is called at the start of each test (after every {@code @BeforeEach}) and
 * must answer an empty store.
 */
public abstract class SignInChallengesContract {

    /** A fresh, empty store. */
    protected abstract SignInChallenges challenges();

    @Test
    void an_empty_store_finds_nothing() {
        SignInChallenges challenges = challenges();

        assertThat(challenges.find(uuid())).isEmpty();
        assertThat(challenges.latestFor(email("nobody"))).isEmpty();
        assertThat(challenges.countIssuedSince(email("nobody"), minutes(-1_000))).isZero();
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
    void saving_again_replaces_the_challenge_with_its_attempts_and_use() {
        SignInChallenges challenges = challenges();
        SignInChallenge issued = challenge(email("ann"), minutes(0));
        challenges.save(issued);

        SignInChallenge wrong = issued.tryCode("000000", minutes(1)).challenge();
        challenges.save(wrong);
        assertThat(challenges.find(issued.id())).contains(wrong);
        assertThat(wrong.failedAttempts()).isEqualTo(1);

        SignInChallenge used = wrong.tryCode(CODE, minutes(2)).challenge();
        challenges.save(used);
        assertThat(challenges.find(issued.id())).contains(used);
        assertThat(used.usedAt()).contains(minutes(2));
        assertThat(challenges.countIssuedSince(issued.email(), minutes(-10))).isEqualTo(1);
    }

    @Test
    void latest_for_answers_the_newest_challenge_of_the_address_whatever_its_state() {
        SignInChallenges challenges = challenges();
        EmailAddress ann = email("ann");
        SignInChallenge middle = challenge(ann, minutes(5));
        SignInChallenge newest = challenge(ann, minutes(9)).tryCode(CODE, minutes(10)).challenge();
        SignInChallenge oldest = challenge(ann, minutes(1));
        SignInChallenge othersNewer = challenge(email("bob"), minutes(20));

        challenges.save(middle);
        challenges.save(newest);
        challenges.save(oldest);
        challenges.save(othersNewer);

        assertThat(challenges.latestFor(ann)).contains(newest);
        assertThat(challenges.latestFor(othersNewer.email())).contains(othersNewer);
        assertThat(challenges.latestFor(EmailAddress.of(ann.value().toUpperCase()))).contains(newest);
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
        assertThat(challenges.countIssuedSince(ann, minutes(10))).as("the instant itself counts").isEqualTo(2);
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
        for (SignInChallenge c : new SignInChallenge[] {old1, old2, boundary, fresh}) {
            challenges.save(c);
        }

        assertThat(challenges.deleteIssuedBefore(minutes(10))).isEqualTo(2);

        assertThat(challenges.find(old1.id())).isEmpty();
        assertThat(challenges.find(old2.id())).isEmpty();
        assertThat(challenges.find(boundary.id())).contains(boundary);
        assertThat(challenges.find(fresh.id())).contains(fresh);
        assertThat(challenges.latestFor(old2.email())).isEmpty();
        assertThat(challenges.deleteIssuedBefore(minutes(10))).isZero();
    }

    @Test
    void delete_for_removes_every_challenge_of_the_address_only() {
        SignInChallenges challenges = challenges();
        EmailAddress ann = email("ann");
        SignInChallenge a1 = challenge(ann, minutes(0));
        SignInChallenge a2 = challenge(ann, minutes(1));
        SignInChallenge bobs = challenge(email("bob"), minutes(2));
        challenges.save(a1);
        challenges.save(a2);
        challenges.save(bobs);

        assertThat(challenges.deleteFor(ann)).isEqualTo(2);

        assertThat(challenges.find(a1.id())).isEmpty();
        assertThat(challenges.find(a2.id())).isEmpty();
        assertThat(challenges.latestFor(ann)).isEmpty();
        assertThat(challenges.countIssuedSince(ann, minutes(-10))).isZero();
        assertThat(challenges.find(bobs.id())).contains(bobs);
        assertThat(challenges.deleteFor(ann)).isZero();
    }
}
