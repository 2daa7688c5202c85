package ai.kaptura.domain.retention;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.order.Order;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The BIPA cap: biometric data goes at last interaction + 3 years at the latest, unless a legal hold suspends it: R11, R2. */
class BiometricCapTest {

    private final Fixtures f = new Fixtures();
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

    /** A paid order nothing else ever ends: its purpose never completes. */
    private final Order paid = Fixtures.paid(f.draft(8), paidAt);

    private final Account account = f.account.touch(paidAt);
    private final Instant cap =
            paidAt.atZone(ZoneOffset.UTC).plus(Period.ofYears(3)).toInstant();

    private BiometricRetention.Situation situation(Order order, Optional<LegalHold> hold) {
        return Fixtures.situation(order, account, List.of(), hold);
    }

    @Test
    @Tag("R11")
    void a_selfie_whose_purpose_never_ends_is_due_three_years_after_the_last_interaction() {
        assertThat(cap).isEqualTo(Instant.parse("2029-03-15T10:10:00Z"));
        assertThat(policy.dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(situation(paid, Optional.empty()))))
                .contains(cap);
        assertThat(BiometricRetention.nextDue(situation(paid, Optional.empty()), policy))
                .contains(cap);

        Order dayBefore =
                BiometricRetention.apply(situation(paid, Optional.empty()), policy, cap.minus(Duration.ofDays(1)));
        Order secondBefore = BiometricRetention.apply(situation(paid, Optional.empty()), policy, cap.minusSeconds(1));
        assertThat(dayBefore.liveSelfies()).hasSize(8);
        assertThat(secondBefore.liveSelfies()).hasSize(8);

        Order atCap = BiometricRetention.apply(situation(paid, Optional.empty()), policy, cap);
        assertThat(atCap.liveSelfies()).isEmpty();
        Fixtures.assertSelfiesPendingDeletion(atCap, DeletionReason.ABSOLUTE_CAP_REACHED);
    }

    @Test
    @Tag("R11")
    void the_cap_counts_from_the_latest_interaction() {
        Instant later = paidAt.plus(Duration.ofDays(100));
        Account touched = account.touch(later).touch(paidAt);

        assertThat(touched.lastInteractionAt()).isEqualTo(later);
        assertThat(policy.dueAt(
                        DataCategory.SELFIE,
                        BiometricRetention.selfieFacts(Fixtures.situation(paid, touched, List.of(), Optional.empty()))))
                .contains(later.atZone(ZoneOffset.UTC).plusYears(3).toInstant());
    }

    @Test
    @Tag("R11")
    void the_earlier_of_purpose_satisfied_and_the_cap_wins() {
        Instant trainedAt = paidAt.plus(Duration.ofHours(1));
        Instant deliveredAt = paidAt.plus(Duration.ofHours(2));
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);

        RetentionPolicy.Verdict verdict = policy.verdict(
                DataCategory.SELFIE, BiometricRetention.selfieFacts(situation(delivered, Optional.empty())));

        assertThat(verdict).isInstanceOfSatisfying(RetentionPolicy.Verdict.DueAt.class, due -> {
            assertThat(due.at()).isEqualTo(deliveredAt);
            assertThat(due.rule().trigger()).isEqualTo(Trigger.HEADSHOTS_DELIVERED);
        });
    }

    @Test
    @Tag("R11")
    void a_legal_hold_suspends_the_cap() {
        LegalHold hold = new LegalHold(
                LegalHold.Basis.SUBPOENA, "Cook County Circuit Court 2028-L-001234", paidAt.plus(Duration.ofDays(400)));
        BiometricRetention.Situation held = situation(paid, Optional.of(hold));

        RetentionPolicy.Verdict verdict = policy.verdict(DataCategory.SELFIE, BiometricRetention.selfieFacts(held));

        assertThat(verdict).isInstanceOfSatisfying(RetentionPolicy.Verdict.Held.class, h -> {
            assertThat(h.hold()).isEqualTo(hold);
            assertThat(h.wouldBeDueAt()).isEqualTo(cap);
            assertThat(h.rule().trigger()).isEqualTo(Trigger.LAST_INTERACTION);
        });
        assertThat(policy.dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(held)))
                .isEmpty();
        assertThat(BiometricRetention.nextDue(held, policy)).isEmpty();
        assertThat(BiometricRetention.apply(held, policy, cap.plus(Duration.ofDays(365)))
                        .liveSelfies())
                .hasSize(8);
    }

    @Test
    @Tag("R11")
    void a_legal_hold_needs_a_warrant_or_subpoena_and_a_reference() {
        assertThatThrownBy(() -> new LegalHold(null, "case 1", NOW)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LegalHold(LegalHold.Basis.WARRANT, " ", NOW))
                .isInstanceOf(ai.kaptura.domain.shared.InvalidInput.class);
    }

    @Test
    @Tag("R2")
    @Tag("R11")
    @Tag("R14")
    void the_vendor_model_is_biometric_capped_at_three_years_and_before_that_at_30_days_even_untrained() {
        Order training = Fixtures.training(f.draft(8), paidAt);
        Instant requested = training.model().orElseThrow().requestedAt();

        assertThat(DataCategory.VENDOR_MODEL.isBiometric()).isTrue();
        assertThat(DataCategory.SELFIE.isBiometric()).isTrue();
        assertThat(policy.rulesFor(DataCategory.VENDOR_MODEL))
                .anyMatch(r -> r.trigger() == ai.kaptura.domain.retention.Trigger.LAST_INTERACTION
                        && r.rules().contains(ai.kaptura.domain.rule.Rule.R11));
        assertThat(policy.dueAt(
                        DataCategory.VENDOR_MODEL,
                        BiometricRetention.modelFacts(situation(training, Optional.empty()))))
                .as("a model whose training never finished is due 30 days after the request, long before the cap")
                .contains(requested.plus(Duration.ofDays(30)));

        Order atDeadline = BiometricRetention.apply(
                situation(training, Optional.empty()), policy, requested.plus(Duration.ofDays(30)));

        Fixtures.assertModelDeletionRequested(atDeadline, DeletionReason.VENDOR_MODEL_MAX_AGE);
        assertThat(atDeadline.liveSelfies())
                .as("the selfies' own rules are unchanged by the model's")
                .hasSize(8);
        assertThat(BiometricRetention.apply(situation(training, Optional.empty()), policy, cap)
                        .liveSelfies())
                .isEmpty();
    }
}
