package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.common.JobRequest;
import ai.kaptura.application.common.JobRequest.ConsentHoldStep;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Mail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R9 over time: a paid order held for renewed consent after a material policy change. The person is emailed once when
 * the hold begins, reminded once a week later, and after fourteen days the order is cancelled and refunded, its selfies
 * (and any vendor model) deleted, the person told why, the cancellation audited under R9. Renewing ends it; a newer
 * material version begins a hold of its own. Clock-driven: the test moves the clock and turns the job pump.
 */
@Tag("R9")
class ConsentHoldScenariosTest {

    private static final NoticeVersion V2 = new NoticeVersion("2026-04");
    private static final NoticeVersion V3 = new NoticeVersion("2026-05");

    private final TestKaptura k = new TestKaptura().withPolicy();
    private final Journey j = new Journey(k, "ada@example.com");

    @Test
    void a_paid_order_held_for_renewed_consent_is_told_once_at_once_what_changed_where_to_renew_and_until_when() {
        Instant heldAt = heldBeforeTraining();

        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
        assertThat(renewalMails()).singleElement().satisfies(mail -> {
            assertThat(mail.round()).isEqualTo(Mail.Round.FIRST);
            assertThat(mail.order()).isEqualTo(j.order);
            assertThat(mail.renewBy()).isEqualTo(heldAt.plus(Duration.ofDays(14)));
            assertThat(mail.link()).isEqualTo(k.settings.url("/orders/" + j.order));
            assertThat(mail.whatChanged()).isEqualTo("Version " + V2);
        });
        assertThat(entries(AuditAction.EMAIL_SENT))
                .filteredOn(e -> e.event().rule() == Rule.R9)
                .hasSize(1);

        k.stores
                .jobs()
                .enqueue(new Job(JobKind.SUBMIT_TRAINING, "submit-again", j.order.toString(), k.clock.instant()));
        k.clock.advance(Duration.ofDays(1));
        k.runDueJobs();

        assertThat(renewalMails())
                .as("refused again, a day later: still one notice")
                .hasSize(1);
        assertThat(entries(AuditAction.PROCESSING_BLOCKED)).hasSize(2);
        assertThat(entries(AuditAction.EMAIL_SENT))
                .filteredOn(e -> e.event().rule() == Rule.R9)
                .hasSize(1);
    }

    @Test
    void a_week_into_the_hold_the_person_is_reminded_once() {
        Instant heldAt = heldBeforeTraining();

        k.clock.advance(Duration.ofDays(7).minusMinutes(1));
        k.runDueJobs();
        assertThat(renewalMails()).hasSize(1);
        k.clock.advance(Duration.ofMinutes(1));
        k.runDueJobs();
        k.clock.advance(Duration.ofDays(3));
        k.runDueJobs();

        assertThat(renewalMails())
                .extracting(Mail.ConsentRenewalNeeded::round)
                .containsExactly(Mail.Round.FIRST, Mail.Round.REMINDER);
        assertThat(renewalMails().getLast().renewBy()).isEqualTo(heldAt.plus(Duration.ofDays(14)));
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    @Tag("R10")
    void fourteen_days_into_the_hold_the_order_is_cancelled_refunded_its_selfies_deleted_and_the_person_told_why() {
        heldBeforeTraining();

        k.clock.advance(Duration.ofDays(14).minusMinutes(1));
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
        k.clock.advance(Duration.ofMinutes(1));
        k.runDueJobs();

        assertThat(j.current().status()).isIn(OrderStatus.CANCELLED, OrderStatus.REFUNDED);
        assertThat(j.current().selfies()).hasSize(8).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(k.vendor().modelsTrained())
                .as("nothing ever went to the vendor")
                .isZero();
        assertThat(k.mailer.latest(Mail.ConsentRenewalLapsed.class, j.email)).hasValueSatisfying(mail -> {
            assertThat(mail.order()).isEqualTo(j.order);
            assertThat(mail.refund()).isIn(Mail.Refund.UNDER_WAY, Mail.Refund.REFUNDED);
        });
        assertThat(entries(AuditAction.ORDER_CANCELLED)).singleElement().satisfies(e -> {
            assertThat(e.event().rule()).isEqualTo(Rule.R9);
            assertThat(e.event().details())
                    .containsEntry("reason", "consent-not-renewed")
                    .containsEntry("policy_version", V2.value());
        });

        k.clock.advance(Duration.ofDays(30));
        k.runDueJobs();
        assertThat(entries(AuditAction.ORDER_CANCELLED)).hasSize(1);
        assertThat(k.mailer.deliveredTo(j.email))
                .filteredOn(Mail.ConsentRenewalLapsed.class::isInstance)
                .hasSize(1);
    }

    @Test
    void renewing_within_the_window_ends_the_hold_no_reminder_and_no_cancellation() {
        heldBeforeTraining();
        k.clock.advance(Duration.ofDays(3));

        assertThat(renew(V2)).isInstanceOf(CheckOut.Outcome.Ready.class);
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        k.clock.advance(Duration.ofDays(12));
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        assertThat(renewalMails()).extracting(Mail.ConsentRenewalNeeded::round).containsExactly(Mail.Round.FIRST);
        assertThat(k.mailer.latest(Mail.ConsentRenewalLapsed.class, j.email)).isEmpty();
        assertThat(entries(AuditAction.ORDER_CANCELLED)).isEmpty();
    }

    @Test
    @Tag("R14")
    void an_order_held_before_generation_follows_the_same_fourteen_days_not_the_vendors_twenty_four_hours() {
        heldBeforeGeneration();
        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);
        assertThat(renewalMails())
                .singleElement()
                .satisfies(mail -> assertThat(mail.round()).isEqualTo(Mail.Round.FIRST));

        k.clock.advance(TestKaptura.GIVE_UP_AFTER.plusHours(1));
        assertThat(k.overdue.pollOverdue().gaveUp())
                .as("a day on hold is not the vendor's delay")
                .isZero();
        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);
        k.clock.advance(Duration.ofDays(13));
        k.runDueJobs();
        k.overdue.pollOverdue();
        k.runDueJobs();

        assertThat(j.current().status()).isIn(OrderStatus.CANCELLED, OrderStatus.REFUNDED);
        assertThat(entries(AuditAction.ORDER_FAILED)).isEmpty();
        assertThat(entries(AuditAction.ORDER_CANCELLED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().rule()).isEqualTo(Rule.R9));
        assertThat(j.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(j.current().model().orElseThrow())
                .as("the trained model is gone from the vendor")
                .isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(renewalMails())
                .extracting(Mail.ConsentRenewalNeeded::round)
                .containsExactly(Mail.Round.FIRST, Mail.Round.REMINDER);
        assertThat(k.mailer.latest(Mail.ConsentRenewalLapsed.class, j.email)).isPresent();
    }

    @Test
    void after_a_late_renewal_before_generation_the_vendor_has_its_twenty_four_hours_from_the_renewal() {
        heldBeforeGeneration();
        k.clock.advance(Duration.ofDays(3));

        assertThat(renew(V2)).isInstanceOf(CheckOut.Outcome.Ready.class);
        k.runDueJobs();
        k.clock.advance(Duration.ofHours(1));
        assertThat(k.overdue.pollOverdue().gaveUp())
                .as("the vendor was asked an hour ago")
                .isZero();
        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);

        k.clock.advance(TestKaptura.GIVE_UP_AFTER);
        assertThat(k.overdue.pollOverdue().gaveUp()).isEqualTo(1);
        assertThat(entries(AuditAction.ORDER_FAILED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().details().get("reason"))
                        .contains("the AI vendor did not finish generating"));
    }

    @Test
    void a_newer_material_version_while_the_order_waits_begins_a_hold_of_its_own_with_a_new_window() {
        Instant heldAt = heldBeforeTraining();
        publish(V3, heldAt.plus(Duration.ofDays(3)));

        k.clock.advance(Duration.ofDays(7));
        k.runDueJobs();
        assertThat(renewalMails())
                .extracting(Mail.ConsentRenewalNeeded::whatChanged)
                .containsExactly("Version " + V2, "Version " + V3);
        assertThat(renewalMails().getLast().round())
                .as("a new notice, not a reminder of the old one")
                .isEqualTo(Mail.Round.FIRST);
        assertThat(renewalMails().getLast().renewBy()).isEqualTo(heldAt.plus(Duration.ofDays(21)));

        k.clock.advance(Duration.ofDays(7));
        k.runDueJobs();
        assertThat(j.current().status())
                .as("the first window no longer decides")
                .isEqualTo(OrderStatus.PAID);

        k.clock.advance(Duration.ofDays(7));
        k.runDueJobs();
        assertThat(j.current().status()).isIn(OrderStatus.CANCELLED, OrderStatus.REFUNDED);
        assertThat(entries(AuditAction.ORDER_CANCELLED))
                .singleElement()
                .satisfies(e -> assertThat(e.event().details()).containsEntry("policy_version", V3.value()));
    }

    @Test
    void the_hold_begins_once_and_each_step_acts_once_however_often_it_runs() {
        Instant heldAt = heldBeforeTraining();

        assertThat(k.holds.begin(j.order))
                .as("seen again, on this node or another")
                .isEmpty();
        assertThat(k.stores.jobs().scheduled(JobKind.CONSENT_HOLD))
                .extracting(Job::key)
                .containsExactlyInAnyOrder(
                        "consent-hold:REMIND:" + j.order + ":" + V2, "consent-hold:CANCEL:" + j.order + ":" + V2);
        k.clock.advance(Duration.ofDays(14));
        ConsentHoldStep remind = new ConsentHoldStep(j.order, V2, heldAt, ConsentHoldStep.Step.REMIND);
        ConsentHoldStep cancel = new ConsentHoldStep(j.order, V2, heldAt, ConsentHoldStep.Step.CANCEL);
        k.jobs.run(JobRequests.consentHold(remind));
        k.jobs.run(JobRequests.consentHold(remind));
        k.jobs.run(JobRequests.consentHold(cancel));
        k.jobs.run(JobRequests.consentHold(cancel));
        k.runDueJobs();

        assertThat(renewalMails())
                .extracting(Mail.ConsentRenewalNeeded::round)
                .containsExactly(Mail.Round.FIRST, Mail.Round.REMINDER);
        assertThat(entries(AuditAction.ORDER_CANCELLED)).hasSize(1);
        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(JobRequest.decode(
                        JobKind.CONSENT_HOLD, JobRequests.consentHold(cancel).payload()))
                .isEqualTo(cancel);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Checks out under V1, V2 (material) takes effect, then the person pays: the order is held. Answers when. */
    private Instant heldBeforeTraining() {
        j.signIn().order().upload(8).checkOut();
        publish(V2, TestKaptura.START.plus(Duration.ofHours(1)));
        k.clock.advance(Duration.ofHours(2));
        j.pay();
        Instant heldAt = k.clock.instant();
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.PAID);
        return heldAt;
    }

    private void publish(NoticeVersion version, Instant effective) {
        assertThat(k.policies.publish(TestKaptura.policyVersion(version, effective, true)))
                .isInstanceOf(PublishPolicy.Outcome.Published.class);
    }

    private CheckOut.Outcome renew(NoticeVersion version) {
        return k.checkout.renew(new CheckOut.Command(j.account, j.order, true, true, true, version, Language.ENGLISH));
    }

    private List<Mail.ConsentRenewalNeeded> renewalMails() {
        return k.mailer.deliveredTo(j.email).stream()
                .filter(Mail.ConsentRenewalNeeded.class::isInstance)
                .map(Mail.ConsentRenewalNeeded.class::cast)
                .toList();
    }

    private List<AuditEntry> entries(AuditAction action) {
        return k.stores.auditLog().read(1, 10_000).stream()
                .filter(e -> e.event().action() == action)
                .toList();
    }

    /** A new policy took effect while the vendor trained, so the trained order is held for renewal before generation. */
    private void heldBeforeGeneration() {
        j.training();
        publish(V2, k.clock.instant().plus(Duration.ofHours(1)));
        k.clock.advance(Duration.ofHours(2));
        j.trainingFinishes();
        k.runDueJobs();
    }
}
