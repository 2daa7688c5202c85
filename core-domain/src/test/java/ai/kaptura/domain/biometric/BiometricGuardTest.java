package ai.kaptura.domain.biometric;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.ledger;
import static ai.kaptura.domain.Fixtures.ok;
import static ai.kaptura.domain.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one consent guard in front of selfie bytes and its single exit: R1, R17 (and R42, R29 at the guard). */
class BiometricGuardTest {

    private final Fixtures f = new Fixtures();
    private final Account account = f.account;
    private final Instant checkoutAt = NOW.plus(Duration.ofMinutes(5));
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));

    /** Eight selfies consented to at {@link #checkoutAt} and paid at {@link #paidAt}. */
    private final Fixtures.Consented consented = f.consented(checkoutAt, paidAt);
    /** The order of {@link #consented}, paid. */
    private final Order paid = consented.paid();

    @Test
    @Tag("R1")
    @Tag("R17")
    void a_paid_order_with_both_consents_gets_a_vendor_permit_for_its_selfies() {

        SelfieReadPermit permit =
                ok(BiometricGuard.forVendorTraining(account, paid, consented.state(paid), f.history(), paidAt));

        assertThat(permit.purpose()).isEqualTo(SelfieReadPermit.Purpose.VENDOR_TRAINING);
        assertThat(permit.order()).isEqualTo(paid.id());
        assertThat(permit.issuedAt()).isEqualTo(paidAt);
        assertThat(permit.photos())
                .hasSize(8)
                .containsExactlyInAnyOrderElementsOf(
                        paid.selfies().stream().flatMap(s -> s.photo().stream()).toList());
        assertCoversEvery(permit, paid.selfies());
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void only_the_vendor_training_permit_of_that_very_order_lets_its_selfies_go_to_the_vendor() {
        SelfieReadPermit training =
                ok(BiometricGuard.forVendorTraining(account, paid, consented.state(paid), f.history(), paidAt));
        SelfieReadPermit ownerCopy = ok(BiometricGuard.forOwnerCopy(account, paid, paidAt));

        assertThat(SelfieReadPermit.allowsVendorTraining(training, paid.id())).isTrue();
        assertThat(SelfieReadPermit.allowsVendorTraining(training, f.draft(8).id()))
                .as("another order")
                .isFalse();
        assertThat(SelfieReadPermit.allowsVendorTraining(ownerCopy, paid.id()))
                .as("the owner's copy")
                .isFalse();
        assertThat(SelfieReadPermit.allowsVendorTraining(null, paid.id()))
                .as("no permit")
                .isFalse();
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void no_vendor_permit_for_a_draft_or_an_order_awaiting_payment_even_with_consent() {
        Order draft = consented.draft();
        Order awaiting = Fixtures.awaitingPayment(draft, checkoutAt.plusSeconds(1));

        for (Order unpaid : List.of(draft, awaiting)) {
            ConsentState state = consented.state(unpaid);
            assertThat(f.processingRefusal(unpaid, state, paidAt)).isEmpty();
            assertThat(f.trainingRefusal(account, unpaid, state, paidAt)).isEqualTo(Rejection.Reason.ORDER_STATE);
        }
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void a_vendor_permit_covers_only_selfies_that_still_live() {
        Order draft = f.draft(10);
        Selfie discarded = draft.selfies().get(0);
        Selfie deleted = draft.selfies().get(1);
        draft = ok(draft.discardSelfie(discarded.id(), NOW.plusSeconds(10)));
        draft = ok(draft.discardSelfie(deleted.id(), NOW.plusSeconds(11)));
        draft = draft.selfieDeleted(
                Fixtures.selfieEvidence(deleted, DeletionReason.REMOVED_BY_PERSON, NOW.plusSeconds(20)));
        List<ConsentRecord> grants = f.grantedAtCheckout(draft, checkoutAt);
        Order paid = Fixtures.paid(draft, paidAt);

        SelfieReadPermit permit =
                ok(BiometricGuard.forVendorTraining(account, paid, ConsentState.of(paid, grants), f.history(), paidAt));

        assertThat(permit.photos()).hasSize(8);
        assertThat(permit.covers(discarded.photo().orElseThrow())).isFalse();
        assertThat(permit.covers(((Selfie.Stored) deleted).stored())).isFalse();
        assertCoversEvery(permit, paid.liveSelfies());
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void a_permit_for_the_consent_of_another_order_is_refused() {
        Order first = f.draft(8);
        Order second = f.draft(8, NOW.plusSeconds(1));
        List<ConsentRecord> grantsFirst = f.grantedAtCheckout(first, checkoutAt);
        Order paidFirst = Fixtures.paid(first, paidAt);
        Order paidSecond = Fixtures.paid(second, paidAt);

        ConsentState consentOfFirst = ConsentState.of(paidFirst, grantsFirst);

        assertThat(f.trainingRefusal(account, paidSecond, consentOfFirst, paidAt))
                .isEqualTo(Rejection.Reason.CONSENT_MISSING);
        // the second order's own state, built from the same ledger, has no grant either
        assertThat(f.trainingRefusal(account, paidSecond, ConsentState.of(paidSecond, grantsFirst), paidAt))
                .isEqualTo(Rejection.Reason.CONSENT_MISSING);
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void no_vendor_permit_for_an_order_that_has_left_production() {
        Instant trainedAt = paidAt.plus(Duration.ofHours(1));
        Instant deliveredAt = paidAt.plus(Duration.ofHours(2));
        Order generating = f.generating(consented.draft(), paidAt, trainedAt);
        Order delivered = generating
                .headshotStored(f.headshot(Fixtures.STUDIO, deliveredAt))
                .deliver(deliveredAt);

        for (Order order : List.of(generating, delivered)) {
            assertThat(f.trainingRefusal(account, order, consented.state(order), deliveredAt))
                    .isEqualTo(Rejection.Reason.ORDER_STATE);
        }
    }

    @Test
    @Tag("R1")
    @Tag("R42")
    void no_vendor_permit_for_a_minor_flagged_account_even_with_consent() {
        Account minor = account.flagAsMinor(
                new MinorFlag(paidAt, MinorFlag.Source.SUPPORT_REVIEW, "Stated age 16 in a support chat"));

        assertThat(f.trainingRefusal(minor, paid, consented.state(paid), paidAt.plusSeconds(1)))
                .isEqualTo(Rejection.Reason.ACCOUNT_RESTRICTED);
    }

    @Test
    @Tag("R1")
    @Tag("R17")
    void a_withdrawn_consent_stops_the_vendor_permit() {
        Instant withdrawnAt = paidAt.plusSeconds(30);

        ConsentState withdrawn = ConsentState.of(paid, ledger(consented.grants(), f.withdrawal(withdrawnAt)));

        assertThat(f.trainingRefusal(account, paid, withdrawn, withdrawnAt))
                .isEqualTo(Rejection.Reason.CONSENT_WITHDRAWN);
    }

    @Test
    @Tag("R1")
    @Tag("R29")
    void the_owner_gets_a_copy_of_their_live_selfies_without_consent() {
        Fixtures.Discarded discarded = f.discardedFromDraft(9, 0, NOW.plusSeconds(5));

        SelfieReadPermit permit = ok(BiometricGuard.forOwnerCopy(account, discarded.after(), NOW.plusSeconds(10)));

        assertThat(permit.purpose()).isEqualTo(SelfieReadPermit.Purpose.OWNER_COPY);
        assertThat(permit.photos()).hasSize(8);
        assertThat(permit.covers(discarded.selfie().photo().orElseThrow())).isFalse();
    }

    @Test
    @Tag("R1")
    @Tag("R29")
    void no_owner_copy_of_another_accounts_order() {
        Account other = f.otherAccount();
        Order othersDraft = f.draft(other, 8, NOW);

        assertThat(refusal(BiometricGuard.forOwnerCopy(account, othersDraft, NOW))
                        .reason())
                .isEqualTo(Rejection.Reason.NOT_FOUND);
        assertThat(f.trainingRefusal(
                        account, Fixtures.paid(othersDraft, paidAt), ConsentState.of(othersDraft, List.of()), paidAt))
                .isEqualTo(Rejection.Reason.NOT_FOUND);
    }

    /** Asserts that {@code permit} covers the photo of each of {@code selfies}. */
    private static void assertCoversEvery(SelfieReadPermit permit, List<Selfie> selfies) {
        assertThat(selfies)
                .allSatisfy(
                        s -> assertThat(permit.covers(s.photo().orElseThrow())).isTrue());
    }
}
