package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.common.JobRequests;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Vendor events as a restart leaves them: a callback the vendor (or the sandbox resuming after a restart) sends again
 * changes nothing once it acted, and one that came before the order was in its stage still acts when it comes again.
 */
class GeneratorEventsTest {

    @Test
    void a_callback_delivered_twice_changes_nothing_the_second_time() {
        TestKaptura k = new TestKaptura().withPolicy();
        Journey j = new Journey(k, "ada@example.com").training();
        FakeHeadshotGenerator.Callback callback = k.trainingFinished(j.model());
        assertThat(k.callBack(callback)).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        Order once = j.current();
        List<Job> jobsOnce = k.stores.jobs().scheduled();
        int auditOnce = k.stores.auditLog().read(1, 10_000).size();

        ReceiveGeneratorEvent.Outcome again = k.callBack(callback);

        assertThat(again).isInstanceOf(ReceiveGeneratorEvent.Outcome.Ignored.class);
        assertThat(j.current()).isEqualTo(once);
        assertThat(k.stores.jobs().scheduled()).isEqualTo(jobsOnce);
        assertThat(k.stores.auditLog().read(1, 10_000)).hasSize(auditOnce);
        assertThat(once.status()).isEqualTo(OrderStatus.GENERATING);
    }

    @Test
    void
            a_training_the_vendor_finished_before_the_order_recorded_it_moves_the_order_on_when_its_callback_comes_again() {
        TestKaptura k = new TestKaptura(
                        c -> FakeHeadshotGenerator.finishingAtOnce("generator-secret", c),
                        c -> new FakePaymentGateway("whsec_test", c),
                        List.of())
                .withPolicy();
        Journey j = new Journey(k, "ada@example.com").paid();
        // The submission reached the vendor, which trained at once, and the node stopped before the order said so.
        FakeHeadshotGenerator vendor = k.vendor();
        ModelRef model = vendor.train(trainingOf(k, j));
        FakeHeadshotGenerator.Callback callback = vendor.trainingFinishedCallback(model);
        assertThat(k.callBack(callback))
                .as("too early: the order is still paid")
                .isInstanceOf(ReceiveGeneratorEvent.Outcome.Ignored.class);
        k.runDueJobs();
        assertThat(j.current().status()).isEqualTo(OrderStatus.TRAINING);
        assertThat(j.model())
                .as("the vendor's one model, by the same idempotency key")
                .isEqualTo(model);

        ReceiveGeneratorEvent.Outcome again = k.callBack(callback);

        assertThat(again).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        assertThat(j.current().status()).isEqualTo(OrderStatus.GENERATING);
        assertThat(k.callBack(callback)).isInstanceOf(ReceiveGeneratorEvent.Outcome.Ignored.class);
    }

    @Test
    void the_pipelines_jobs_for_an_order_erased_while_they_waited_do_nothing_and_are_not_retried() {
        TestKaptura k = new TestKaptura().withPolicy();
        Journey j = new Journey(k, "ada@example.com").generating();
        FakeHeadshotGenerator vendor = k.vendor();
        vendor.finishGenerating(j.model());
        // The images are ready, but the vendor is down when their collection runs: it waits for its retry...
        vendor.unreachable(true);
        for (StyleId style : j.current().styles()) {
            FakeHeadshotGenerator.Callback ready = vendor.imagesReadyCallback(j.model(), style);
            assertThat(k.callBack(ready)).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        }
        k.runDueJobs();
        assertThat(k.stores.jobs().scheduled(JobKind.COLLECT_HEADSHOTS)).hasSize(2);
        // ...while the person erases the account, which closes as soon as the vendor is back and has deleted the model.
        vendor.unreachable(false);
        var erasure = k.erase.erase(j.account);
        k.runDueJobs();
        assertThat(k.erasure.run(erasure.request())).as("erased").isTrue();
        assertThat(k.book.find(j.order)).isEmpty();
        k.failedJobs.clear();

        k.clock.advance(Duration.ofMinutes(1));
        k.runDueJobs();
        Instant now = k.clock.instant();
        k.jobs.run(new Job(JobKind.SUBMIT_TRAINING, "submit-training:" + j.order + ":3", j.order.toString(), now));
        k.jobs.run(JobRequests.requestGeneration(j.order, now));

        assertThat(k.failedJobs)
                .as("nothing is left to process: not an error to retry until it dies")
                .isEmpty();
        assertThat(k.stores.jobs().scheduled(JobKind.COLLECT_HEADSHOTS)).isEmpty();
        assertThat(k.stores.jobs().dead()).isEmpty();
    }

    @Test
    void
            a_model_the_vendor_made_for_an_order_withdrawn_before_it_learned_of_it_is_deleted_once_the_vendor_calls_back() {
        TestKaptura k = new TestKaptura().withPolicy();
        Journey j = new Journey(k, "ada@example.com").paid();
        // The submission reached the vendor, but its answer was lost; before the retry, the person withdraws consent.
        FakeHeadshotGenerator vendor = k.vendor();
        ModelRef model = vendor.train(trainingOf(k, j));
        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        k.runDueJobs();
        assertThat(j.current().model()).as("the order never learned of it").isEmpty();
        assertThat(vendor.trainingImagesOf(model)).isNotEmpty();

        FakeHeadshotGenerator.Callback trained = k.trainingFinished(model);
        ReceiveGeneratorEvent.Outcome outcome = k.callBack(trained);
        k.runDueJobs();

        assertThat(outcome).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        assertThat(j.current().status()).isIn(OrderStatus.CANCELLED, OrderStatus.REFUNDED);
        assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(j.current().model().orElseThrow().ref()).isEqualTo(model);
        assertThat(vendor.trainingImagesOf(model))
                .as("the vendor holds nothing of the person (R7, R14)")
                .isEmpty();
        assertThat(k.callBack(trained))
                .as("the callback again changes nothing")
                .isInstanceOf(ReceiveGeneratorEvent.Outcome.Ignored.class);
    }

    @Test
    @Tag("R14")
    @Tag("R27")
    void
            a_model_the_vendor_made_for_an_account_erased_before_the_order_learned_of_it_is_deleted_once_the_vendor_calls_back() {
        TestKaptura k = new TestKaptura().withPolicy();
        Journey j = new Journey(k, "ada@example.com").paid();
        // The submission reached the vendor, but its answer was lost; before the retry, the person erases the account.
        FakeHeadshotGenerator vendor = k.vendor();
        ModelRef model = vendor.train(trainingOf(k, j));
        var erasure = k.erase.erase(j.account);
        k.runDueJobs();
        assertThat(k.isOpen(erasure.request())).isFalse();
        assertThat(k.stores.orders().find(j.order)).as("the order is erased").isEmpty();
        assertThat(vendor.trainingImagesOf(model)).isNotEmpty();

        FakeHeadshotGenerator.Callback trained = k.trainingFinished(model);
        ReceiveGeneratorEvent.Outcome outcome = k.callBack(trained);
        k.runDueJobs();

        assertThat(outcome).isInstanceOf(ReceiveGeneratorEvent.Outcome.Applied.class);
        assertThat(vendor.trainingImagesOf(model))
                .as("the vendor holds nothing of the erased person (R14, R27)")
                .isEmpty();
        assertThat(k.stores.auditLog().read(1, 10_000))
                .filteredOn(e -> e.event().action() == AuditAction.MODEL_DELETION_CONFIRMED)
                .singleElement()
                .satisfies(e -> assertThat(e.event().subject().id()).isEqualTo(model.value()));
        assertThat(k.callBack(trained))
                .as("the callback again changes nothing")
                .isInstanceOf(ReceiveGeneratorEvent.Outcome.Ignored.class);
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
    }

    private static HeadshotGenerator.Training trainingOf(TestKaptura k, Journey j) {
        Order order = j.current();
        SelfieReadPermit permit = BiometricGuard.forVendorTraining(
                        k.book.account(j.account),
                        order,
                        k.book.consent(order),
                        k.policies.history(),
                        k.clock.instant())
                .orElseThrow();
        return new HeadshotGenerator.Training(
                j.order,
                permit,
                List.of(new HeadshotGenerator.Selfie(
                        "selfie-1.jpg", () -> new ByteArrayInputStream(new byte[] {1, 2, 3}))),
                k.settings.subjectClass(),
                "train:" + j.order);
    }
}
