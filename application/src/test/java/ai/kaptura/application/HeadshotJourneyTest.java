package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.pipeline.MailJob;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.ports.in.ListHeadshots;
import ai.kaptura.ports.in.PollGenerator;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePhotoSanitizer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole journey on the fakes: R10, R14, R15, R17, R43, R46 end to end through the use cases. */
class HeadshotJourneyTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    @Tag("R10")
    @Tag("R15")
    @Tag("R43")
    void delivered_order_keeps_marked_headshots_and_deletes_its_selfies_with_evidence() throws IOException {
        Journey j = new Journey(k, "ada@example.com").delivered();

        Order order = j.current();
        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.headshots()).hasSize(8);
        assertThat(order.selfies()).hasSize(8).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(k.vault.countOf(j.account))
                .as("only the headshots are left in the vault")
                .isEqualTo(8);
        for (Headshot headshot : order.headshots()) {
            ListHeadshots.File file = k.orders.open(j.account, headshot.id()).orElseThrow();
            byte[] bytes;
            try (InputStream in = file.content()) {
                bytes = in.readAllBytes();
            }
            assertThat(FakePhotoSanitizer.xmpProperty(bytes, AiMarker.XMP_PROPERTY))
                    .contains(AiMarker.DIGITAL_SOURCE_TYPE);
            assertThat(ai.kaptura.domain.shared.Digest.sha256(bytes)).isEqualTo(headshot.sha256());
        }
        assertThat(k.mailer.latest(Mail.HeadshotsReady.class, j.email)).isPresent();
    }

    @Test
    @Tag("R14")
    void delivery_requests_vendor_model_deletion_and_confirms_it_only_when_the_vendor_says_gone() {
        Journey j = new Journey(k, "ada@example.com").delivered();

        VendorModel model = j.current().model().orElseThrow();
        assertThat(model).isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(k.vendor().trainingImagesOf(model.ref())).isEmpty();
        assertThat(actions()).containsSubsequence(AuditAction.ORDER_DELIVERED, AuditAction.MODEL_DELETION_CONFIRMED);
    }

    @Test
    @Tag("R14")
    void a_vendor_that_keeps_the_model_is_retried_and_raises_the_alarm_at_30_days() {
        Journey j = new Journey(k, "ada@example.com").training();
        j.trainingFinishes();
        k.vendor().keepDespiteDeletion(j.model());
        k.runDueJobs();
        j.generationFinishes();
        k.runDueJobs();

        assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionRequested.class);
        assertThat(k.failedJobs).anyMatch(f -> f.startsWith("DELETE_VENDOR_MODEL"));
        k.alarms.check();
        assertThat(k.stores.alarms().raised()).noneMatch(a -> a.promise() == Promise.MODEL_NOT_DELETED);

        k.clock.advance(java.time.Duration.ofDays(30));
        k.alarms.check();
        assertThat(k.stores.alarms().raised())
                .filteredOn(a -> a.promise() == Promise.MODEL_NOT_DELETED)
                .singleElement()
                .satisfies(a -> assertThat(a.subject()).isEqualTo(Subject.of("order", j.order)));
        assertThat(actions()).contains(AuditAction.ALARM_RAISED).doesNotContain(AuditAction.MODEL_DELETION_ALARM);
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL))
                .as("still retried, R48")
                .hasSize(1);
    }

    @Test
    @Tag("R17")
    void selfies_leave_only_through_the_generator_with_the_guards_permit_and_without_personal_data() {
        Journey j = new Journey(k, "ada@example.com").training();

        FakeHeadshotGenerator vendor = k.vendor();
        assertThat(vendor.modelsTrained()).isEqualTo(1);
        assertThat(vendor.trainingImagesOf(j.model())).hasSize(8);
        assertThat(String.join("\n", vendor.sentToVendor()))
                .doesNotContain("ada@example.com")
                .doesNotContain(j.account.toString());
        assertThat(j.current().selfies()).allMatch(Selfie.SentToVendor.class::isInstance);
    }

    @Test
    @Tag("R37")
    void no_job_payload_and_no_processor_request_holds_the_email() {
        Journey j = new Journey(k, "ada@example.com").delivered();

        assertThat(k.stores.jobs().scheduled()).extracting(Job::payload).noneMatch(p -> p.contains("ada@"));
        assertThat(String.join("\n", k.paymentProcessor.sentToProcessor())).doesNotContain("ada@example.com");
        assertThat(j.current().status()).isEqualTo(OrderStatus.DELIVERED);
    }

    @Test
    @Tag("R46")
    void every_step_is_in_an_audit_chain_that_verifies_and_holds_no_email() {
        new Journey(k, "ada@example.com").delivered();

        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
        List<AuditEntry> entries = k.stores.auditLog().read(1, 10_000);
        assertThat(entries).hasSizeGreaterThan(20);
        assertThat(entries)
                .allSatisfy(e -> assertThat(new String(AuditChain.canonical(e.sequence(), e.event())))
                        .doesNotContain("@"));
        assertThat(actions())
                .contains(
                        AuditAction.ACCOUNT_OPENED,
                        AuditAction.SELFIE_UPLOADED,
                        AuditAction.CONSENT_GRANTED,
                        AuditAction.PAYMENT_CONFIRMED,
                        AuditAction.SELFIES_SENT_TO_VENDOR,
                        AuditAction.MODEL_TRAINED,
                        AuditAction.HEADSHOT_STORED,
                        AuditAction.ORDER_DELIVERED,
                        AuditAction.SELFIE_DELETED);
    }

    @Test
    void a_lost_callback_does_not_leave_the_order_stuck_the_status_poll_completes_it() {
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator vendor = k.vendor();
        vendor.finishTraining(j.model());
        k.pipeline.poll(j.order); // no callback ever came
        k.runDueJobs();
        vendor.finishGenerating(j.model());
        k.pipeline.poll(j.order);
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.DELIVERED);
    }

    @Test
    @Tag("R10")
    @Tag("R15")
    void when_no_callback_ever_arrives_the_overdue_poll_still_delivers_the_order() {
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator vendor = k.vendor();
        vendor.finishTraining(j.model());

        assertThat(k.overdue.pollOverdue().polled())
                .as("within the grace, the callback is not overdue yet")
                .isZero();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);

        k.clock.advance(TestKaptura.CALLBACK_GRACE.plusSeconds(1));
        PollGenerator.Report trained = k.overdue.pollOverdue();
        assertThat(trained.polled()).isEqualTo(1);
        assertThat(trained.advanced()).isEqualTo(1);
        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);
        k.runDueJobs();
        vendor.finishGenerating(j.model());

        k.clock.advance(TestKaptura.CALLBACK_GRACE.plusSeconds(1));
        assertThat(k.overdue.pollOverdue().advanced())
                .as("one event per style")
                .isEqualTo(j.current().styles().size());
        k.runDueJobs();

        assertThat(j.current().status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(j.current().headshots()).isNotEmpty();
        assertThat(j.current().liveSelfies()).isEmpty();
        assertThat(k.overdue.pollOverdue().polled())
                .as("a delivered order is never looked up again")
                .isZero();
    }

    @Test
    @Tag("R10")
    void an_order_the_vendor_never_finishes_fails_after_the_limit_is_refunded_and_loses_its_selfies() {
        Journey j = new Journey(k, "ada@example.com").training();

        k.clock.advance(TestKaptura.GIVE_UP_AFTER.minusMinutes(1));
        assertThat(k.overdue.pollOverdue()).isEqualTo(new PollGenerator.Report(1, 0, 0, 0));
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);

        k.clock.advance(Duration.ofMinutes(2));
        assertThat(k.overdue.pollOverdue().gaveUp()).isEqualTo(1);
        k.runDueJobs();

        assertThat(j.current().status()).isIn(OrderStatus.FAILED, OrderStatus.REFUNDED);
        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(j.current().liveSelfies()).isEmpty();
        assertThat(k.overdue.pollOverdue().polled()).isZero();
        // The mail tells the truth about the money: refunded only once the processor confirmed it.
        Mail.OrderFailed failed = k.mailer.delivered().stream()
                .filter(Mail.OrderFailed.class::isInstance)
                .map(Mail.OrderFailed.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(failed.refund()).isIn(Mail.Refund.UNDER_WAY, Mail.Refund.REFUNDED);
    }

    @Test
    void the_failure_mail_says_refunded_only_once_the_processor_confirmed_the_refund() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        Order draft = j.current();
        j.checkOut().pay();
        k.runDueJobs();
        Order paid = j.current();
        assertThat(paid.payment()).isPresent();

        Order failed = paid.fail("the vendor gave up", k.clock.instant());

        assertThat(MailJob.refund(draft)).isEqualTo(Mail.Refund.NOT_CHARGED);
        assertThat(MailJob.refund(failed)).isEqualTo(Mail.Refund.UNDER_WAY);
        assertThat(MailJob.refund(failed.refunded(k.clock.instant()))).isEqualTo(Mail.Refund.REFUNDED);
    }

    @Test
    void a_duplicated_callback_changes_nothing() {
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator.Callback callback = k.trainingFinished(j.model());
        k.callBack(callback);
        long version = j.current().version();

        assertThat(k.callBack(callback)).isInstanceOf(ai.kaptura.ports.in.ReceiveGeneratorEvent.Outcome.Ignored.class);
        assertThat(j.current().version()).isEqualTo(version);
    }

    @Test
    void a_forged_callback_is_rejected_and_changes_nothing() {
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator.Callback real = k.trainingFinished(j.model());
        long version = j.current().version();

        assertThat(k.pipeline.handle(real.token(), real.body(), java.util.Map.of()))
                .isInstanceOf(ai.kaptura.ports.in.ReceiveGeneratorEvent.Outcome.Rejected.class);
        assertThat(j.current().version()).isEqualTo(version);
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
    }

    private List<AuditAction> actions() {
        return k.stores.auditLog().read(1, 10_000).stream()
                .map(e -> e.event().action())
                .toList();
    }
}
