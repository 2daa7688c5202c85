package ai.kaptura.domain.account;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.V1;
import static ai.kaptura.domain.Fixtures.assertRefused;
import static ai.kaptura.domain.Fixtures.assertRefusedWithoutRecords;
import static ai.kaptura.domain.Fixtures.boxes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.consent.ProcessingPolicy;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionFacts;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** 18+ attestation with its text version; a minor flag stops processing and makes erasure due in 72 h: R42. */
class MinorTest {

    private final Fixtures f = new Fixtures();
    private final Instant checkoutAt = NOW.plus(Duration.ofMinutes(5));
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final Instant flaggedAt = NOW.plus(Duration.ofDays(1));
    private final MinorFlag flag = new MinorFlag(
            flaggedAt, MinorFlag.Source.PARENT_OR_GUARDIAN, "A parent wrote that the account holder is 15");

    @Test
    @Tag("R42")
    void flagging_an_account_as_a_minor_stops_all_processing() {
        Fixtures.Consented consented = f.consented(checkoutAt, paidAt);
        Order paid = consented.paid();
        ConsentState consent = consented.state(paid);
        assertThat(f.processingRefusal(paid, consent, flaggedAt)).isEmpty();

        Account minor = f.account.flagAsMinor(flag);

        assertThat(minor.status()).isEqualTo(AccountStatus.FLAGGED_MINOR);
        assertThat(minor.mayProcess()).isFalse();
        assertThat(minor.minorFlag()).contains(flag);
        assertThat(ProcessingPolicy.check(minor, paid, consent, f.history(), flaggedAt))
                .map(Rejection::reason)
                .contains(Rejection.Reason.ACCOUNT_RESTRICTED);
    }

    @Test
    @Tag("R42")
    void a_minors_erasure_is_due_within_72_hours_of_the_flag() {
        assertThat(flag.erasureDeadline()).isEqualTo(flaggedAt.plus(Duration.ofHours(72)));
        assertThat(flag.erasureDeadline()).isEqualTo(Instant.parse("2026-03-19T10:00:00Z"));
    }

    @Test
    @Tag("R42")
    void a_minor_flag_makes_selfies_model_and_account_data_due_at_once() {
        Order training = Fixtures.training(f.draft(8), paidAt);
        Account minor = f.account.flagAsMinor(flag);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

        Order swept = BiometricRetention.apply(
                Fixtures.situation(training, minor, List.of(), Optional.empty()), policy, flaggedAt);

        Fixtures.assertSelfiesPendingDeletion(swept, DeletionReason.MINOR_FLAGGED);
        Fixtures.assertModelDeletionRequested(swept, DeletionReason.MINOR_FLAGGED);
        RetentionFacts flagged = RetentionFacts.none().and(Trigger.MINOR_FLAGGED, flaggedAt);
        for (DataCategory category : List.of(DataCategory.HEADSHOT, DataCategory.ACCOUNT, DataCategory.ORDER)) {
            assertThat(policy.dueAt(category, flagged)).as(category.name()).contains(flaggedAt);
        }
    }

    @Test
    @Tag("R42")
    void stopping_processing_for_a_minor_cancels_the_order_with_that_reason() {
        Order training = Fixtures.training(f.draft(8), paidAt);

        Order stopped = training.stopProcessing(DeletionReason.MINOR_FLAGGED, flaggedAt);

        assertThat(stopped.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stopped.history().getLast().why()).isEqualTo("account flagged as a minor's");
        assertThat(stopped.liveSelfies()).isEmpty();
    }

    @Test
    @Tag("R42")
    void checkout_without_the_adult_box_is_refused() {
        CheckoutConsent.Decision decision = f.checkout(f.account, f.draft(8), boxes(true, true, false), checkoutAt);

        assertRefusedWithoutRecords(decision, Rejection.Reason.ADULT_ATTESTATION_MISSING);
    }

    @Test
    @Tag("R42")
    void accepted_checkout_yields_an_age_attestation_with_the_text_version() {
        CheckoutConsent.Decision decision = f.checkout(f.account, f.draft(8), Fixtures.allTicked(), checkoutAt);

        assertThat(decision).isInstanceOfSatisfying(CheckoutConsent.Decision.Accepted.class, accepted -> {
            AgeAttestation attestation = accepted.attestation();
            assertThat(attestation.textVersion()).isEqualTo(V1);
            assertThat(attestation.where()).isEqualTo(AgeAttestation.Where.CHECKOUT);
            assertThat(attestation.at()).isEqualTo(checkoutAt);

            Account attested = f.account.attest(attestation);
            assertThat(attested.attestations()).containsExactly(attestation);
            assertThat(attested.lastInteractionAt()).isEqualTo(checkoutAt);
        });
    }

    @Test
    @Tag("R42")
    void a_flagged_account_cannot_check_out_or_attest() {
        Account minor = f.account.flagAsMinor(flag);
        Order draft = f.draft(8);

        CheckoutConsent.Decision decision = f.checkout(minor, draft, Fixtures.allTicked(), flaggedAt.plusSeconds(1));

        assertRefused(decision, Rejection.Reason.ACCOUNT_RESTRICTED);
        assertThatThrownBy(() -> minor.attest(new AgeAttestation(V1, AgeAttestation.Where.SIGN_UP, flaggedAt)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R42")
    void a_minor_flag_needs_a_reason_and_a_flagged_account_carries_it() {
        assertThatThrownBy(() -> new MinorFlag(flaggedAt, MinorFlag.Source.AUTHORITY, " "))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> f.accountAs(f.account.email(), AccountStatus.FLAGGED_MINOR))
                .isInstanceOf(DomainViolation.class);
    }
}
