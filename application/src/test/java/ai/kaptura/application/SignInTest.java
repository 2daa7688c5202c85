package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Passwordless sign-in: no enumeration, single-use codes, 15 minutes, 5 tries, rate-limited. */
class SignInTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final EmailAddress ada = EmailAddress.of("Ada@Example.com ");

    @Test
    void the_answer_is_the_same_for_known_and_unknown_addresses() {
        new Journey(k, "known@example.com").signIn();

        assertThat(k.signIn.start(new SignIn.Start(EmailAddress.of("known@example.com"))))
                .isInstanceOf(SignIn.Started.CodeSent.class);
        assertThat(k.signIn.start(new SignIn.Start(EmailAddress.of("nobody@example.com"))))
                .isInstanceOf(SignIn.Started.CodeSent.class);
    }

    @Test
    void a_code_signs_in_once_and_the_link_works_too() {
        k.signIn.start(new SignIn.Start(ada));
        Mail.SignInCode mail = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow();
        assertThat(mail.to().value()).isEqualTo("ada@example.com");

        SignIn.Verified first = k.signIn.verify(new SignIn.VerifyCode(ada, mail.code()));
        SignIn.Verified second = k.signIn.verify(new SignIn.VerifyCode(ada, mail.code()));

        assertThat(first)
                .isInstanceOfSatisfying(
                        SignIn.Verified.SignedIn.class,
                        s -> assertThat(s.newAccount()).isTrue());
        assertThat(second).isInstanceOf(SignIn.Verified.Refused.class);

        k.signIn.start(new SignIn.Start(ada));
        Mail.SignInCode again = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow();
        String token = again.link().substring(again.link().indexOf("token=") + 6);
        assertThat(k.signIn.follow(new SignIn.FollowLink(token)))
                .isInstanceOfSatisfying(
                        SignIn.Verified.SignedIn.class,
                        s -> assertThat(s.newAccount()).isFalse());
        assertThat(k.signIn.follow(new SignIn.FollowLink(token.substring(0, token.length() - 2) + "xx")))
                .isInstanceOf(SignIn.Verified.Refused.class);
    }

    @Test
    void a_code_expires_after_15_minutes() {
        String code = codeForAda();
        k.clock.advance(Duration.ofMinutes(15));

        assertRefused(k.signIn.verify(new SignIn.VerifyCode(ada, code)), Rejection.Reason.SIGN_IN_CODE_EXPIRED);
    }

    @Test
    void five_wrong_tries_burn_the_code() {
        String code = codeForAda();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            k.signIn.verify(new SignIn.VerifyCode(ada, wrong));
        }

        assertRefused(k.signIn.verify(new SignIn.VerifyCode(ada, code)), Rejection.Reason.SIGN_IN_ATTEMPTS_EXHAUSTED);
    }

    @Test
    void codes_are_rate_limited_per_address_without_saying_so() {
        for (int i = 0; i < 8; i++) {
            assertThat(k.signIn.start(new SignIn.Start(ada))).isInstanceOf(SignIn.Started.CodeSent.class);
        }

        assertThat(k.mailer.deliveredTo(ada)).hasSize(5);
        assertThat(k.stores.signInChallenges().countIssuedSince(ada, TestKaptura.START))
                .isEqualTo(5);
    }

    @Test
    void sign_out_ends_the_session() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        assertThat(k.signIn.authenticate(j.sessionToken)).contains(j.account);

        k.signIn.signOut(j.sessionToken);

        assertThat(k.signIn.authenticate(j.sessionToken)).isEmpty();
    }

    @Test
    void use_is_recorded_at_most_once_a_minute_and_keeps_the_session_alive() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        Digest hash = Session.hashOf(j.sessionToken);
        Instant signedIn = k.stores.sessions().find(hash).orElseThrow().lastSeenAt();

        k.clock.advance(Duration.ofSeconds(30));
        assertThat(k.signIn.authenticate(j.sessionToken)).contains(j.account);
        assertThat(k.stores.sessions().find(hash).orElseThrow().lastSeenAt())
                .as("not written again within a minute")
                .isEqualTo(signedIn);

        k.clock.advance(Duration.ofSeconds(31));
        assertThat(k.signIn.authenticate(j.sessionToken)).contains(j.account);
        assertThat(k.stores.sessions().find(hash).orElseThrow().lastSeenAt()).isEqualTo(k.clock.instant());

        k.clock.advance(Session.IDLE.minusMinutes(1));
        assertThat(k.signIn.authenticate(j.sessionToken))
                .as("the recorded use keeps it alive")
                .contains(j.account);
        k.clock.advance(Session.IDLE.plusSeconds(1));
        assertThat(k.signIn.authenticate(j.sessionToken)).isEmpty();
        assertThat(k.stores.sessions().find(hash))
                .as("an ended session is deleted")
                .isEmpty();
    }

    /** Ada asks for a sign-in code; answers the code mailed to her. */
    private String codeForAda() {
        k.signIn.start(new SignIn.Start(ada));
        return k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow().code();
    }

    /** The try was refused for {@code reason}. */
    private static void assertRefused(SignIn.Verified verified, Rejection.Reason reason) {
        assertThat(verified)
                .isInstanceOfSatisfying(
                        SignIn.Verified.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(reason));
    }
}
