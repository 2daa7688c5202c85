package ai.kaptura.domain.signin;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Codes by email: one purpose, one use, 15 minutes, 5 wrong tries, only salted hashes kept, and a link that
 * signs in only the browser that asked for it (R47).
 */
@Tag("R47")
class SignInChallengeTest {

    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-00000000c0de");
    private static final String CODE = "482913";
    private static final String LINK = "q3Zp7Lk9xWv2Rt8Ym4Nb6Hc1Jd5Fg0Se";
    private static final String BROWSER = "browser-nonce-0123456789abcdefghijklmn";
    private static final EmailAddress ADA = EmailAddress.of("ada@example.com");
    private static final AccountId ACCOUNT = new AccountId(UUID.fromString("00000000-0000-4000-8000-0000000000a1"));
    private static final Optional<AccountId> NONE = Optional.empty();

    private final SignInChallenge challenge = SignInChallenge.signIn(ID, ADA, CODE, LINK, Optional.empty(), NOW);

    private static Attempt signInCode(SignInChallenge c, String code, Duration after) {
        return c.tryCode(code, Purpose.SIGN_IN, NONE, NOW.plus(after));
    }

    @Test
    void a_code_is_accepted_once() {
        assertThat(signInCode(challenge, CODE, Duration.ofMinutes(2))).isInstanceOf(Attempt.Accepted.class);

        SignInChallenge used = challenge.used(NOW.plus(Duration.ofMinutes(2)));
        assertThat(used.usedAt()).contains(NOW.plus(Duration.ofMinutes(2)));
        assertThat(signInCode(used, CODE, Duration.ofMinutes(3))).isInstanceOf(Attempt.Spent.class);
        assertThat(used.tryLink(LINK, Optional.empty(), NOW.plus(Duration.ofMinutes(3))))
                .isInstanceOf(Attempt.Spent.class);
        assertThat(used.open()).isFalse();
        assertThatThrownBy(() -> used.used(NOW.plus(Duration.ofMinutes(4)))).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(used::withWrongTry).isInstanceOf(DomainViolation.class);
    }

    @Test
    void a_code_expires_after_fifteen_minutes() {
        assertThat(challenge.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(signInCode(challenge, CODE, Duration.ofMinutes(15).minusSeconds(1)))
                .isInstanceOf(Attempt.Accepted.class);
        assertThat(signInCode(challenge, CODE, Duration.ofMinutes(15))).isInstanceOf(Attempt.Expired.class);
        assertThat(challenge.tryLink(LINK, Optional.empty(), NOW.plus(Duration.ofHours(1))))
                .isInstanceOf(Attempt.Expired.class);
    }

    @Test
    void five_wrong_tries_exhaust_the_code() {
        SignInChallenge current = challenge;
        for (int i = 1; i <= SignInChallenge.MAX_ATTEMPTS; i++) {
            assertThat(signInCode(current, "000000", Duration.ofSeconds(i))).isInstanceOf(Attempt.Wrong.class);
            current = current.withWrongTry();
            assertThat(current.failedAttempts()).isEqualTo(i);
            assertThat(current.triesLeft()).isEqualTo(SignInChallenge.MAX_ATTEMPTS - i);
        }

        assertThat(current.open()).isFalse();
        assertThat(signInCode(current, CODE, Duration.ofSeconds(6))).isInstanceOf(Attempt.Exhausted.class);
        assertThat(current.tryLink(LINK, Optional.empty(), NOW.plusSeconds(6))).isInstanceOf(Attempt.Exhausted.class);
        SignInChallenge exhausted = current;
        assertThatThrownBy(exhausted::withWrongTry).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> exhausted.used(NOW.plusSeconds(7)))
                .as("an exhausted code is never used")
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void a_wrong_try_before_the_right_one_still_lets_the_person_in() {
        assertThat(signInCode(challenge, "111111", Duration.ofSeconds(1))).isInstanceOf(Attempt.Wrong.class);

        assertThat(signInCode(challenge.withWrongTry(), CODE, Duration.ofSeconds(2)))
                .isInstanceOf(Attempt.Accepted.class);
        assertThat(signInCode(challenge, null, Duration.ofSeconds(2))).isInstanceOf(Attempt.Wrong.class);
    }

    @Test
    void the_link_token_works_and_the_code_is_not_the_link() {
        assertThat(challenge.tryLink(LINK, Optional.empty(), NOW.plus(Duration.ofMinutes(1))))
                .isInstanceOf(Attempt.Accepted.class);
        assertThat(challenge.tryLink(CODE, Optional.empty(), NOW.plus(Duration.ofMinutes(1))))
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(signInCode(challenge, LINK, Duration.ofMinutes(1))).isInstanceOf(Attempt.Wrong.class);
    }

    @Test
    void a_sign_in_code_does_not_confirm_an_address_change_and_an_address_code_does_not_sign_in() {
        SignInChallenge check = SignInChallenge.addressCheck(ID, ACCOUNT, ADA, CODE, NOW);

        assertThat(challenge.tryCode(CODE, Purpose.ADDRESS_CHECK, Optional.of(ACCOUNT), NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(check.tryCode(CODE, Purpose.SIGN_IN, NONE, NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(check.tryLink(CODE, Optional.empty(), NOW.plusSeconds(1)))
                .as("an address check has no link")
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(check.tryCode(CODE, Purpose.ADDRESS_CHECK, Optional.of(ACCOUNT), NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Accepted.class);
    }

    @Test
    void an_address_code_confirms_only_for_the_account_that_asked_for_it() {
        SignInChallenge check = SignInChallenge.addressCheck(ID, ACCOUNT, ADA, CODE, NOW);
        AccountId other = new AccountId(UUID.fromString("00000000-0000-4000-8000-0000000000b2"));

        assertThat(check.tryCode(CODE, Purpose.ADDRESS_CHECK, Optional.of(other), NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(check.tryCode(CODE, Purpose.ADDRESS_CHECK, NONE, NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Wrong.class);
    }

    @Test
    void a_link_asked_for_in_one_browser_signs_in_only_that_browser_and_is_not_spent_elsewhere() {
        SignInChallenge bound = SignInChallenge.signIn(ID, ADA, CODE, LINK, Optional.of(BROWSER), NOW);

        assertThat(bound.tryLink(LINK, Optional.empty(), NOW.plusSeconds(1))).isInstanceOf(Attempt.OtherBrowser.class);
        assertThat(bound.tryLink(LINK, Optional.of(BROWSER + "x"), NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.OtherBrowser.class);
        assertThat(bound.tryLink("wrong-" + LINK, Optional.of(BROWSER), NOW.plusSeconds(1)))
                .as("a wrong token is a wrong try")
                .isInstanceOf(Attempt.Wrong.class);
        assertThat(bound.tryLink(LINK, Optional.of(BROWSER), NOW.plusSeconds(1)))
                .isInstanceOf(Attempt.Accepted.class);
        assertThat(signInCode(bound, CODE, Duration.ofSeconds(1)))
                .as("the typed code works in any browser")
                .isInstanceOf(Attempt.Accepted.class);
        assertThat(bound.browserHash()).contains(SignInChallenge.hashOf(ID, BROWSER));
    }

    @Test
    void only_salted_hashes_of_the_secrets_are_kept() {
        SignInChallenge bound = SignInChallenge.signIn(ID, ADA, CODE, LINK, Optional.of(BROWSER), NOW);

        assertThat(bound.codeHash()).isEqualTo(SignInChallenge.hashOf(ID, CODE));
        assertThat(bound.codeHash()).isNotEqualTo(Digest.sha256(CODE));
        assertThat(bound.linkHash()).isNotEqualTo(Optional.of(Digest.sha256(LINK)));
        assertThat(SignInChallenge.hashOf(UUID.randomUUID(), CODE)).isNotEqualTo(bound.codeHash());
        assertThat(bound.toString()).doesNotContain(CODE).doesNotContain(LINK).doesNotContain(BROWSER);
    }

    @Test
    void a_code_has_six_digits_and_a_link_token_and_browser_nonce_at_least_32_characters() {
        Optional<String> none = Optional.empty();
        assertThatThrownBy(() -> SignInChallenge.signIn(ID, ADA, "12345", LINK, none, NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.signIn(ID, ADA, "12345a", LINK, none, NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.signIn(ID, ADA, CODE, "short", none, NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.signIn(ID, ADA, CODE, LINK.substring(1), none, NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.signIn(ID, ADA, CODE, LINK, Optional.of("short"), NOW))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> SignInChallenge.addressCheck(ID, ACCOUNT, ADA, "1234567", NOW))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void a_challenge_cannot_mix_the_shapes_of_the_two_purposes() {
        Optional<Digest> linkHash = Optional.of(SignInChallenge.hashOf(ID, CODE));
        assertShapeRefused(Purpose.SIGN_IN, Optional.of(ACCOUNT), linkHash);
        assertShapeRefused(Purpose.SIGN_IN, NONE, Optional.empty());
        assertShapeRefused(Purpose.ADDRESS_CHECK, NONE, Optional.empty());
        assertShapeRefused(Purpose.ADDRESS_CHECK, Optional.of(ACCOUNT), linkHash);
    }

    /** A challenge of {@code purpose} with this account and link hash cannot be built. */
    private static void assertShapeRefused(Purpose purpose, Optional<AccountId> account, Optional<Digest> linkHash) {
        Digest hash = SignInChallenge.hashOf(ID, CODE);
        assertThatThrownBy(() -> new SignInChallenge(
                        ID, purpose, ADA, account, hash, linkHash, Optional.empty(), NOW, 0, Optional.empty()))
                .isInstanceOf(DomainViolation.class);
    }
}
