package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.MailDeliveryUnsure;
import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.MailOutage;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.testing.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R49: mail the email processor will not take for a while — its sending quota is reached — or whose delivery its
 * answer leaves unsure, is held in the shared {@link MailHolds}, raises an alarm while held, and is never dropped: it
 * is handed over again when it may be, under the same idempotency key. Every clock here is simulated.
 */
@Tag("R49")
class MailHoldScenariosTest {

    private static final String PROCESSOR = "resend";

    private final TestKaptura k = new TestKaptura(
                    c -> new FakeHeadshotGenerator("generator-secret", c),
                    c -> new FakePaymentGateway("whsec_test", c),
                    List.of(),
                    Optional.of(PROCESSOR))
            .withPolicy();
    private final CapturedLog alarmLog = CapturedLog.of(AlarmService.class);
    private final CapturedLog mailLog = CapturedLog.of(RegisteredMailer.class);

    /** What Resend's adapter throws for a quota reached (the port's marker on an IllegalStateException). */
    static final class QuotaReached extends IllegalStateException implements MailOutage {
        private final Instant resumeAt;

        QuotaReached(Instant resumeAt) {
            super("HTTP 429 daily_quota_exceeded");
            this.resumeAt = resumeAt;
        }

        @Override
        public Instant resumeAt() {
            return resumeAt;
        }
    }

    /** What Resend's adapter throws for 409 invalid_idempotent_request. */
    static final class Unsure extends IllegalStateException implements MailDeliveryUnsure {
        private final Instant retryFrom;

        Unsure(Instant retryFrom) {
            super("HTTP 409 invalid_idempotent_request");
            this.retryFrom = retryFrom;
        }

        @Override
        public Instant retryFrom() {
            return retryFrom;
        }
    }

    MailHoldScenariosTest() {
        k.stores
                .processors()
                .register(new Processor(
                        PROCESSOR,
                        "Plus Five Five, Inc. (Resend)",
                        "email",
                        EnumSet.of(DataCategory.ACCOUNT),
                        "US",
                        Optional.of(ai.kaptura.domain.processor.TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES),
                        "DPA-7"));
    }

    @AfterEach
    void stopCapturing() {
        alarmLog.close();
        mailLog.close();
    }

    private void pass(Duration time) {
        k.pass(time, k.alarms::check);
    }

    private List<Alarm> raised(Promise promise) {
        return k.stores.alarms().raised().stream()
                .filter(a -> a.promise() == promise)
                .toList();
    }

    private List<Mail.OrderConfirmed> confirmations() {
        return k.mailer.delivered().stream()
                .filter(Mail.OrderConfirmed.class::isInstance)
                .map(Mail.OrderConfirmed.class::cast)
                .toList();
    }

    /** The order confirmations audited as sent for the order. */
    private long confirmationsSentAbout(Subject subject) {
        return k.stores.auditLog().about(subject.id(), 1_000).stream()
                .map(AuditEntry::event)
                .filter(e -> e.subject().equals(subject) && e.action() == AuditAction.EMAIL_SENT)
                .filter(e -> "ORDER_CONFIRMED".equals(e.details().get("kind")))
                .count();
    }

    @Test
    void a_quota_reached_holds_every_mail_asks_the_processor_once_raises_one_alarm_and_loses_no_mail() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        Instant resumeAt = k.clock.instant().plus(Duration.ofHours(1));
        k.mailProcessorAnswer.set(m -> new QuotaReached(resumeAt));
        int askedBefore = k.mailProcessorAsked.get();

        j.pay();
        k.runDueJobs();
        k.alarms.check();
        k.runDueJobs();

        assertThat(confirmations()).isEmpty();
        assertThat(k.mailProcessorAsked.get() - askedBefore)
                .as("asked once: the hold keeps every other message back")
                .isEqualTo(1);
        assertThat(k.mailHolds.find(MailHolds.Reason.QUOTA_REACHED, PROCESSOR))
                .hasValueSatisfying(h -> assertThat(h.until()).isEqualTo(resumeAt));
        assertThat(raised(Promise.MAIL_QUOTA_REACHED))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(Subject.of("processor", PROCESSOR)));
        assertThat(alarmLog.messages(Level.WARNING))
                .filteredOn(l -> l.startsWith("Alarm raised: mail_quota_reached (R49)"))
                .hasSize(1);
        assertThatThrownBy(() -> k.signIn.start(new SignIn.Start(new EmailAddress("grace@example.com"))))
                .as("a sign-in code cannot be sent meanwhile")
                .isInstanceOf(RegisteredMailer.MailPaused.class);
        assertThat(k.mailProcessorAsked.get() - askedBefore).isEqualTo(1);
        assertThat(k.failedJobs)
                .as("a held mail waits; its job does not fail")
                .noneMatch(f -> f.startsWith("SEND_EMAIL"));

        pass(Duration.ofMinutes(50));
        assertThat(k.mailProcessorAsked.get() - askedBefore)
                .as("nothing asked before the quota may allow")
                .isEqualTo(1);

        k.mailProcessorAnswer.set(m -> null);
        pass(Duration.ofMinutes(15));

        assertThat(confirmations())
                .singleElement()
                .satisfies(m -> assertThat(m.idempotencyKey()).isEqualTo("email:ORDER_CONFIRMED:" + j.order));
        assertThat(confirmationsSentAbout(Subject.of("order", j.order))).isEqualTo(1);
        assertThat(k.mailHolds.held(10)).isEmpty();
        assertThat(raised(Promise.MAIL_QUOTA_REACHED)).isEmpty();
        assertThat(alarmLog.messages(Level.WARNING))
                .filteredOn(l -> l.startsWith("Alarm cleared: mail_quota_reached"))
                .hasSize(1);
        assertThat(k.mailer.deliveredTo(TestKaptura.ALARM_CONTACT))
                .as("the alarm's own mail waited too, and went")
                .filteredOn(m -> m instanceof Mail.PromiseAtRisk p && p.alarm().promise() == Promise.MAIL_QUOTA_REACHED)
                .hasSize(1);
    }

    @Test
    void a_quota_that_lasts_keeps_the_mail_waiting_as_long_as_it_takes_and_the_alarm_raised() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        k.mailProcessorAnswer.set(m -> new QuotaReached(k.clock.instant().plus(Duration.ofHours(6))));

        j.pay();
        pass(Duration.ofDays(3));

        assertThat(confirmations()).isEmpty();
        assertThat(k.stores.jobs().dead())
                .as("waiting is not failing: no mail job gives up")
                .isEmpty();
        assertThat(raised(Promise.MAIL_QUOTA_REACHED)).hasSize(1);
        assertThat(k.mailProcessorAsked.get())
                .as("about every six hours, not every few seconds")
                .isBetween(12, 15);

        k.mailProcessorAnswer.set(m -> null);
        pass(Duration.ofHours(7));

        assertThat(confirmations()).hasSize(1);
        assertThat(raised(Promise.MAIL_QUOTA_REACHED)).isEmpty();
    }

    @Test
    void
            an_unsure_delivery_is_not_counted_as_sent_alarms_and_is_sent_again_under_its_key_once_the_processor_forgot_it() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8).checkOut();
        Instant retryFrom = k.clock.instant().plus(Duration.ofHours(24));
        k.mailProcessorAnswer.set(m -> m instanceof Mail.OrderConfirmed ? new Unsure(retryFrom) : null);
        String key = "email:ORDER_CONFIRMED:" + j.order;

        j.pay();
        k.runDueJobs();
        k.alarms.check();

        assertThat(confirmations()).isEmpty();
        assertThat(confirmationsSentAbout(Subject.of("order", j.order)))
                .as("never counted as sent")
                .isZero();
        Subject mail = Subject.of("mail", Digest.sha256(key).hex());
        assertThat(raised(Promise.MAIL_DELIVERY_UNSURE))
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(mail));
        assertThat(mailLog.messages(Level.WARNING))
                .singleElement()
                .asString()
                .contains("may not have been delivered")
                .doesNotContain("@")
                .doesNotContain(key);

        k.mailProcessorAnswer.set(m -> null);
        pass(Duration.ofHours(23));
        assertThat(confirmations())
                .as("the processor refuses the key for 24 hours: nothing is asked before")
                .isEmpty();

        pass(Duration.ofHours(1).plusMinutes(10));

        assertThat(confirmations())
                .singleElement()
                .satisfies(m -> assertThat(m.idempotencyKey()).isEqualTo(key));
        assertThat(confirmationsSentAbout(Subject.of("order", j.order))).isEqualTo(1);
        assertThat(raised(Promise.MAIL_DELIVERY_UNSURE)).isEmpty();
        assertThat(k.mailHolds.held(10)).isEmpty();
    }

    @Test
    void an_unsure_delivery_nobody_will_send_again_stops_alarming_a_day_after_it_was_due() {
        Instant retryFrom = k.clock.instant().plus(Duration.ofHours(24));
        k.mailHolds.hold(new MailHolds.Hold(
                MailHolds.Reason.DELIVERY_UNSURE,
                Digest.sha256("sign-in:expired").hex(),
                k.clock.instant(),
                retryFrom,
                "its key was used before with another body; delivery unknown"));

        k.alarms.check();
        assertThat(raised(Promise.MAIL_DELIVERY_UNSURE)).hasSize(1);

        k.clock.advance(Duration.ofHours(48).minusMinutes(1));
        k.alarms.check();
        assertThat(raised(Promise.MAIL_DELIVERY_UNSURE))
                .as("still within a day of when it was due")
                .hasSize(1);

        k.clock.advance(Duration.ofMinutes(1));
        k.alarms.check();
        assertThat(raised(Promise.MAIL_DELIVERY_UNSURE)).isEmpty();
    }
}
