package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.ports.in.CheckAlarms;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.testing.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R49, one scenario per promise: the alarm starts when its risk is first seen (one WARN line, one mail to the
 * controller's contact), lasts without repeating itself (no second line, one mail a day), and clears when the risk is
 * gone (one WARN line). Every clock here is simulated.
 */
@Tag("R49")
class AlarmScenariosTest {

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final CapturedLog log = CapturedLog.of(AlarmService.class);

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    /**
     * Time passes as on a running node: jobs run when due (the mail an alarm check queues, at once), the sweep and the
     * alarm check run every five minutes.
     */
    private void pass(Duration time) {
        k.pass(time, k.retention::handle, k.alarms::check);
    }

    private List<String> lines(String edge, Promise promise) {
        return log.messages(Level.WARNING).stream()
                .filter(m -> m.startsWith("Alarm " + edge + ": " + promise.label() + " "))
                .toList();
    }

    private List<Mail.PromiseAtRisk> mails(Promise promise) {
        return k.mailer.deliveredTo(TestKaptura.ALARM_CONTACT).stream()
                .filter(Mail.PromiseAtRisk.class::isInstance)
                .map(Mail.PromiseAtRisk.class::cast)
                .filter(m -> m.alarm().promise() == promise)
                .toList();
    }

    private List<Alarm> raised(Promise promise) {
        return k.stores.alarms().raised().stream()
                .filter(a -> a.promise() == promise)
                .toList();
    }

    private List<AuditAction> auditedAbout(Subject subject) {
        return k.stores.auditLog().about(subject.id(), 1_000).stream()
                .map(AuditEntry::event)
                .filter(e -> e.subject().equals(subject))
                .map(e -> e.action())
                .toList();
    }

    @Test
    @Tag("R14")
    void a_vendor_model_unconfirmed_at_day_30_raises_its_alarm_once_a_day_until_the_vendor_deletes_it() {
        Journey j = new Journey(k, "ada@example.com").generating();
        k.vendor().unreachable(true);
        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        Subject order = Subject.of("order", j.order);

        pass(Duration.ofDays(30).minus(Duration.ofMinutes(40)));
        assertThat(raised(Promise.MODEL_NOT_DELETED)).as("not before day 30").isEmpty();
        pass(Duration.ofHours(1));

        assertThat(raised(Promise.MODEL_NOT_DELETED))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(order));
        assertThat(lines("raised", Promise.MODEL_NOT_DELETED))
                .singleElement()
                .asString()
                .contains(j.order.toString())
                .contains("R14");
        assertThat(mails(Promise.MODEL_NOT_DELETED)).hasSize(1);
        assertThat(auditedAbout(order))
                .containsOnlyOnce(AuditAction.ALARM_RAISED)
                .doesNotContain(AuditAction.MODEL_DELETION_ALARM);

        pass(Duration.ofHours(23));
        assertThat(lines("raised", Promise.MODEL_NOT_DELETED))
                .as("no line while it lasts")
                .hasSize(1);
        assertThat(mails(Promise.MODEL_NOT_DELETED))
                .as("no second mail within the day")
                .hasSize(1);
        pass(Duration.ofHours(2));
        assertThat(mails(Promise.MODEL_NOT_DELETED)).as("one mail a day").hasSize(2);

        k.vendor().unreachable(false);
        pass(Duration.ofHours(1));

        assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(raised(Promise.MODEL_NOT_DELETED)).isEmpty();
        assertThat(lines("cleared", Promise.MODEL_NOT_DELETED))
                .singleElement()
                .asString()
                .contains(j.order.toString());
        assertThat(auditedAbout(order)).containsOnlyOnce(AuditAction.ALARM_CLEARED);
        pass(Duration.ofDays(2));
        assertThat(mails(Promise.MODEL_NOT_DELETED)).as("no mail once cleared").hasSize(2);
        assertThat(lines("cleared", Promise.MODEL_NOT_DELETED)).hasSize(1);
    }

    @Test
    @Tag("R20")
    void a_privacy_request_raises_its_alarm_five_days_before_it_is_due_and_clears_when_answered() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        // A request received by post, recorded as it arrived: nothing answers it by itself.
        PrivacyRequest request = k.stores
                .privacyRequests()
                .save(PrivacyRequest.receive(
                        new PrivacyRequestId(UUID.randomUUID()),
                        j.account,
                        RequestKind.ACCESS,
                        Channel.POSTAL,
                        k.clock.instant(),
                        k.settings.calendar(),
                        List.of()));
        Duration untilAlarm = Duration.between(
                k.clock.instant(), request.dueBy(k.settings.calendar()).minus(Duration.ofDays(5)));

        k.clock.advance(untilAlarm.minusSeconds(1));
        assertThat(k.alarms.check().started()).isZero();
        k.clock.advance(Duration.ofSeconds(1));
        CheckAlarms.Report first = k.alarms.check();
        CheckAlarms.Report second = k.alarms.check();
        k.runDueJobs();

        assertThat(first.started()).isEqualTo(1);
        assertThat(second.started()).isZero();
        assertThat(raised(Promise.REQUEST_DUE))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(Subject.of("privacy_request", request.id())));
        assertThat(lines("raised", Promise.REQUEST_DUE))
                .singleElement()
                .asString()
                .contains(request.id().toString())
                .contains("R20");
        assertThat(mails(Promise.REQUEST_DUE)).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo(TestKaptura.ALARM_CONTACT);
            assertThat(m.alarm().detail()).contains("access request").contains("due by");
        });

        pass(Duration.ofDays(7));
        assertThat(raised(Promise.REQUEST_DUE)).as("overdue: still raised").hasSize(1);
        assertThat(lines("raised", Promise.REQUEST_DUE)).hasSize(1);
        assertThat(mails(Promise.REQUEST_DUE))
                .as("one mail a day for 7 days and the first")
                .hasSize(8);

        k.stores
                .privacyRequests()
                .save(k.request(request.id()).complete(k.clock.instant()).orElseThrow());
        k.alarms.check();
        k.alarms.check();

        assertThat(raised(Promise.REQUEST_DUE)).isEmpty();
        assertThat(lines("cleared", Promise.REQUEST_DUE)).hasSize(1);
    }

    @Test
    @Tag("R42")
    void a_minors_erasure_not_done_72_hours_after_the_flag_raises_its_alarm_named_by_the_request_until_it_is_done() {
        Journey j = new Journey(k, "kid@example.com").training();
        k.vendor().unreachable(true);
        FlagMinor.Outcome flagged = k.flagMinor.handle(
                new FlagMinor.Command(j.account, MinorFlag.Source.PARENT_OR_GUARDIAN, "a parent wrote to support"));
        PrivacyRequestId erasure = ((FlagMinor.Outcome.Flagged) flagged).erasure();

        pass(Duration.ofHours(71));
        assertThat(raised(Promise.MINOR_NOT_ERASED)).isEmpty();
        pass(Duration.ofHours(1));

        assertThat(raised(Promise.MINOR_NOT_ERASED))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(Subject.of("privacy_request", erasure)));
        assertThat(lines("raised", Promise.MINOR_NOT_ERASED))
                .singleElement()
                .asString()
                .contains(erasure.toString())
                .contains("R42")
                .doesNotContain(j.account.toString())
                .doesNotContain("kid@");
        assertThat(mails(Promise.MINOR_NOT_ERASED)).hasSize(1);

        k.vendor().unreachable(false);
        pass(Duration.ofHours(2));

        assertThat(k.stores.accounts().find(j.account).orElseThrow().status()).isEqualTo(AccountStatus.ERASED);
        assertThat(raised(Promise.MINOR_NOT_ERASED)).isEmpty();
        assertThat(lines("raised", Promise.MINOR_NOT_ERASED)).hasSize(1);
        assertThat(lines("cleared", Promise.MINOR_NOT_ERASED)).hasSize(1);
        assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains(j.account.toString()) || m.contains("@"));
    }

    @Test
    @Tag("R48")
    void a_job_failing_for_long_raises_its_alarm_then_the_dead_job_raises_another_until_it_is_scheduled_again() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        k.vendor().unreachable(true);
        j.pay();
        k.runDueJobs();
        Job submission = k.stores.jobs().scheduled(JobKind.SUBMIT_TRAINING).getFirst();
        Subject job = Subject.of("job", "SUBMIT_TRAINING:" + submission.key());

        pass(Duration.ofMinutes(70));
        assertThat(raised(Promise.JOB_FAILING)).as("fewer than 10 failures").isEmpty();
        assertThat(raised(Promise.ORDER_STALLED))
                .as("paid an hour ago and not moving")
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(Subject.of("order", j.order)));
        pass(Duration.ofMinutes(60)); // the 10th failure comes about two hours in
        assertThat(raised(Promise.JOB_FAILING)).singleElement().satisfies(a -> {
            assertThat(a.subject()).isEqualTo(job);
            assertThat(a.detail()).contains("failures in a row");
        });
        assertThat(lines("raised", Promise.JOB_FAILING)).singleElement();

        pass(Duration.ofHours(
                13)); // 20 retries are over: a submission gives up (it neither deletes, erases nor refunds)
        assertThat(k.stores.jobs().dead()).extracting(Job::key).containsExactly(submission.key());
        assertThat(raised(Promise.JOB_FAILING)).isEmpty();
        assertThat(lines("cleared", Promise.JOB_FAILING)).hasSize(1);
        assertThat(raised(Promise.JOB_DEAD))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(job));
        assertThat(mails(Promise.JOB_DEAD)).hasSize(1);

        k.vendor().unreachable(false);
        pass(Duration.ofHours(2));
        assertThat(raised(Promise.JOB_DEAD))
                .as("nothing schedules a dead job but an operator")
                .hasSize(1);
        k.stores.jobs().enqueue(new Job(submission.kind(), submission.key(), submission.payload(), k.clock.instant()));
        pass(Duration.ofMinutes(5));

        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        assertThat(raised(Promise.JOB_DEAD)).isEmpty();
        assertThat(lines("cleared", Promise.JOB_DEAD)).hasSize(1);
        assertThat(raised(Promise.ORDER_STALLED)).as("training began just now").isEmpty();
        assertThat(lines("raised", Promise.ORDER_STALLED)).hasSize(1);
        assertThat(lines("cleared", Promise.ORDER_STALLED)).hasSize(1);
    }

    @Test
    @Tag("R10")
    void selfies_not_deleted_an_hour_after_they_were_due_raise_their_alarm_until_they_are_gone() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.clock.advance(Duration.ofDays(7));
        k.alarms.check();
        assertThat(raised(Promise.SELFIES_PAST_DUE))
                .as("due now: the sweep has an hour")
                .isEmpty();

        k.clock.advance(Duration.ofHours(1)); // and no sweep ran
        k.alarms.check();
        assertThat(raised(Promise.SELFIES_PAST_DUE)).singleElement().satisfies(a -> {
            assertThat(a.subject()).isEqualTo(Subject.of("order", j.order));
            assertThat(a.detail()).contains("8 selfies due at").contains("not yet marked");
        });
        k.runDueJobs(); // its mail

        k.retention.handle(); // marked, but the deletion job is lost before it runs
        k.stores.jobs().clear();
        k.clock.advance(Duration.ofHours(2));
        k.alarms.check();
        assertThat(raised(Promise.SELFIES_PAST_DUE))
                .as("still held, now pending")
                .hasSize(1);
        assertThat(lines("raised", Promise.SELFIES_PAST_DUE)).hasSize(1);

        k.retention.handle(); // R48: the sweep queues the lost deletion again
        k.runDueJobs();
        k.alarms.check();

        assertThat(j.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(raised(Promise.SELFIES_PAST_DUE)).isEmpty();
        assertThat(lines("cleared", Promise.SELFIES_PAST_DUE)).hasSize(1);
        assertThat(mails(Promise.SELFIES_PAST_DUE)).hasSize(1);
    }

    @Test
    void without_a_contact_an_alarm_is_still_raised_counted_and_logged_but_mailed_to_nobody() {
        TestKaptura quiet = TestKaptura.withoutAlarmMail().withPolicy();
        new Journey(quiet, "ada@example.com").signIn().order().upload(8);
        quiet.clock.advance(Duration.ofDays(7).plusHours(1));

        CheckAlarms.Report report = quiet.alarms.check();
        quiet.runDueJobs();
        quiet.clock.advance(Duration.ofDays(2));
        quiet.alarms.check();
        quiet.runDueJobs();

        assertThat(report.started()).isEqualTo(1);
        assertThat(report.mailed()).isZero();
        assertThat(quiet.alarms.raisedByPromise())
                .containsEntry(Promise.SELFIES_PAST_DUE, 1)
                .containsEntry(Promise.JOB_DEAD, 0)
                .hasSize(Promise.values().length);
        assertThat(lines("raised", Promise.SELFIES_PAST_DUE)).hasSize(1);
        assertThat(quiet.mailer.delivered()).noneMatch(Mail.PromiseAtRisk.class::isInstance);
        assertThat(quiet.stores.jobs().scheduled(JobKind.SEND_EMAIL)).isEmpty();
    }

    @Test
    void an_alarm_mail_is_not_sent_for_an_alarm_that_cleared_before_its_job_ran() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.clock.advance(Duration.ofDays(7).plusHours(1));
        k.alarms.check();
        k.retention.handle();
        k.runDueJobs(); // the deletion ran first; the mail job, queued with the alarm, now finds it still raised
        assertThat(mails(Promise.SELFIES_PAST_DUE)).hasSize(1);

        Journey other = new Journey(k, "bob@example.com").signIn().order().upload(8);
        k.clock.advance(Duration.ofDays(7).plusHours(1));
        k.alarms.check();
        List<Job> queued = k.stores.jobs().scheduled(JobKind.SEND_EMAIL).stream()
                .filter(job -> job.payload().startsWith("ALARM "))
                .toList();
        k.stores.jobs().clear();
        k.retention.handle();
        k.runDueJobs();
        k.alarms.check(); // cleared
        queued.forEach(k.stores.jobs()::enqueue);
        k.runDueJobs();

        assertThat(other.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(raised(Promise.SELFIES_PAST_DUE)).isEmpty();
        assertThat(mails(Promise.SELFIES_PAST_DUE))
                .as("the second alarm cleared before its mail went")
                .hasSize(1);
    }
}
