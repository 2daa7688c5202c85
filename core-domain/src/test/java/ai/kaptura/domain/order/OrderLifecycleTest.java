package ai.kaptura.domain.order;

import static ai.kaptura.domain.Fixtures.MODEL;
import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.ok;
import static ai.kaptura.domain.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The order lifecycle: the private draft, checkout, production, delivery, and loud illegal moves: R4, R10. */
class OrderLifecycleTest {

    private final Fixtures f = new Fixtures();
    private final PaymentRef payment = new PaymentRef("pi_3PqRstUvWx");

    @Test
    void the_happy_path_runs_from_draft_to_delivered() {
        Instant t = NOW;
        Order draft = f.draft(8, t);
        Order awaiting = draft.awaitPayment(t.plusSeconds(60));
        Order paid = awaiting.paid(payment, t.plusSeconds(120));
        Order training = paid.trainingStarted(MODEL, t.plusSeconds(180));
        Order generating = training.modelTrained(t.plus(Duration.ofHours(1)));
        Order withHeadshot = generating.headshotStored(f.headshot(Fixtures.STUDIO, t.plus(Duration.ofHours(2))));
        Order delivered = withHeadshot.deliver(t.plus(Duration.ofHours(2)));

        assertThat(delivered.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(delivered.history())
                .extracting(StatusChange::status)
                .containsExactly(
                        OrderStatus.DRAFT,
                        OrderStatus.AWAITING_PAYMENT,
                        OrderStatus.PAID,
                        OrderStatus.TRAINING,
                        OrderStatus.GENERATING,
                        OrderStatus.DELIVERED);
        assertThat(delivered.createdAt()).isEqualTo(t);
        assertThat(delivered.enteredAt(OrderStatus.DELIVERED)).contains(t.plus(Duration.ofHours(2)));
        assertThat(delivered.payment()).contains(payment);
        assertThat(delivered.checkoutAttempts()).isEqualTo(1);
        assertThat(delivered.selfies())
                .hasSize(8)
                .allSatisfy(s -> assertThat(s)
                        .isInstanceOfSatisfying(
                                Selfie.SentToVendor.class,
                                sent -> assertThat(sent.sentAt()).isEqualTo(t.plusSeconds(180))));
        assertThat(delivered.model())
                .get()
                .isInstanceOfSatisfying(
                        VendorModel.Trained.class,
                        m -> assertThat(m.trainedAt()).contains(t.plus(Duration.ofHours(1))));
        assertThat(delivered.headshots()).hasSize(1);
        assertThat(delivered.needsRefund()).isFalse();
        assertThat(delivered.endedUndeliveredAt()).isEmpty();
        assertThat(delivered.headshotsOrdered()).isEqualTo(Fixtures.PLAN.headshots());
        assertThat(delivered.price()).isEqualTo(Fixtures.PLAN.price());
    }

    @Test
    void illegal_transitions_are_loud() {
        Order draft = f.draft(8);

        assertThatThrownBy(() -> draft.paid(payment, NOW)).isInstanceOfSatisfying(IllegalTransition.class, e -> {
            assertThat(e.from()).isEqualTo(OrderStatus.DRAFT);
            assertThat(e.to()).isEqualTo(OrderStatus.PAID);
        });
        assertThatThrownBy(() -> draft.trainingStarted(MODEL, NOW)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> draft.fail("vendor error", NOW)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> draft.refunded(NOW)).isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> draft.backToDraft("again", NOW)).isInstanceOf(IllegalTransition.class);
        // a draft has no headshots: delivering it is refused before the transition is even tried
        assertThatThrownBy(() -> draft.deliver(NOW)).isInstanceOf(DomainViolation.class);
    }

    @Test
    void paying_twice_is_an_illegal_transition() {
        Order paid = Fixtures.paid(f.draft(8), NOW);

        assertThatThrownBy(() -> paid.paid(payment, NOW.plusSeconds(300)))
                .isInstanceOfSatisfying(IllegalTransition.class, e -> {
                    assertThat(e.from()).isEqualTo(OrderStatus.PAID);
                    assertThat(e.to()).isEqualTo(OrderStatus.PAID);
                    assertThat(e.getMessage()).contains("cannot move from PAID to PAID");
                });
    }

    @Test
    void a_finished_order_cannot_be_cancelled_or_failed() {
        Order delivered = f.delivered(f.draft(8), NOW, NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)));
        Order refunded = delivered.refunded(NOW.plus(Duration.ofDays(1)));

        assertThatThrownBy(() -> delivered.cancel("too late", NOW.plus(Duration.ofDays(1))))
                .isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> delivered.fail("too late", NOW.plus(Duration.ofDays(1))))
                .isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> refunded.refunded(NOW.plus(Duration.ofDays(2))))
                .isInstanceOf(IllegalTransition.class);
        assertThat(refunded.status().isTerminal()).isTrue();
    }

    @Test
    void an_expired_checkout_goes_back_to_an_editable_draft() {
        Order awaiting = f.draft(8).awaitPayment(NOW.plusSeconds(60));

        Order back = awaiting.backToDraft("checkout expired", NOW.plus(Duration.ofHours(1)));

        assertThat(back.status()).isEqualTo(OrderStatus.DRAFT);
        assertThat(back.uploadBlocker()).isEmpty();
        Order again = back.awaitPayment(NOW.plus(Duration.ofHours(2)));
        assertThat(again.checkoutAttempts()).isEqualTo(2);
    }

    @Test
    @Tag("R4")
    void checkout_needs_at_least_eight_selfies() {
        Order seven = f.draft(7);

        assertThat(seven.checkoutBlocker()).map(Rejection::reason).contains(Rejection.Reason.TOO_FEW_SELFIES);
        assertThatThrownBy(() -> seven.awaitPayment(NOW.plusSeconds(60))).isInstanceOf(DomainViolation.class);

        Order eight = ok(seven.addSelfie(f.selfie(NOW.plusSeconds(10))));
        assertThat(eight.checkoutBlocker()).isEmpty();
        assertThat(eight.awaitPayment(NOW.plusSeconds(60)).status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    }

    @Test
    @Tag("R4")
    void a_discarded_selfie_does_not_count_towards_checkout() {
        Order eight = f.draft(8);

        Order seven = ok(eight.discardSelfie(eight.selfies().getFirst().id(), NOW.plusSeconds(5)));

        assertThat(seven.selfies()).hasSize(8);
        assertThat(seven.checkoutBlocker()).map(Rejection::reason).contains(Rejection.Reason.TOO_FEW_SELFIES);
    }

    @Test
    @Tag("R4")
    void an_order_holds_at_most_twenty_selfies() {
        Order twenty = f.draft(20);

        assertThat(refusal(twenty.addSelfie(f.selfie(NOW))).reason()).isEqualTo(Rejection.Reason.TOO_MANY_SELFIES);
        assertThat(twenty.uploadBlocker()).map(Rejection::reason).contains(Rejection.Reason.TOO_MANY_SELFIES);

        Order nineteenLive = ok(twenty.discardSelfie(twenty.selfies().get(4).id(), NOW.plusSeconds(5)));
        assertThat(ok(nineteenLive.addSelfie(f.selfie(NOW.plusSeconds(6)))).liveSelfies())
                .hasSize(20);
    }

    @Test
    @Tag("R4")
    void selfies_are_added_to_and_removed_from_a_draft_only() {
        Order paid = Fixtures.paid(f.draft(8), NOW);
        Order awaiting = f.draft(8).awaitPayment(NOW);

        assertThat(refusal(paid.addSelfie(f.selfie(NOW))).reason()).isEqualTo(Rejection.Reason.ORDER_NOT_DRAFT);
        assertThat(refusal(awaiting.addSelfie(f.selfie(NOW))).reason()).isEqualTo(Rejection.Reason.ORDER_NOT_DRAFT);
        assertThat(refusal(paid.discardSelfie(paid.selfies().getFirst().id(), NOW))
                        .reason())
                .isEqualTo(Rejection.Reason.ORDER_NOT_DRAFT);
    }

    @Test
    @Tag("R4")
    void the_same_selfie_cannot_be_added_twice() {
        Order draft = f.draft(1);
        Selfie.Stored same = (Selfie.Stored) draft.selfies().getFirst();

        assertThatThrownBy(() -> draft.addSelfie(same)).isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R10")
    void discarding_a_selfie_makes_it_pending_deletion_removed_by_the_person() {
        Instant at = NOW.plus(Duration.ofMinutes(3));
        Fixtures.Discarded discarded = f.discardedFromDraft(8, 2, at);
        Selfie chosen = discarded.selfie();
        Order after = discarded.after();

        Fixtures.assertSelfiePendingDeletion(after, chosen.id(), DeletionReason.REMOVED_BY_PERSON, at);
        assertThat(after.selfie(chosen.id()).orElseThrow().isLive()).isFalse();
        assertThat(after.lastActivityAt()).isEqualTo(at);
        assertThat(refusal(after.discardSelfie(chosen.id(), at.plusSeconds(1))).reason())
                .isEqualTo(Rejection.Reason.NOT_FOUND);
    }

    @Test
    @Tag("R10")
    void a_deleted_selfie_keeps_its_evidence_and_its_photo_is_gone() {
        Fixtures.Discarded discarded = f.discardedFromDraft(8, 2, NOW.plusSeconds(5));
        Selfie chosen = discarded.selfie();
        Order pending = discarded.after();
        DeletionEvidence evidence =
                Fixtures.selfieEvidence(chosen, DeletionReason.REMOVED_BY_PERSON, NOW.plusSeconds(30));

        Order deleted = pending.selfieDeleted(evidence);

        assertThat(deleted.selfie(chosen.id())).get().isInstanceOfSatisfying(Selfie.Deleted.class, d -> {
            assertThat(d.evidence()).isEqualTo(evidence);
            assertThat(d.photo()).isEmpty();
        });
        assertThat(deleted.selfieDeleted(evidence)).isEqualTo(deleted);
    }

    @Test
    @Tag("R10")
    void deletion_evidence_closes_only_a_selfie_that_was_due_and_only_its_own() {
        Order draft = f.draft(8);
        Selfie live = draft.selfies().get(0);
        Selfie due = draft.selfies().get(1);
        Order pending = ok(draft.discardSelfie(due.id(), NOW.plusSeconds(5)));

        assertThatThrownBy(() ->
                        pending.selfieDeleted(Fixtures.selfieEvidence(live, DeletionReason.REMOVED_BY_PERSON, NOW)))
                .isInstanceOf(DomainViolation.class);
        DeletionEvidence wrongCategory = new DeletionEvidence(
                DataCategory.HEADSHOT,
                due.id().toString(),
                Location.PHOTO_VAULT,
                NOW,
                DeletionReason.REMOVED_BY_PERSON,
                "deleted");
        assertThatThrownBy(() -> pending.selfieDeleted(wrongCategory)).isInstanceOf(DomainViolation.class);
        DeletionEvidence unknown = Fixtures.selfieEvidence(f.selfie(NOW), DeletionReason.REMOVED_BY_PERSON, NOW);
        assertThatThrownBy(() -> pending.selfieDeleted(unknown)).isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R10")
    @Tag("R14")
    @Tag("R27")
    void biometric_data_is_gone_only_once_every_selfie_is_deleted_and_the_vendor_confirmed_the_model_gone() {
        Order training = Fixtures.training(f.draft(8), NOW);
        assertThat(f.draft(8).biometricDataGone()).as("a draft holds selfies").isFalse();
        Order stopped = training.stopProcessing(DeletionReason.ACCOUNT_ERASED, NOW.plusSeconds(10));
        assertThat(stopped.biometricDataGone())
                .as("selfies only due for deletion")
                .isFalse();

        Order selfiesGone = stopped;
        for (Selfie selfie : stopped.selfies()) {
            selfiesGone = selfiesGone.selfieDeleted(
                    Fixtures.selfieEvidence(selfie, DeletionReason.ACCOUNT_ERASED, NOW.plusSeconds(20)));
        }
        assertThat(selfiesGone.biometricDataGone())
                .as("the model's deletion is asked, not confirmed")
                .isFalse();

        Order allGone = selfiesGone.modelDeletionConfirmed(new DeletionEvidence(
                DataCategory.VENDOR_MODEL,
                MODEL.value(),
                Location.processor("sandbox-generator"),
                NOW.plusSeconds(30),
                DeletionReason.ACCOUNT_ERASED,
                "404 at the vendor"));
        assertThat(allGone.biometricDataGone()).isTrue();
    }

    @Test
    @Tag("R14")
    void a_model_is_trained_only_after_training_started() {
        Order paid = Fixtures.paid(f.draft(8), NOW);

        assertThatThrownBy(() -> paid.modelTrained(NOW.plusSeconds(300))).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> Fixtures.training(f.draft(8), NOW).modelCreatedAfterStop(MODEL, NOW.plusSeconds(300)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void a_draft_checks_the_styles_against_the_plan() {
        assertThatThrownBy(() -> Order.draft(
                        new OrderId(f.ids.next()),
                        f.account.id(),
                        Fixtures.PLAN,
                        List.of(Fixtures.STUDIO, Fixtures.OFFICE, Fixtures.OUTDOOR),
                        NOW))
                .isInstanceOf(DomainViolation.class);
        assertThat(refusal(Fixtures.PLAN.choose(List.of(new StyleId("beach")))).reason())
                .isEqualTo(Rejection.Reason.UNKNOWN_STYLE);
        assertThat(refusal(Fixtures.PLAN.choose(List.of())).reason()).isEqualTo(Rejection.Reason.UNKNOWN_STYLE);
        assertThat(ok(Fixtures.PLAN.choose(List.of(Fixtures.OFFICE, Fixtures.OFFICE))))
                .containsExactly(Fixtures.OFFICE);
    }
}
