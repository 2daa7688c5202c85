package ai.kaptura.domain.signin;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sign-in by email code or link: single use, 15 minutes, 5 wrong tries, only salted hashes kept. */
class SignInChallengeTest {

    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-00000000c0de");
    private static final String CODE = "482913";
    private static final String LINK = "q3Zp7Lk9xWv2Rt8Ym4Nb6Hc1Jd5Fg0Se";

    private final SignInChallenge challenge = SignInChallenge.issue(ID, EmailAddress.of("ada@example.com"), CODE, LINK, NOW);

    @Test
    void a_code_is_accepted_once() {
        SignInChallenge.Attempt first = challenge.tryCode(CODE, NOW.plus(Duration.ofMinutes(2)));

        assertThat(first).isInstanceOf(SignInChallenge.Attempt.Accepted.class);
        assertThat(first.challenge().usedAt()).contains(NOW.plus(Duration.ofMinutes(2)));

        SignInChallenge.Attempt second = first.challenge().tryCode(CODE, NOW.plus(Duration.ofMinutes(3)));
        assertThat(second).isInstanceOf(SignInChallenge.Attempt.Spent.class);
        assertThat(first.challenge().tryLink(LINK, NOW.plus(Duration.ofMinutes(3)))).isInstanceOf(SignInChallenge.Attempt.Spent.class);
    }

    @Test
    void a_code_expires_after_fifteen_minutes() {
        assertThat(challenge.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(challenge.tryCode(CODE, NOW.plus(Duration.ofMinutes(15)).minusSeconds(1)))
                .isInstanceOf(SignInChallenge.Attempt.Accepted.class);
        assertThat(challenge.tryCode(CODE, NOW.plus(Duration.ofMinutes(15)))).isInstanceOf(SignInChallenge.Attempt.Expired.class);
        assertThat(challenge.tryLink(LINK, NOW.plus(Duration.ofHours(1)))).isInstanceOf(SignInChallenge.Attempt.Expired.class);
    }

    @Test
    void five_wrong_tries_exhaust_the_code() {
        SignInChallenge current = challenge;
        for (int i = 1; i <= 4; i++) {
            SignInChallenge.Attempt wrong = current.tryCode("000000", NOW.plusSeconds(i));
            assertThat(wrong).isInstanceOfSatisfying(SignInChallenge.Attempt.Wrong.class, w -> assertThat(w.triesLeft())
                    .isEqualTo(SignInChallenge.MAX_ATTEMPTS - w.challenge().failedAttempts()));
            current = wrong.challenge();
            assertThat(current.failedAttempts()).isEqualTo(i);
        }

        SignInChallenge.Attempt fifth = current.tryCode("000000", NOW.plusSeconds(5));
        assertThat(fifth).isInstanceOf(SignInChallenge.Attempt.Exhausted.class);
        assertThat(fifth.challenge().failedAttempts()).isEqualTo(5);

        assertThat(fifth.challenge().tryCode(CODE, NOW.plusSeconds(6))).isInstanceOf(SignInChallenge.Attempt.Exhausted.class);
        assertThat(fifth.challenge().tryLink(LINK, NOW.plusSeconds(6))).isInstanceOf(SignInChallenge.Attempt.Exhausted.class);
    }

    @Test
    void a_wrong_try_before_the_right_one_still_lets_the_person_in() {
        SignInChallenge.Attempt wrong = challenge.tryCode("111111", NOW.plusSeconds(1));
        assertThat(wrong).isInstanceOfSatisfying(SignInChallenge.Attempt.Wrong.class, w -> assertThat(w.triesLeft()).isEqualTo(4));

        assertThat(wrong.challenge().tryCode(CODE, NOW.plusSeconds(2))).isInstanceOf(SignInChallenge.Attempt.Accepted.class);
        assertThat(challenge.tryCode(null, NOW.plusSeconds(2))).isInstanceOf(SignInChallenge.Attempt.Wrong.class);
    }

    @Test
    void the_link_token_works_and_the_code_is_not_the_link() {
        assertThat(challenge.tryLink(LINK, NOW.plus(Duration.ofMinutes(1)))).isInstanceOf(SignInChallenge.Attempt.Accepted.class);
        assertThat(challenge.tryLink(CODE, NOW.plus(Duration.ofMinutes(1)))).isInstanceOf(SignInChallenge.Attempt.Wrong.class);
        assertThat(challenge.tryCode(LINK, NOW.plus(Duration.ofMinutes(1)))).isInstanceOf(SignInChallenge.Attempt.Wrong.class);
    }

    @Test
    void only_salted_hashes_of_the_secrets_are_kept() {
        assertThat(challenge.codeHash()).isEqualTo(SignInChallenge.hashOf(ID, CODE));
        assertThat(challenge.codeHash()).isNotEqualTo(Digest.sha256(CODE));
        assertThat(challenge.linkHash()).isNotEqualTo(Digest.sha256(LINK));
        assertThat(SignInChallenge.hashOf(UUID.randomUUID(), CODE)).isNotEqualTo(challenge.codeHash());
        assertThat(challenge.toString()).doesNotContain(CODE).doesNotContain(LINK);
    }

    @Test
    void a_code_has_six_digits_and_a_link_token_at_least_32_characters() {
        EmailAddress email = EmailAddress.of("ada@example.com");

        assertThatThrownBy(() -> SignInChallenge.issue(ID, email, "12345", LINK, NOW)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.issue(ID, email, "12345a", LINK, NOW)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.issue(ID, email, CODE, "short", NOW)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.issue(ID, email, CODE, LINK.substring(1), NOW)).isInstanceOf(DomainViolation.class);
    }
}
