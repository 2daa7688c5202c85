package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R48, the sweep's half: a deletion, an erasure or a refund that is due and has no live job — its job was lost, or
 * gave up before R48 held — is queued again by the retention sweep, once, and then done.
 */
@Tag("R48")
class StrandedDeletionsTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    @Test
    void selfies_due_for_deletion_whose_job_was_lost_are_queued_again_once_and_then_deleted() {
        Journey j = new Journey(k, "ada@example.com").signIn().order().upload(8);
        k.clock.advance(Duration.ofDays(7));
        k.retention.handle();
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_SELFIES)).hasSize(1);
        k.stores.jobs().clear(); // the job is lost: a node died before it ran, a row was removed by hand

        assertThat(k.retention.handle().jobsRequeued()).isEqualTo(1);
        assertThat(k.retention.handle().jobsRequeued()).as("never twice").isZero();
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_SELFIES)).hasSize(1);
        k.runDueJobs();

        assertThat(j.current().selfies()).allMatch(Selfie.Deleted.class::isInstance);
        assertThat(k.vault.countOf(j.account)).isZero();
        assertThat(k.retention.handle().jobsRequeued()).isZero();
    }

    @Test
    void a_model_deletion_whose_job_died_is_revived_by_the_sweep_under_its_own_key() {
        Journey j = new Journey(k, "ada@example.com").generating();
        k.vendor().unreachable(true);
        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        k.runDueJobs();
        Job deletion = k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL).getFirst();
        // As the scheduler did before R48: after its last retry the job was kept as dead, and nothing else ran it.
        k.stores.jobs().recordDead(deletion, 21, "The vendor cannot be reached", k.clock.instant());
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL)).isEmpty();

        assertThat(k.retention.handle().jobsRequeued()).isEqualTo(1);
        assertThat(k.stores.jobs().scheduled(JobKind.DELETE_VENDOR_MODEL))
                .singleElement()
                .satisfies(job -> assertThat(job.key()).isEqualTo(deletion.key()));
        assertThat(k.retention.handle().jobsRequeued()).isZero();
        k.vendor().unreachable(false);
        k.runDueJobs();

        assertThat(j.current().model().orElseThrow()).isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(k.stores.jobs().dead()).isEmpty();
    }

    @Test
    void an_open_erasure_whose_job_was_lost_is_queued_again_once_and_completes() {
        Journey j = new Journey(k, "ada@example.com").signIn();
        PrivacyRequestId request = k.erase.erase(j.account).request();
        k.stores.jobs().clear();

        assertThat(k.retention.handle().jobsRequeued()).isEqualTo(1);
        assertThat(k.retention.handle().jobsRequeued()).as("never twice").isZero();
        assertThat(k.stores.jobs().scheduled(JobKind.ERASE_ACCOUNT))
                .singleElement()
                .satisfies(job -> assertThat(job.payload()).isEqualTo(request.toString()));
        k.runDueJobs();

        assertThat(k.isOpen(request)).isFalse();
        assertThat(k.retention.handle().jobsRequeued()).isZero();
    }

    @Test
    void a_refund_whose_job_was_lost_is_queued_again_but_not_once_the_processor_accepted_it() {
        Journey j = new Journey(k, "ada@example.com").paid();
        k.withdraw.handle(new WithdrawConsent.Command(j.account, Language.ENGLISH));
        assertThat(j.current().needsRefund()).isTrue();
        k.stores.jobs().clear();

        assertThat(k.retention.handle().jobsRequeued())
                .as("the refund and the selfie deletion")
                .isEqualTo(2);
        assertThat(k.stores.jobs().scheduled(JobKind.REFUND_PAYMENT))
                .singleElement()
                .satisfies(job -> assertThat(job.key())
                        .isEqualTo("refund:" + j.order + ":"
                                + j.current().payment().orElseThrow()));
        k.runDueJobs();

        assertThat(k.paymentProcessor.refundsOf(j.current().payment().orElseThrow()))
                .hasSize(1);
        assertThat(j.current().status())
                .as("the processor has not confirmed it yet")
                .isEqualTo(OrderStatus.CANCELLED);
        assertThat(k.retention.handle().jobsRequeued())
                .as("accepted by the processor: it waits for the confirmation")
                .isZero();
        assertThat(k.stores.jobs().scheduled(JobKind.REFUND_PAYMENT)).isEmpty();
    }
}
