package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.challenge;
import static ai.kaptura.ports.out.contract.ContractFixtures.email;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.contract.SignInChallengesContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlSignInChallengesTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends SignInChallengesContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected SignInChallenges challenges() {
            return new SqlSignInChallenges(db);
        }

        @Test
        void of_two_challenges_issued_at_the_same_instant_the_one_stored_last_is_the_latest_also_after_a_replace() {
            SignInChallenges challenges = challenges();
            EmailAddress ann = email("ann");
            SignInChallenge first = challenge(ann, minutes(0));
            SignInChallenge second = challenge(ann, minutes(0));
            challenges.save(first);
            challenges.save(second);

            challenges.save(first.withWrongTry());
            challenges.countWrongTry(first.id());

            assertThat(challenges.latestFor(ann, SignInChallenge.Purpose.SIGN_IN, java.util.Optional.empty()))
                    .contains(second);
        }

        @Test
        void instants_keep_their_milliseconds() {
            SignInChallenges challenges = challenges();
            SignInChallenge challenge = challenge(email("ann"), minutes(0).plusMillis(7));
            challenges.save(challenge);

            assertThat(challenges.countIssuedSince(challenge.email(), minutes(0).plusMillis(7)))
                    .isEqualTo(1);
            assertThat(challenges.countIssuedSince(challenge.email(), minutes(0).plusMillis(8)))
                    .isZero();
            assertThat(challenges.find(challenge.id()).orElseThrow().issuedAt())
                    .isEqualTo(minutes(0).plusMillis(7));
        }
    }
}
