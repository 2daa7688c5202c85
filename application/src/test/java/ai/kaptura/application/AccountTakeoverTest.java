package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.privacy.RectifyEmailService;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whoever controls an account can read its selfies, so the ways into an account are guarded like them (R47):
 * codes of one purpose, limits per account and per address, an address change that re-checks, tells the old
 * address and ends every other session, links bound to the browser that asked, sign-out everywhere, and erasure
 * that signs out at once.
 */
@Tag("R47")
class AccountTakeoverTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final EmailAddress victim = EmailAddress.of("victim@example.org");

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    private static Rejection.Reason reason(SignIn.Verified verified) {
        return ((SignIn.Verified.Refused) verified).why().reason();
    }

    @Test
    void an_address_check_code_does_not_sign_in() {
        Journey attacker = new Journey(k, "attacker@example.net").signIn();
        assertThat(k.rectify.start(new RectifyEmail.Start(attacker.account, victim)))
                .isInstanceOf(RectifyEmail.Outcome.CodeSent.class);
        String addressCode = k.mailer
                .latest(Mail.VerifyNewAddress.class, victim)
                .orElseThrow()
                .code();

        SignIn.Verified posted = k.signIn.verify(new SignIn.VerifyCode(victim, addressCode));

        assertThat(posted).isInstanceOf(SignIn.Verified.Refused.class);
        assertThat(k.stores.accounts().findByEmail(victim))
                .as("no account was opened for the victim's address")
                .isEmpty();
    }

    @Test
    void a_sign_in_code_does_not_confirm_an_address_change() {
        Journey attacker = new Journey(k, "attacker@example.net").signIn();
        k.rectify.start(new RectifyEmail.Start(attacker.account, victim));
        k.signIn.start(new SignIn.Start(victim));
        String signInCode =
                k.mailer.latest(Mail.SignInCode.class, victim).orElseThrow().code();

        RectifyEmail.Outcome confirmed = k.rectify.confirm(
                new RectifyEmail.Confirm(attacker.account, victim, signInCode, attacker.sessionToken));

        assertThat(confirmed).isInstanceOf(RectifyEmail.Outcome.Refused.class);
        assertThat(k.stores.accounts().find(attacker.account).orElseThrow().email())
                .contains(attacker.email);
    }

    @Test
    void address_codes_are_limited_per_account_and_an_address_gets_at_most_five_codes_an_hour_of_any_kind() {
        Journey attacker = new Journey(k, "attacker@example.net").signIn();
        for (int i = 0; i < RectifyEmailService.MAX_CHECKS_PER_ACCOUNT; i++) {
            assertThat(k.rectify.start(
                            new RectifyEmail.Start(attacker.account, EmailAddress.of("target" + i + "@example.org"))))
                    .isInstanceOf(RectifyEmail.Outcome.CodeSent.class);
        }
        RectifyEmail.Outcome sixth = k.rectify.start(new RectifyEmail.Start(attacker.account, victim));
        assertThat(sixth)
                .isInstanceOfSatisfying(
                        RectifyEmail.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.TOO_MANY_CODES));

        // Other accounts ask too, and sign-in codes to the same address share its limit.
        for (int i = 0; i < 6; i++) {
            Journey other = new Journey(k, "other" + i + "@example.net").signIn();
            k.rectify.start(new RectifyEmail.Start(other.account, victim));
            k.signIn.start(new SignIn.Start(victim));
        }
        assertThat(k.mailer.deliveredTo(victim))
                .as("at most five mails an hour to one address")
                .hasSize(5);

        k.clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(k.rectify.start(new RectifyEmail.Start(attacker.account, victim)))
                .isInstanceOf(RectifyEmail.Outcome.CodeSent.class);
        assertThat(k.mailer.deliveredTo(victim)).hasSize(6);
    }

    @Test
    void asking_to_move_to_an_address_another_account_holds_answers_the_same_and_sends_nothing() {
        new Journey(k, victim.value()).signIn();
        int mailsBefore = k.mailer.deliveredTo(victim).size();
        Journey attacker = new Journey(k, "attacker@example.net").signIn();

        assertThat(k.rectify.start(new RectifyEmail.Start(attacker.account, victim)))
                .isInstanceOf(RectifyEmail.Outcome.CodeSent.class);

        assertThat(k.mailer.deliveredTo(victim)).hasSize(mailsBefore);
    }

    @Test
    void confirming_re_checks_that_the_address_is_still_free() {
        Journey mover = new Journey(k, "mover@example.net").signIn();
        String code = mover.askToMoveTo(victim);
        new Journey(k, victim.value()).signIn(); // the address's owner signs up meanwhile

        RectifyEmail.Outcome confirmed = mover.confirmMove(victim, code);

        assertMoveRefused(confirmed, Rejection.Reason.INVALID_EMAIL, mover);
    }

    @Test
    void a_confirmed_change_tells_the_old_address_and_ends_every_other_session_of_the_account() {
        Journey owner = new Journey(k, "owner@example.org").signIn();
        String otherDevice = new Journey(k, "owner@example.org").signIn().sessionToken;
        EmailAddress next = EmailAddress.of("owner.new@example.org");
        String code = owner.askToMoveTo(next);

        RectifyEmail.Outcome confirmed = owner.confirmMove(next, code);

        assertThat(confirmed)
                .isInstanceOfSatisfying(
                        RectifyEmail.Outcome.Changed.class,
                        c -> assertThat(c.sessionsEnded()).isEqualTo(1));
        assertThat(k.signIn.authenticate(owner.sessionToken))
                .as("the session that made the change stays")
                .contains(owner.account);
        assertThat(k.signIn.authenticate(otherDevice))
                .as("every other session ends")
                .isEmpty();
        Mail.AddressChanged notice =
                k.mailer.latest(Mail.AddressChanged.class, owner.email).orElseThrow();
        assertThat(notice.newAddressHint()).isEqualTo("o***@example.org").doesNotContain("owner.new");
        assertThat(k.stores.auditLog().read(1, 1000))
                .extracting(e -> e.event().action())
                .contains(AuditAction.SESSIONS_ENDED, AuditAction.ADDRESS_CHANGE_ANNOUNCED);
    }

    @Test
    void wrong_tries_burn_an_address_code_and_a_code_confirms_once() {
        Journey owner = new Journey(k, "owner@example.org").signIn();
        EmailAddress next = EmailAddress.of("owner.new@example.org");
        String code = owner.askToMoveTo(next);
        for (int i = 0; i < 5; i++) {
            owner.confirmMove(next, wrong(code));
        }

        assertMoveRefused(owner.confirmMove(next, code), Rejection.Reason.SIGN_IN_ATTEMPTS_EXHAUSTED, owner);
    }

    @Test
    void a_code_asked_for_by_one_account_does_not_confirm_for_another() {
        Journey first = new Journey(k, "first@example.org").signIn();
        Journey second = new Journey(k, "second@example.org").signIn();
        String code = first.askToMoveTo(victim);

        assertThat(second.confirmMove(victim, code)).isInstanceOf(RectifyEmail.Outcome.Refused.class);
        assertThat(first.confirmMove(victim, code)).isInstanceOf(RectifyEmail.Outcome.Changed.class);
    }

    @Test
    void a_sign_in_link_asked_for_in_one_browser_signs_in_only_that_browser() {
        String browser = "nonce-of-the-asking-browser-" + "0123456789abcdef";
        k.signIn.start(new SignIn.Start(victim, Optional.of(browser)));
        Mail.SignInCode mail = k.mailer.latest(Mail.SignInCode.class, victim).orElseThrow();
        String token = mail.link().substring(mail.link().indexOf("token=") + 6);

        SignIn.Verified scanner = k.signIn.follow(new SignIn.FollowLink(token));
        SignIn.Verified otherBrowser =
                k.signIn.follow(new SignIn.FollowLink(token, Optional.of("another-browser-" + "x".repeat(32))));
        SignIn.Verified asking = k.signIn.follow(new SignIn.FollowLink(token, Optional.of(browser)));

        assertThat(reason(scanner)).isEqualTo(Rejection.Reason.SIGN_IN_OTHER_BROWSER);
        assertThat(reason(otherBrowser)).isEqualTo(Rejection.Reason.SIGN_IN_OTHER_BROWSER);
        assertThat(asking)
                .as("the link was not spent by the other browsers")
                .isInstanceOf(SignIn.Verified.SignedIn.class);
    }

    @Test
    void sign_out_everywhere_ends_every_session_of_the_account_only() {
        Journey ada = new Journey(k, "ada@example.org").signIn();
        String adaElsewhere = new Journey(k, "ada@example.org").signIn().sessionToken;
        Journey bob = new Journey(k, "bob@example.org").signIn();

        assertThat(k.signIn.signOutEverywhere(ada.account)).isEqualTo(2);

        assertThat(k.signIn.authenticate(ada.sessionToken)).isEmpty();
        assertThat(k.signIn.authenticate(adaElsewhere)).isEmpty();
        assertThat(k.signIn.authenticate(bob.sessionToken)).contains(bob.account);
    }

    @Test
    void erasure_ends_every_session_at_once_before_its_job_runs() {
        Journey ada = new Journey(k, "ada@example.org").signIn();
        String adaElsewhere = new Journey(k, "ada@example.org").signIn().sessionToken;

        k.erase.erase(ada.account);

        assertThat(k.signIn.authenticate(ada.sessionToken)).isEmpty();
        assertThat(k.signIn.authenticate(adaElsewhere)).isEmpty();
    }

    /** The move was refused for {@code reason}, and {@code mover}'s account keeps its address. */
    private void assertMoveRefused(RectifyEmail.Outcome outcome, Rejection.Reason reason, Journey mover) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        RectifyEmail.Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(reason));
        assertThat(k.stores.accounts().find(mover.account).orElseThrow().email())
                .contains(mover.email);
    }
}
