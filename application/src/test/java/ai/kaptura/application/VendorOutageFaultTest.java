package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.testing.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The AI vendor is down for 36 hours of simulated time while people withdraw consent, ask for erasure and wait for
 * their headshots. Deletions keep being retried, at most an hour apart, and none is given up (R48); the promises at
 * risk raise their alarms while it is down, each logged once and mailed once a day, and all clear once it is back (R49).
 */
@Tag("faults")
@Tag("R48")
@Tag("R49")
class VendorOutageFaultTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    /** A node at work: due jobs, the overdue-callback poll, the sweep and the alarm check, every five minutes. */
    private void pass(Duration time) {
        k.pass(time, k.overdue::pollOverdue, k.retention::handle, k.alarms::check);
    }

    private List<Mail.PromiseAtRisk> alarmMails(Alarm alarm) {
        return k.mailer.deliveredTo(TestKaptura.ALARM_CONTACT).stream()
                .filter(Mail.PromiseAtRisk.class::isInstance)
                .map(Mail.PromiseAtRisk.class::cast)
                .filter(m -> m.alarm().key().equals(alarm.key()))
                .toList();
    }

    @Test
    void deletions_outlast_a_36_hour_vendor_outage_and_the_alarms_fire_while_it_lasts_and_clear_after() {
        new Journey(k, "ada@example.com").delivered();
        Journey bob = new Journey(k, "bob@example.com").paid();
        Journey cleo = new Journey(k, "cleo@example.com").paid();
        Journey dan = new Journey(k, "dan@example.com").paid();
        k.runDueJobs();
        cleo.trainingFinishes();
        k.runDueJobs();
        List<ModelRef> models = List.of(bob.model(), cleo.model(), dan.model());

        try (CapturedLog log = CapturedLog.of(AlarmService.class)) {
            k.vendor().unreachable(true);
            Instant down = k.clock.instant();
            k.withdraw.handle(new WithdrawConsent.Command(bob.account, Language.ENGLISH));
            var erasure = k.erase.erase(cleo.account);

            pass(Duration.ofHours(36));

            // R48: the deletions are still scheduled, tried within the hour, never given up.
            Instant now = k.clock.instant();
            List<Job> deletions = k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL);
            assertThat(deletions)
                    .extracting(Job::payload)
                    .containsExactlyInAnyOrder(bob.order.toString(), cleo.order.toString());
            assertThat(deletions).allSatisfy(job -> {
                assertThat(job.runAt()).isBeforeOrEqualTo(now.plus(Duration.ofHours(1)));
                assertThat(k.stores.jobs().failuresInARow(job.kind(), job.key()))
                        .isGreaterThan(40);
            });
            assertThat(k.stores.jobs().dead()).isEmpty();
            assertThat(bob.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionRequested.class);
            assertThat(bob.current().selfies()).as("our own vault was up").allMatch(Selfie.Deleted.class::isInstance);
            assertThat(k.isOpen(erasure.request())).as("waits for the vendor").isTrue();

            // R49: one alarm per deletion failing, and for the order that cannot move; each logged once, mailed once a
            // day.
            List<Alarm> raised = k.stores.alarms().raised();
            assertThat(raised)
                    .extracting(Alarm::promise, Alarm::subject)
                    .containsExactlyInAnyOrder(
                            tuple(Promise.ORDER_STALLED, Subject.of("order", dan.order)),
                            tuple(
                                    Promise.JOB_FAILING,
                                    Subject.of("job", "DELETE_VENDOR_MODEL:delete-model:" + bob.order)),
                            tuple(
                                    Promise.JOB_FAILING,
                                    Subject.of("job", "DELETE_VENDOR_MODEL:delete-model:" + cleo.order)));
            assertThat(raised).allSatisfy(a -> {
                assertThat(a.raisedAt()).isBefore(down.plus(Duration.ofHours(3)));
                assertThat(alarmMails(a)).as("at the start and a day later").hasSize(2);
            });
            assertThat(k.alarms.raisedByPromise())
                    .containsEntry(Promise.JOB_FAILING, 2)
                    .containsEntry(Promise.ORDER_STALLED, 1)
                    .containsEntry(Promise.JOB_DEAD, 0);
            assertThat(log.messages(Level.WARNING))
                    .filteredOn(m -> m.startsWith("Alarm raised: "))
                    .hasSize(3);
            assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.startsWith("Alarm cleared: "));

            k.vendor().unreachable(false);
            pass(Duration.ofHours(2));

            for (ModelRef model : models) {
                assertThat(k.vendor().trainingImagesOf(model))
                        .as("the vendor holds nothing of " + model)
                        .isEmpty();
            }
            assertThat(bob.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
            assertThat(k.stores.accounts().find(cleo.account).orElseThrow().status())
                    .isEqualTo(AccountStatus.ERASED);
            assertThat(dan.current().status())
                    .as("24 hours in training: failed, and refunded")
                    .isIn(OrderStatus.FAILED, OrderStatus.REFUNDED);
            assertThat(dan.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
            assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL)).isEmpty();
            assertThat(k.stores.alarms().raised()).isEmpty();
            assertThat(log.messages(Level.WARNING))
                    .filteredOn(m -> m.startsWith("Alarm cleared: "))
                    .hasSize(3);
            assertThat(log.messages(Level.WARNING))
                    .filteredOn(m -> m.startsWith("Alarm raised: "))
                    .hasSize(3);
            assertThat(log.messages(Level.WARNING)).noneMatch(m -> m.contains("@"));
            assertThat(raised)
                    .allSatisfy(a ->
                            assertThat(alarmMails(a)).as("none once cleared").hasSize(2));
        }
    }
}
