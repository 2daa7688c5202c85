package ai.kaptura.domain.retention;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Selfies go when their purpose ends: delivery (with a margin of at most 24 h), failure, cancellation, refund, abandonment: R10. */
class SelfieRetentionTest {

    private final Fixtures f = new Fixtures();
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final Instant trainedAt = paidAt.plus(Duration.ofHours(1));
    private final Instant deliveredAt = paidAt.plus(Duration.ofHours(2));

    private Order apply(Order order, RetentionPolicy policy, Instant at) {
        return BiometricRetention.apply(f.situation(order, List.of()), policy, at);
    }

    private static void assertAllPending(Order order, DeletionReason reason, Instant since) {
        assertThat(order.liveSelfies()).isEmpty();
        assertThat(order.selfies())
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s).isInstanceOfSatisfying(Selfie.PendingDeletion.class, p -> {
                    assertThat(p.reason()).isEqualTo(reason);
                    assertThat(p.since()).isEqualTo(since);
                }));
    }

    @Test
    @Tag("R10")
    void delivered_order_makes_its_selfies_due_at_once() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

        assertThat(policy.dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(f.situation(delivered, List.of()))))
                .contains(deliveredAt);
        assertThat(apply(delivered, policy, deliveredAt.minusMillis(1)).liveSelfies())
                .hasSize(8);

        Order swept = apply(delivered, policy, deliveredAt);

        assertAllPending(swept, DeletionReason.HEADSHOTS_DELIVERED, deliveredAt);
        assertThat(swept.headshots()).hasSize(1);
    }

    @Test
    @Tag("R10")
    void with_a_six_hour_margin_selfies_are_due_six_hours_after_delivery() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ofHours(6));
        Instant due = deliveredAt.plus(Duration.ofHours(6));

        assertThat(policy.dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(f.situation(delivered, List.of()))))
                .contains(due);
        assertThat(apply(delivered, policy, due.minusSeconds(1)).liveSelfies()).hasSize(8);
        assertAllPending(apply(delivered, policy, due), DeletionReason.HEADSHOTS_DELIVERED, due);
    }

    @Test
    @Tag("R10")
    void a_selfie_margin_above_24_hours_or_below_zero_is_rejected() {
        assertThat(RetentionPolicy.standard(Duration.ofHours(24))).isNotNull();
        assertThatThrownBy(() -> RetentionPolicy.standard(Duration.ofHours(24).plusSeconds(1)))
                .isInstanceOf(DomainViolation.class)
                .hasMessageContaining("R10");
        assertThatThrownBy(() -> RetentionPolicy.standard(Duration.ofHours(25))).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> RetentionPolicy.standard(Duration.ofHours(-1))).isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R10")
    void an_abandoned_draft_makes_its_selfies_due_after_seven_days() {
        Order draft = f.draft(8);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);
        Instant sevenDays = draft.lastActivityAt().plus(Duration.ofDays(7));

        assertThat(apply(
                                draft,
                                policy,
                                draft.lastActivityAt().plus(Duration.ofDays(6)).plus(Duration.ofHours(23)))
                        .liveSelfies())
                .hasSize(8);
        assertThat(apply(draft, policy, sevenDays.minusSeconds(1)).liveSelfies())
                .hasSize(8);

        assertAllPending(apply(draft, policy, sevenDays), DeletionReason.DRAFT_ABANDONED, sevenDays);
    }

    @Test
    @Tag("R10")
    void activity_on_a_draft_restarts_its_seven_days() {
        Order draft = f.draft(8);
        Instant later = NOW.plus(Duration.ofDays(5));
        Order touched = Fixtures.ok(draft.addSelfie(f.selfie(later)));
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

        assertThat(touched.lastActivityAt()).isEqualTo(later);
        assertThat(apply(touched, policy, NOW.plus(Duration.ofDays(7))).liveSelfies())
                .hasSize(9);
        assertThat(apply(touched, policy, later.plus(Duration.ofDays(7))).liveSelfies())
                .isEmpty();
    }

    @Test
    @Tag("R10")
    void an_unpaid_checkout_is_abandoned_like_a_draft() {
        Instant checkoutAt = NOW.plus(Duration.ofHours(1));
        Order awaiting = Fixtures.awaitingPayment(f.draft(8), checkoutAt);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

        assertThat(apply(awaiting, policy, checkoutAt.plus(Duration.ofDays(7)).minusSeconds(1))
                        .liveSelfies())
                .hasSize(8);
        assertAllPending(
                apply(awaiting, policy, checkoutAt.plus(Duration.ofDays(7))),
                DeletionReason.DRAFT_ABANDONED,
                checkoutAt.plus(Duration.ofDays(7)));
    }

    static Stream<Arguments> endings() {
        BiFunction<Order, Instant, Order> fail = (o, at) -> o.fail("vendor rejected the training", at);
        BiFunction<Order, Instant, Order> cancel = (o, at) -> o.cancel("person cancelled", at);
        BiFunction<Order, Instant, Order> refund = (o, at) -> o.refunded(at);
        return Stream.of(
                Arguments.of("failed", fail), Arguments.of("cancelled", cancel), Arguments.of("refunded", refund));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    @Tag("R10")
    void failed_cancelled_or_refunded_order_makes_its_selfies_due_at_once(
            String how, BiFunction<Order, Instant, Order> end) {
        Order paid = Fixtures.paid(f.draft(8), paidAt);
        Instant endedAt = paidAt.plus(Duration.ofHours(3));
        Order ended = end.apply(paid, endedAt);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ofHours(24));

        assertThat(ended.endedUndeliveredAt()).contains(endedAt);
        assertThat(apply(ended, policy, endedAt.minusSeconds(1)).liveSelfies()).hasSize(8);
        assertAllPending(apply(ended, policy, endedAt), DeletionReason.ORDER_ENDED_UNDELIVERED, endedAt);
    }

    @Test
    @Tag("R10")
    @Tag("R14")
    void a_failed_training_makes_selfies_and_the_model_due_at_once() {
        Order training = Fixtures.training(f.draft(8), paidAt);
        Instant failedAt = paidAt.plus(Duration.ofHours(1));
        Order failed = training.fail("vendor error", failedAt);

        Order swept = apply(failed, RetentionPolicy.standard(Duration.ZERO), failedAt);

        assertAllPending(swept, DeletionReason.ORDER_ENDED_UNDELIVERED, failedAt);
        Fixtures.assertModelDeletionRequested(swept, DeletionReason.ORDER_ENDED_UNDELIVERED);
        assertThat(failed.needsRefund()).isTrue();
    }

    @Test
    @Tag("R10")
    void a_refund_after_delivery_does_not_reset_the_delivery_trigger() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        Order refunded = delivered.refunded(deliveredAt.plus(Duration.ofDays(2)));

        assertThat(refunded.endedUndeliveredAt()).isEmpty();
        assertThat(RetentionPolicy.standard(Duration.ofHours(6))
                        .dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(f.situation(refunded, List.of()))))
                .contains(deliveredAt.plus(Duration.ofHours(6)));
    }

    @Test
    @Tag("R10")
    void a_selfie_removed_by_the_person_is_due_for_deletion_at_once() {
        Instant at = NOW.plus(Duration.ofMinutes(1));

        Fixtures.Discarded removed = f.discardedFromDraft(8, 3, at);

        Fixtures.assertSelfiePendingDeletion(
                removed.after(), removed.selfie().id(), DeletionReason.REMOVED_BY_PERSON, at);
        assertThat(removed.after().liveSelfies()).hasSize(7);
    }

    @Test
    @Tag("R10")
    void applying_retention_twice_changes_nothing_more() {
        Order delivered = f.delivered(f.draft(8), paidAt, trainedAt, deliveredAt);
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);
        Order once = apply(delivered, policy, deliveredAt);

        Order twice =
                BiometricRetention.apply(f.situation(once, List.of()), policy, deliveredAt.plus(Duration.ofHours(1)));

        assertThat(twice).isEqualTo(once);
    }
}
