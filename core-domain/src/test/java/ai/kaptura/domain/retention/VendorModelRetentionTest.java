package ai.kaptura.domain.retention;

import static ai.kaptura.domain.Fixtures.MODEL;
import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The vendor's model: deletion requested after delivery, confirmed only by the vendor, alarmed at 30 days: R14, R2. */
class VendorModelRetentionTest {

    private final Fixtures f = new Fixtures();
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final Instant trainedAt = paidAt.plus(Duration.ofHours(1));
    private final Instant deliveredAt = paidAt.plus(Duration.ofHours(2));
    private final RetentionPolicy policy = RetentionPolicy.standard(Duration.ofHours(6));

    @Test
    @Tag("R14")
    @Tag("R2")
    void vendor_model_deletion_is_requested_at_delivery() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);

        Order swept = BiometricRetention.apply(f.situation(delivered, List.of()), policy, deliveredAt);

        assertThat(swept.model()).get().isInstanceOfSatisfying(VendorModel.DeletionRequested.class, m -> {
            assertThat(m.reason()).isEqualTo(DeletionReason.HEADSHOTS_DELIVERED);
            assertThat(m.deletionRequestedAt()).isEqualTo(deliveredAt);
            assertThat(m.trainedAt()).contains(trainedAt);
            assertThat(m.attempts()).isZero();
        });
        // the 6-hour selfie margin does not apply to the model
        assertThat(swept.liveSelfies()).hasSize(8);
    }

    @Test
    @Tag("R14")
    void a_model_never_delivered_is_due_thirty_days_after_training() {
        Order generating = f.generating(f.draft(8), paidAt, trainedAt);
        Instant due = trainedAt.plus(Duration.ofDays(30));

        assertThat(policy.dueAt(
                        DataCategory.VENDOR_MODEL, BiometricRetention.modelFacts(f.situation(generating, List.of()))))
                .contains(due);
        assertThat(BiometricRetention.apply(f.situation(generating, List.of()), policy, due.minusSeconds(1))
                        .model())
                .get()
                .isInstanceOf(VendorModel.Trained.class);
        assertThat(BiometricRetention.apply(f.situation(generating, List.of()), policy, due)
                        .model())
                .get()
                .isInstanceOfSatisfying(
                        VendorModel.DeletionRequested.class,
                        m -> assertThat(m.reason()).isEqualTo(DeletionReason.VENDOR_MODEL_MAX_AGE));
    }

    @Test
    @Tag("R14")
    void an_unconfirmed_model_raises_the_alarm_at_thirty_days_after_training() {
        VendorModel.Trained trained = new VendorModel.Requested(MODEL, paidAt).trained(trainedAt);

        assertThat(trained.deletionDeadline()).isEqualTo(trainedAt.plus(Duration.ofDays(30)));
        assertThat(trained.needsAlarm(trainedAt.plus(Duration.ofDays(29)))).isFalse();
        assertThat(trained.needsAlarm(trainedAt.plus(Duration.ofDays(30)).minusSeconds(1)))
                .isFalse();
        assertThat(trained.needsAlarm(trainedAt.plus(Duration.ofDays(30)))).isTrue();

        VendorModel.DeletionRequested requested =
                trained.requestDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt);
        assertThat(requested.needsAlarm(trainedAt.plus(Duration.ofDays(29)))).isFalse();
        assertThat(requested.needsAlarm(trainedAt.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    @Tag("R14")
    void a_confirmed_deletion_raises_no_alarm() {
        VendorModel.DeletionConfirmed confirmed = new VendorModel.Requested(MODEL, paidAt)
                .trained(trainedAt)
                .requestDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt)
                .confirmed(Fixtures.modelEvidence(MODEL, deliveredAt.plusSeconds(60)));

        assertThat(confirmed.isDeletionConfirmed()).isTrue();
        assertThat(confirmed.needsAlarm(trainedAt.plus(Duration.ofDays(30)))).isFalse();
        assertThat(confirmed.needsAlarm(trainedAt.plus(Duration.ofDays(400)))).isFalse();
    }

    @Test
    @Tag("R14")
    void a_failed_deletion_attempt_leaves_the_model_unconfirmed_and_retried() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        Order requested = delivered.requestModelDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt);

        Order afterTwoFailures = requested
                .modelDeletionAttemptFailed(deliveredAt.plus(Duration.ofHours(1)))
                .modelDeletionAttemptFailed(deliveredAt.plus(Duration.ofHours(2)));

        assertThat(afterTwoFailures.model()).get().isInstanceOfSatisfying(VendorModel.DeletionRequested.class, m -> {
            assertThat(m.isDeletionConfirmed()).isFalse();
            assertThat(m.attempts()).isEqualTo(2);
            assertThat(m.lastAttemptAt()).contains(deliveredAt.plus(Duration.ofHours(2)));
            assertThat(m.needsAlarm(trainedAt.plus(Duration.ofDays(30)))).isTrue();
        });
        // asking again changes nothing, and the sweep does not ask again either
        assertThat(afterTwoFailures.requestModelDeletion(
                        DeletionReason.CONSENT_WITHDRAWN, deliveredAt.plus(Duration.ofDays(1))))
                .isEqualTo(afterTwoFailures);
        assertThat(BiometricRetention.apply(
                                f.situation(afterTwoFailures, List.of()), policy, deliveredAt.plus(Duration.ofDays(1)))
                        .model())
                .isEqualTo(afterTwoFailures.model());

        Order confirmed = afterTwoFailures.modelDeletionConfirmed(
                Fixtures.modelEvidence(MODEL, deliveredAt.plus(Duration.ofHours(3))));
        assertThat(confirmed.model()).get().isInstanceOf(VendorModel.DeletionConfirmed.class);
        assertThat(confirmed.modelDeletionConfirmed(
                        Fixtures.modelEvidence(MODEL, deliveredAt.plus(Duration.ofHours(4)))))
                .isEqualTo(confirmed);
    }

    @Test
    @Tag("R14")
    void only_the_vendors_gone_for_this_model_confirms_its_deletion() {
        VendorModel.DeletionRequested requested = new VendorModel.Requested(MODEL, paidAt)
                .trained(trainedAt)
                .requestDeletion(DeletionReason.HEADSHOTS_DELIVERED, deliveredAt);

        assertThatThrownBy(() -> requested.confirmed(Fixtures.modelEvidence(new ModelRef("tune_other"), deliveredAt)))
                .isInstanceOf(DomainViolation.class);
        DeletionEvidence selfieEvidence = new DeletionEvidence(
                DataCategory.SELFIE,
                MODEL.value(),
                Location.PHOTO_VAULT,
                deliveredAt,
                DeletionReason.HEADSHOTS_DELIVERED,
                "deleted");
        assertThatThrownBy(() -> requested.confirmed(selfieEvidence)).isInstanceOf(DomainViolation.class);
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        assertThatThrownBy(() -> delivered.modelDeletionConfirmed(Fixtures.modelEvidence(MODEL, deliveredAt)))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> delivered.modelDeletionAttemptFailed(deliveredAt))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R14")
    void a_model_whose_training_never_finished_is_alarmed_thirty_days_after_the_request() {
        VendorModel.Requested requested = new VendorModel.Requested(MODEL, paidAt);

        assertThat(requested.deletionDeadline()).isEqualTo(paidAt.plus(Duration.ofDays(30)));
        assertThat(requested.needsAlarm(paidAt.plus(Duration.ofDays(30)))).isTrue();
        assertThat(requested.needsAlarm(paidAt.plus(Duration.ofDays(29)))).isFalse();
    }

    @Test
    @Tag("R14")
    @Tag("R7")
    void a_model_accepted_after_the_order_stopped_is_recorded_with_its_deletion_already_requested() {
        Order cancelled = Fixtures.paid(f.draft(8), paidAt)
                .stopProcessing(DeletionReason.CONSENT_WITHDRAWN, paidAt.plusSeconds(120));

        Order recorded = cancelled.modelCreatedAfterStop(MODEL, paidAt.plusSeconds(180));

        Fixtures.assertModelDeletionRequested(recorded, DeletionReason.CONSENT_WITHDRAWN);
        assertThat(recorded.liveSelfies()).isEmpty();
    }

    @Test
    @Tag("R14")
    void next_due_gives_the_earliest_instant_of_selfies_and_model() {
        Order generating = f.generating(f.draft(8), paidAt, trainedAt);
        assertThat(BiometricRetention.nextDue(f.situation(generating, List.of()), policy))
                .contains(trainedAt.plus(Duration.ofDays(30)));

        Order delivered = generating
                .headshotStored(f.headshot(Fixtures.STUDIO, deliveredAt))
                .deliver(deliveredAt);
        // the model is due at delivery, the selfies six hours later: the earlier one wins
        assertThat(BiometricRetention.nextDue(f.situation(delivered, List.of()), policy))
                .contains(deliveredAt);

        Order modelRequested = BiometricRetention.apply(f.situation(delivered, List.of()), policy, deliveredAt);
        assertThat(BiometricRetention.nextDue(f.situation(modelRequested, List.of()), policy))
                .contains(deliveredAt.plus(Duration.ofHours(6)));

        Order allDue = BiometricRetention.apply(
                f.situation(modelRequested, List.of()), policy, deliveredAt.plus(Duration.ofHours(6)));
        assertThat(BiometricRetention.nextDue(f.situation(allDue, List.of()), policy))
                .isEmpty();
    }
}
