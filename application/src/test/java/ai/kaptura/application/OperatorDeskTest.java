package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.in.OperatorDesk;
import ai.kaptura.ports.in.OperatorDesk.Act;
import ai.kaptura.ports.in.OperatorDesk.Outcome;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R50: operators act only through their role. An operator signs in with a code sent to a listed address, for an
 * 8-hour session that opens the desk and nothing else; every action is audited with the operator's pseudonymous id
 * and reason, and a destructive one needs a fresh code. R20, R21, R42, R48: what the desk does to requests, minors and
 * jobs.
 */
@Tag("R50")
class OperatorDeskTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    private AccountId operator() {
        k.operatorSignIn.start(TestKaptura.OPERATOR);
        String code = k.mailer
                .latest(Mail.OperatorCode.class, TestKaptura.OPERATOR)
                .orElseThrow()
                .code();
        SignIn.Verified verified = k.operatorSignIn.verify(new SignIn.VerifyCode(TestKaptura.OPERATOR, code));
        assertThat(verified).isInstanceOf(SignIn.Verified.SignedIn.class);
        return ((SignIn.Verified.SignedIn) verified).account();
    }

    private String freshCode(AccountId operator) {
        k.desk.sendFreshCode(operator);
        Mail.OperatorCode mail =
                k.mailer.latest(Mail.OperatorCode.class, TestKaptura.OPERATOR).orElseThrow();
        assertThat(mail.confirmation()).isTrue();
        return mail.code();
    }

    private List<AuditEntry> audited(AuditAction action) {
        return k.stores.auditLog().read(1, 100_000).stream()
                .filter(e -> e.event().action() == action)
                .toList();
    }

    @Test
    void only_a_listed_address_gets_an_operator_code_and_the_session_opens_the_desk_for_eight_hours_only() {
        EmailAddress stranger = EmailAddress.of("someone@example.com");
        assertThat(k.operatorSignIn.start(stranger)).isInstanceOf(SignIn.Started.CodeSent.class);
        assertThat(k.mailer.latest(Mail.OperatorCode.class, stranger))
                .as("same answer, no code")
                .isEmpty();

        k.operatorSignIn.start(TestKaptura.OPERATOR);
        String code = k.mailer
                .latest(Mail.OperatorCode.class, TestKaptura.OPERATOR)
                .orElseThrow()
                .code();
        assertThat(k.signIn.verify(new SignIn.VerifyCode(TestKaptura.OPERATOR, code)))
                .as("an operator's code does not sign a person in")
                .isInstanceOf(SignIn.Verified.Refused.class);
        SignIn.Verified.SignedIn in =
                (SignIn.Verified.SignedIn) k.operatorSignIn.verify(new SignIn.VerifyCode(TestKaptura.OPERATOR, code));

        assertThat(k.operatorSignIn.authenticate(in.sessionToken())).contains(in.account());
        assertThat(k.signIn.authenticate(in.sessionToken()))
                .as("an operator's session never opens a person's pages")
                .isEmpty();

        Journey ada = new Journey(k, "ada@example.com").signIn();

        k.clock.advance(Session.OPERATOR_ABSOLUTE.minusMinutes(1));
        assertThat(k.operatorSignIn.authenticate(in.sessionToken())).contains(in.account());
        k.clock.advance(Duration.ofMinutes(2));
        assertThat(k.operatorSignIn.authenticate(in.sessionToken()))
                .as("the operator's session ends 8 hours after sign-in, used or not")
                .isEmpty();
        assertThat(audited(AuditAction.OPERATOR_SIGNED_IN))
                .singleElement()
                .satisfies(e -> assertThat(e.event().actor())
                        .isEqualTo(new Actor(Actor.Kind.OPERATOR, in.account().toString())));
        assertThat(ada.account).isNotEqualTo(in.account());
    }

    @Test
    void a_person_session_token_is_not_an_operator_session() {
        SignIn.Verified.SignedIn person = (SignIn.Verified.SignedIn) signInPerson(TestKaptura.OPERATOR);
        assertThat(k.operatorSignIn.authenticate(person.sessionToken()))
                .as("even the operator's own person session does not open the desk")
                .isEmpty();
        assertThat(k.signIn.authenticate(person.sessionToken())).contains(person.account());
    }

    private SignIn.Verified signInPerson(EmailAddress email) {
        k.signIn.start(new SignIn.Start(email));
        String code =
                k.mailer.latest(Mail.SignInCode.class, email).orElseThrow().code();
        return k.signIn.verify(new SignIn.VerifyCode(email, code));
    }

    @Test
    void a_request_that_arrived_by_email_is_recorded_as_received_on_the_day_it_arrived_and_the_person_is_told() {
        AccountId op = operator();
        Journey ada = new Journey(k, "ada@example.com").signIn();
        LocalDate arrived = k.settings.calendar().dayOf(k.clock.instant()).minusDays(3);

        Outcome outcome = k.desk.recordRequest(
                new Act(op, "Letter from the person asking for a copy of their data", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                RequestKind.ACCESS,
                Channel.POSTAL,
                arrived);

        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        PrivacyRequest request =
                k.stores.privacyRequests().ofAccount(ada.account).getFirst();
        assertThat(k.settings.calendar().dayOf(request.receivedAt())).isEqualTo(arrived);
        assertThat(request.dueOn()).isEqualTo(k.settings.calendar().answerDue(request.receivedAt()));
        assertThat(request.channel()).isEqualTo(Channel.POSTAL);
        k.runDueJobs();
        assertThat(k.mailer.latest(Mail.PrivacyRequestReceived.class, EmailAddress.of("ada@example.com")))
                .get()
                .extracting(Mail.PrivacyRequestReceived::dueOn)
                .isEqualTo(request.dueOn());
        assertThat(audited(AuditAction.PRIVACY_REQUEST_RECEIVED)).last().satisfies(e -> {
            assertThat(e.event().actor().kind()).isEqualTo(Actor.Kind.OPERATOR);
            assertThat(e.event().actor().id()).isEqualTo(op.toString());
            assertThat(e.event().details())
                    .containsEntry("reason", "Letter from the person asking for a copy of their data");
        });

        assertThat(k.desk.recordRequest(
                        new Act(op, "An email from an unknown sender", Optional.empty()),
                        EmailAddress.of("nobody@example.com"),
                        RequestKind.ACCESS,
                        Channel.ELECTRONIC,
                        arrived))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class, r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.NOT_FOUND));
        assertThat(k.desk.recordRequest(
                        new Act(op, "A letter dated in the future", Optional.empty()),
                        EmailAddress.of("ada@example.com"),
                        RequestKind.ACCESS,
                        Channel.POSTAL,
                        arrived.plusDays(10)))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.INVALID_VALUE));
        Assertions.assertThatThrownBy(() -> k.desk.recordRequest(
                        new Act(op, "ok", Optional.empty()),
                        EmailAddress.of("ada@example.com"),
                        RequestKind.ACCESS,
                        Channel.POSTAL,
                        arrived))
                .as("a reason is a sentence, not a word (R50)")
                .isInstanceOf(InvalidInput.class);
        Assertions.assertThatThrownBy(() -> k.desk.recordRequest(
                        new Act(op, "Email from ada@example.com asking for her data", Optional.empty()),
                        EmailAddress.of("ada@example.com"),
                        RequestKind.ACCESS,
                        Channel.POSTAL,
                        arrived))
                .as("the audit log never holds an address")
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void an_erasure_that_arrived_by_email_starts_like_one_asked_for_on_the_privacy_page() {
        AccountId op = operator();
        Journey ada = new Journey(k, "ada@example.com").signIn();

        Outcome outcome = k.desk.recordRequest(
                new Act(op, "Email to the privacy contact asking to delete everything", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                RequestKind.ERASURE,
                Channel.ELECTRONIC,
                k.settings.calendar().dayOf(k.clock.instant()));
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        k.runDueJobs();

        PrivacyRequest erasure =
                k.stores.privacyRequests().ofAccount(ada.account).getFirst();
        assertThat(erasure.kind()).isEqualTo(RequestKind.ERASURE);
        assertThat(erasure.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
        assertThat(k.stores.accounts().find(ada.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
    }

    @Test
    @Tag("R7")
    void a_withdrawal_that_came_by_post_takes_effect_at_once_and_is_logged_as_it_arrived() {
        AccountId op = operator();
        Journey ada = new Journey(k, "ada@example.com")
                .signIn()
                .order()
                .upload(8)
                .checkOut()
                .pay();
        LocalDate arrived = k.settings.calendar().dayOf(k.clock.instant()).minusDays(2);

        Outcome outcome = k.desk.recordRequest(
                new Act(op, "Letter withdrawing consent to the photo processing", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                RequestKind.WITHDRAWAL,
                Channel.POSTAL,
                arrived);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Done.class,
                        d -> assertThat(d.detail()).contains("Withdrawn at once: 1 orders stopped"));
        assertThat(ada.current().status().name()).isIn("CANCELLED", "FAILED", "REFUNDED");
        assertThat(k.stores.privacyRequests().ofAccount(ada.account))
                .filteredOn(r -> r.kind() == RequestKind.WITHDRAWAL)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.channel()).isEqualTo(Channel.POSTAL);
                    assertThat(k.settings.calendar().dayOf(r.receivedAt())).isEqualTo(arrived);
                    assertThat(r.status()).isEqualTo(PrivacyRequest.Status.COMPLETED);
                });
        assertThat(audited(AuditAction.CONSENT_WITHDRAWN))
                .isNotEmpty()
                .allSatisfy(
                        e -> assertThat(e.event().actor()).isEqualTo(new Actor(Actor.Kind.OPERATOR, op.toString())));
    }

    @Test
    void extending_once_within_the_first_month_tells_the_person_why_and_a_second_extension_is_refused() {
        AccountId op = operator();
        PrivacyRequestId id = recordedAccess(op);

        Outcome extended = k.desk.extend(new Act(op, "The request covers five years of records", Optional.empty()), id);

        assertThat(extended).isInstanceOf(Outcome.Done.class);
        PrivacyRequest request = k.request(id);
        assertThat(request.extension()).isPresent();
        assertThat(request.dueOn()).isEqualTo(k.settings.calendar().extendedDue(request.receivedAt()));
        k.runDueJobs();
        assertThat(k.mailer.latest(Mail.PrivacyRequestExtended.class, EmailAddress.of("ada@example.com")))
                .get()
                .satisfies(m -> {
                    assertThat(m.reason()).isEqualTo("The request covers five years of records");
                    assertThat(m.newDueOn()).isEqualTo(request.dueOn());
                });
        assertThat(k.desk.extend(new Act(op, "Once more, we are still busy", Optional.empty()), id))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.EXTENSION_NOT_ALLOWED));
    }

    @Test
    void a_refusal_needs_a_fresh_code_and_tells_the_person_the_reasons_and_where_to_complain() {
        AccountId op = operator();
        PrivacyRequestId id = recordedAccess(op);
        Act withoutCode = new Act(op, "Manifestly unfounded: the fifth identical request this month", Optional.empty());

        assertThat(k.desk.refuse(withoutCode, id))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_REQUIRED));
        String code = freshCode(op);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThat(k.desk.refuse(new Act(op, withoutCode.reason(), Optional.of(wrong)), id))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_INVALID));
        assertThat(k.isOpen(id)).isTrue();

        assertThat(k.desk.refuse(new Act(op, withoutCode.reason(), Optional.of(code)), id))
                .isInstanceOf(Outcome.Done.class);
        assertThat(k.request(id).status()).isEqualTo(PrivacyRequest.Status.REFUSED);
        k.runDueJobs();
        assertThat(k.mailer.latest(Mail.PrivacyRequestRefused.class, EmailAddress.of("ada@example.com")))
                .get()
                .satisfies(m -> {
                    assertThat(m.reasons()).isEqualTo(withoutCode.reason());
                    assertThat(m.complaintAuthority())
                            .isEqualTo(k.settings.complaintRoute().authority());
                });
        assertThat(audited(AuditAction.PRIVACY_REQUEST_REFUSED)).singleElement().satisfies(e -> {
            assertThat(e.event().actor().id()).isEqualTo(op.toString());
            assertThat(e.event().details()).containsEntry("reason", withoutCode.reason());
        });

        PrivacyRequestId another = recordedAccess(op);
        assertThat(k.desk.refuse(new Act(op, withoutCode.reason(), Optional.of(code)), another))
                .as("a fresh code confirms one action only")
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_INVALID));
    }

    @Test
    void flagging_a_minor_needs_a_fresh_code_stops_processing_and_is_tracked_against_72_hours() {
        AccountId op = operator();
        Journey kid = new Journey(k, "kid@example.com").signIn();
        Act act = new Act(op, "A parent wrote that the account holder is 15", Optional.empty());

        assertThat(k.desk.flagMinor(act, EmailAddress.of("kid@example.com"), MinorFlag.Source.PARENT_OR_GUARDIAN))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_REQUIRED));
        Outcome flagged = k.desk.flagMinor(
                new Act(op, act.reason(), Optional.of(freshCode(op))),
                EmailAddress.of("kid@example.com"),
                MinorFlag.Source.PARENT_OR_GUARDIAN);

        assertThat(flagged).isInstanceOf(Outcome.Done.class);
        assertThat(k.desk.minors()).singleElement().satisfies(c -> {
            assertThat(c.account()).isEqualTo(kid.account);
            assertThat(c.erasureDeadline()).isEqualTo(c.flaggedAt().plus(Duration.ofHours(72)));
            assertThat(c.erased()).isFalse();
        });
        assertThat(audited(AuditAction.MINOR_FLAGGED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().actor()).isEqualTo(new Actor(Actor.Kind.OPERATOR, op.toString())));
        k.runDueJobs();
        assertThat(k.desk.minors())
                .singleElement()
                .satisfies(c -> assertThat(c.erased()).isTrue());
    }

    @Test
    void a_dead_job_is_listed_with_its_last_error_and_an_operator_runs_it_again() {
        AccountId op = operator();
        Job mail = new Job(JobKind.SEND_EMAIL, "mail:test", "{}", k.clock.instant());
        k.stores.jobs().enqueue(mail);
        k.stores.jobs().recordDead(mail, 21, "java.net.ConnectException: mail host down", k.clock.instant());

        assertThat(k.desk.jobs()).singleElement().satisfies(t -> {
            assertThat(t.dead()).isTrue();
            assertThat(t.failures()).isEqualTo(21);
            assertThat(t.lastError()).contains("java.net.ConnectException: mail host down");
        });

        Outcome retried = k.desk.retryJob(
                new Act(op, "The mail host is back up", Optional.empty()), JobKind.SEND_EMAIL, "mail:test");

        assertThat(retried).isInstanceOf(Outcome.Done.class);
        assertThat(k.stores.jobs().scheduled()).anyMatch(j -> j.key().equals("mail:test"));
        assertThat(k.desk.jobs()).isEmpty();
        assertThat(audited(AuditAction.JOB_RETRIED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("reason", "The mail host is back up"));
        assertThat(k.desk.retryJob(
                        new Act(op, "Again, to be sure it runs", Optional.empty()), JobKind.SEND_EMAIL, "mail:test"))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.DESK_ACTION_CONFLICT));
    }

    @Test
    void retrying_an_erasure_job_needs_a_fresh_code() {
        AccountId op = operator();
        Job erase = new Job(JobKind.ERASE_ACCOUNT, "erase:x", "{}", k.clock.instant());
        k.stores.jobs().enqueue(erase);
        k.stores
                .jobs()
                .recordFailures(erase, 3, k.clock.instant(), k.clock.instant().plus(Duration.ofMinutes(40)));

        assertThat(k.desk.retryJob(
                        new Act(op, "The vendor is reachable again", Optional.empty()),
                        JobKind.ERASE_ACCOUNT,
                        "erase:x"))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_REQUIRED));
        assertThat(k.desk.retryJob(
                        new Act(op, "The vendor is reachable again", Optional.of(freshCode(op))),
                        JobKind.ERASE_ACCOUNT,
                        "erase:x"))
                .isInstanceOf(Outcome.Done.class);
        assertThat(k.stores.jobs().scheduled())
                .filteredOn(j -> j.key().equals("erase:x"))
                .singleElement()
                .satisfies(j -> assertThat(j.runAt()).isEqualTo(k.clock.instant()));
    }

    @Test
    void requests_overdue_and_due_soon_come_first() {
        AccountId op = operator();
        new Journey(k, "ada@example.com").signIn();
        new Journey(k, "bob@example.com").signIn();
        LocalDate today = k.settings.calendar().dayOf(k.clock.instant());
        k.desk.recordRequest(
                new Act(op, "Arrived today by email", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                RequestKind.ACCESS,
                Channel.ELECTRONIC,
                today);
        k.desk.recordRequest(
                new Act(op, "A letter that sat in the post room", Optional.empty()),
                EmailAddress.of("bob@example.com"),
                RequestKind.RECTIFICATION,
                Channel.POSTAL,
                today.minusDays(40));

        List<OperatorDesk.RequestLine> lines = k.desk.requests(50);

        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst().overdue()).isTrue();
        assertThat(lines.getFirst().request().kind()).isEqualTo(RequestKind.RECTIFICATION);
        assertThat(lines.get(1).overdue()).isFalse();
    }

    @Test
    @Tag("R11")
    void a_legal_hold_is_placed_with_its_reference_and_lifted_only_with_a_fresh_code() {
        AccountId op = operator();
        Journey ada = new Journey(k, "ada@example.com").signIn();

        Outcome placed = k.desk.placeHold(
                new Act(op, "Warrant served on the controller today", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                ai.kaptura.domain.retention.LegalHold.Basis.WARRANT,
                "District court case 2026-HD-17");

        assertThat(placed).isInstanceOf(Outcome.Done.class);
        assertThat(k.desk.holds()).singleElement().satisfies(h -> {
            assertThat(h.account()).isEqualTo(ada.account);
            assertThat(h.hold().reference()).isEqualTo("District court case 2026-HD-17");
            assertThat(h.placedBy()).isEqualTo(new Actor(Actor.Kind.OPERATOR, op.toString()));
        });
        assertThat(k.desk.placeHold(
                        new Act(op, "A second warrant for the same account", Optional.empty()),
                        EmailAddress.of("ada@example.com"),
                        ai.kaptura.domain.retention.LegalHold.Basis.SUBPOENA,
                        "Case 2"))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.DESK_ACTION_CONFLICT));

        Act lift = new Act(op, "The court released the warrant", Optional.empty());
        assertThat(k.desk.liftHold(lift, ada.account))
                .isInstanceOfSatisfying(
                        Outcome.Refused.class,
                        r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.FRESH_CODE_REQUIRED));
        assertThat(k.desk.holds()).hasSize(1);
        assertThat(k.desk.liftHold(new Act(op, lift.reason(), Optional.of(freshCode(op))), ada.account))
                .isInstanceOf(Outcome.Done.class);
        assertThat(k.desk.holds()).isEmpty();
        assertThat(audited(AuditAction.LEGAL_HOLD_LIFTED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().actor().id()).isEqualTo(op.toString()));
    }

    private PrivacyRequestId recordedAccess(AccountId op) {
        if (k.stores.accounts().findByEmail(EmailAddress.of("ada@example.com")).isEmpty()) {
            new Journey(k, "ada@example.com").signIn();
        }
        Outcome outcome = k.desk.recordRequest(
                new Act(op, "Email asking what data we hold", Optional.empty()),
                EmailAddress.of("ada@example.com"),
                RequestKind.ACCESS,
                Channel.ELECTRONIC,
                k.settings.calendar().dayOf(k.clock.instant()));
        return PrivacyRequestId.parse(((Outcome.Done) outcome).subject());
    }
}
