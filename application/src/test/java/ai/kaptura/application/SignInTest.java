package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Passwordless sign-in: no enumeration, single-use codes, 15 minutes, 5 tries, rate-limited. */
class SignInTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final EmailAddress ada = EmailAddress.of("Ada@Example.com ");

    @Test
    void the_answer_is_the_same_for_known_and_unknown_addresses() {
        new Journey(k, "known@example.com").signIn();

        assertThat(k.signIn.start(new SignIn.Start(EmailAddress.of("known@example.com")))).isInstanceOf(SignIn.Started.CodeSent.class);
        assertThat(k.signIn.start(new SignIn.Start(EmailAddress.of("nobody@example.com")))).isInstanceOf(SignIn.Started.CodeSent.class);
    }

    @Test
    void a_code_signs_in_once_and_the_link_works_too() {
        k.signIn.start(new SignIn.Start(ada));
        Mail.SignInCode mail = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow();
        assertThat(mail.to().value()).isEqualTo("ada@example.com");

        SignIn.Verified first = k.signIn.verify(new SignIn.VerifyCode(ada, mail.code()));
        SignIn.Verified second = k.signIn.verify(new SignIn.VerifyCode(ada, mail.code()));

        assertThat(first).isInstanceOfSatisfying(SignIn.Verified.SignedIn.class, s -> assertThat(s.newAccount()).isTrue());
        assertThat(second).isInstanceOf(SignIn.Verified.Refused.class);

        k.signIn.start(new SignIn.Start(ada));
        Mail.SignInCode again = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow();
        String token = again.link().substring(again.link().indexOf("token=") + 6);
        assertThat(k.signIn.follow(new SignIn.FollowLink(token))).isInstanceOfSatisfying(SignIn.Verified.SignedIn.class,
                s -> assertThat(s.newAccount()).isFalse());
        assertThat(k.signIn.follow(new SignIn.FollowLink(token.substring(0, token.length() - 2) + "xx")))
                .isInstanceOf(SignIn.Verified.Refused.class);
    }

    @Test
    void a_code_expires_after_15_minutes() {
        k.signIn.start(new SignIn.Start(ada));
        String code = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow().code();
        k.clock.advance(Duration.ofMinutes(15));

        assertThat(k.signIn.verify(new SignIn.VerifyCode(ada, code))).isInstanceOfSatisfying(SignIn.Verified.Refused.class,
                r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.SIGN_IN_CODE_EXPIRED));
    }

    @Test
    void five_wrong_tries_burn_the_code() {
        k.signIn.start(new SignIn.Start(ada));
        String code = k.mailer.latest(Mail.SignInCode.class, ada).orElseThrow().code();
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            k.signIn.verify(new SignIn.VerifyCode(ada, wrong));
        }

        assertThat(k.signIn.verify(new SignIn.VerifyCode(ada, code))).isInstanceOfSatisfying(SignIn.Verified.Refused.class,
                r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.SIGN_IN_ATTEMPTS_EXHAUSTED));
    }

    @Test
    void codes_are_rate_limited_per_address_without_saying_so() {
        for (int i = 0; i < 8; i++) {
            assertThat(k.signIn.start(new SignIn.Start(ada))).isInstanceOf(SignIn.Started.CodeSent.class);
        }

        assertThat(k.mailer.deliveredTo(ada)).hasSize(5);
        assertThat(k.stores.signInChallenges().countIssuedSince(ada, TestKaptura.START)).isEqualTo(5);
    }

    @Test
    void sign_out_ends_the_session() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        assertThat(k.signIn.authenticate(j.sessionToken)).contains(j.account);

        k.signIn.signOut(j.sessionToken);

        assertThat(k.signIn.authenticate(j.sessionToken)).isEmpty();
    }
}
