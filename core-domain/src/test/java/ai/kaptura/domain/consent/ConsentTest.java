package ai.kaptura.domain.consent;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.V1;
import static ai.kaptura.domain.Fixtures.assertRefused;
import static ai.kaptura.domain.Fixtures.assertRefusedWithoutRecords;
import static ai.kaptura.domain.Fixtures.boxes;
import static ai.kaptura.domain.Fixtures.ledger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.cookie.CookieChoice;
import ai.kaptura.domain.cookie.CookiePolicy;
import ai.kaptura.domain.cookie.VisitorId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Consent per purpose, its records, withdrawal and unbundling: R4, R5, R6, R7, R8. */
class ConsentTest {

    private final Fixtures f = new Fixtures();
    private final Account account = f.account;

    private final Instant checkoutAt = NOW.plus(Duration.ofMinutes(5));
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));

    // ---- R4: explicit consent per purpose ---------------------------------------------------------

    @Test
    @Tag("R4")
    void processing_needs_consent_and_is_refused_without_any_record() {
        Order paid = Fixtures.paid(f.draft(8), paidAt);
        ConsentState none = ConsentState.of(paid, List.of());

        assertThat(f.processingRefusal(paid, none, paidAt)).contains(Rejection.Reason.CONSENT_MISSING);
        assertThat(f.trainingRefusal(account, paid, none, paidAt)).isEqualTo(Rejection.Reason.CONSENT_MISSING);
    }

    @Test
    @Tag("R4")
    void processing_needs_both_purposes_and_one_granted_purpose_is_not_enough() {
        Fixtures.Consented consented = f.consented(checkoutAt, paidAt);
        Order paid = consented.paid();

        for (ConsentPurpose only : ConsentPurpose.values()) {
            List<ConsentRecord> onlyOne =
                    consented.grants().stream().filter(r -> r.purpose() == only).toList();
            ConsentState state = ConsentState.of(paid, onlyOne);

            assertThat(state.isGranted(only)).isTrue();
            assertThat(f.processingRefusal(paid, state, paidAt)).contains(Rejection.Reason.CONSENT_MISSING);
            assertThat(f.trainingRefusal(account, paid, state, paidAt)).isEqualTo(Rejection.Reason.CONSENT_MISSING);
        }
        assertThat(f.processingRefusal(paid, consented.state(paid), paidAt)).isEmpty();
    }

    @Test
    @Tag("R4")
    @Tag("R6")
    void refused_consent_blocks_checkout_and_the_refusal_is_still_recorded() {
        Order draft = f.draft(8);

        CheckoutConsent.Decision decision = f.checkout(account, draft, boxes(false, true, true), checkoutAt);

        assertThat(decision).isInstanceOf(CheckoutConsent.Decision.Refused.class);
        CheckoutConsent.Decision.Refused refused = (CheckoutConsent.Decision.Refused) decision;
        assertThat(refused.why().reason()).isEqualTo(Rejection.Reason.CONSENT_REFUSED);
        assertThat(refused.records()).hasSize(2);
        assertThat(refused.records())
                .filteredOn(r -> r.purpose() == ConsentPurpose.BIOMETRIC_PROCESSING)
                .singleElement()
                .extracting(ConsentRecord::decision)
                .isEqualTo(ConsentDecision.REFUSED);
        assertThat(refused.records())
                .filteredOn(r -> r.purpose() == ConsentPurpose.VENDOR_DISCLOSURE)
                .singleElement()
                .extracting(ConsentRecord::decision)
                .isEqualTo(ConsentDecision.GRANTED);

        // appended to the ledger, the refusal keeps the order from being processed
        Order paid = Fixtures.paid(draft, paidAt);
        assertThat(f.processingRefusal(paid, ConsentState.of(paid, refused.records()), paidAt))
                .contains(Rejection.Reason.CONSENT_REFUSED);
    }

    @Test
    @Tag("R4")
    void both_boxes_unticked_refuses_checkout_with_two_refusal_records() {
        CheckoutConsent.Decision decision = f.checkout(account, f.draft(8), boxes(false, false, true), checkoutAt);

        assertThat(decision).isInstanceOf(CheckoutConsent.Decision.Refused.class);
        assertThat(((CheckoutConsent.Decision.Refused) decision).why().reason())
                .isEqualTo(Rejection.Reason.CONSENT_REFUSED);
        assertThat(decision.records())
                .extracting(ConsentRecord::decision)
                .containsExactly(ConsentDecision.REFUSED, ConsentDecision.REFUSED);
        assertThat(decision.records())
                .extracting(ConsentRecord::purpose)
                .containsExactlyInAnyOrder(ConsentPurpose.values());
    }

    @Test
    @Tag("R4")
    void checkout_refuses_an_order_that_is_not_a_draft_or_has_too_few_selfies() {
        CheckoutConsent.Decision tooFew = f.checkout(account, f.draft(7), Fixtures.allTicked(), checkoutAt);
        assertRefusedWithoutRecords(tooFew, Rejection.Reason.TOO_FEW_SELFIES);

        Order paid = Fixtures.paid(f.draft(8), paidAt);
        CheckoutConsent.Decision notDraft = f.checkout(account, paid, Fixtures.allTicked(), paidAt);
        assertRefused(notDraft, Rejection.Reason.ORDER_NOT_DRAFT);
    }

    @Test
    @Tag("R4")
    void someone_elses_order_cannot_be_consented_to() {
        Account other = f.otherAccount();
        Order othersDraft = f.draft(other, 8, NOW);

        CheckoutConsent.Decision decision = f.checkout(account, othersDraft, Fixtures.allTicked(), checkoutAt);

        assertRefusedWithoutRecords(decision, Rejection.Reason.NOT_FOUND);
    }

    @Test
    @Tag("R4")
    void notice_version_outdated_at_checkout_is_refused() {
        CheckoutConsent.Decision decision = f.checkout(
                account,
                f.draft(8),
                boxes(true, true, true, new ai.kaptura.domain.policy.NoticeVersion("2025-06")),
                checkoutAt);

        assertRefusedWithoutRecords(decision, Rejection.Reason.NOTICE_VERSION_OUTDATED);
    }

    @Test
    @Tag("R4")
    void checkout_before_any_policy_is_in_force_is_refused() {
        CheckoutConsent.Decision decision =
                f.checkout(account, f.draft(8), Fixtures.allTicked(), Fixtures.V1_EFFECTIVE.minusSeconds(1));

        assertRefused(decision, Rejection.Reason.NOTICE_VERSION_OUTDATED);
    }

    @Test
    @Tag("R4")
    void notices_in_a_language_the_policy_lacks_are_refused() {
        CheckoutConsent.Boxes german = new CheckoutConsent.Boxes(true, true, true, V1, Language.of("de"));

        CheckoutConsent.Decision decision = f.checkout(account, f.draft(8), german, checkoutAt);

        assertRefusedWithoutRecords(decision, Rejection.Reason.INVALID_VALUE);
    }

    // ---- R5: what a record keeps ------------------------------------------------------------------

    @Test
    @Tag("R5")
    void a_consent_record_keeps_the_hash_of_the_exact_notice_the_method_the_version_the_language_and_the_time() {
        Order draft = f.draft(8);

        List<ConsentRecord> records = f.grantedAtCheckout(draft, checkoutAt);

        assertThat(records).hasSize(2);
        for (ConsentRecord record : records) {
            NoticeKind kind = NoticeKind.forPurpose(record.purpose());
            String exactText = Fixtures.noticeText(kind, V1);
            assertThat(record.noticeHash()).isEqualTo(Digest.sha256(exactText));
            assertThat(record.noticeHash())
                    .isEqualTo(
                            f.v1().notice(kind, Language.ENGLISH).orElseThrow().hash());
            assertThat(record.method()).isEqualTo(ConsentMethod.CHECKBOX_AT_CHECKOUT);
            assertThat(record.policyVersion()).isEqualTo(V1);
            assertThat(record.language()).isEqualTo(Language.ENGLISH);
            assertThat(record.recordedAt()).isEqualTo(checkoutAt);
            assertThat(record.account()).isEqualTo(account.id());
            assertThat(record.order()).contains(draft.id());
            assertThat(record.decision()).isEqualTo(ConsentDecision.GRANTED);
        }
        assertThat(records).extracting(ConsentRecord::noticeHash).doesNotHaveDuplicates();
        assertThat(records).extracting(ConsentRecord::id).doesNotHaveDuplicates();
    }

    @Test
    @Tag("R5")
    void a_changed_word_in_the_notice_gives_a_different_hash() {
        Digest shown = Digest.sha256(Fixtures.noticeText(NoticeKind.BIOMETRIC_PROCESSING, V1));
        Digest edited = Digest.sha256(
                Fixtures.noticeText(NoticeKind.BIOMETRIC_PROCESSING, V1).replace("train", "build"));

        assertThat(edited).isNotEqualTo(shown);
    }

    // ---- R6, R7: withdrawal -----------------------------------------------------------------------

    @Test
    @Tag("R6")
    @Tag("R7")
    void withdrawal_is_a_new_account_wide_record_and_the_grant_stays_untouched() {
        Fixtures.Consented consented = f.consented(checkoutAt, paidAt);
        List<ConsentRecord> grants = consented.grants();
        List<ConsentRecord> grantsBefore = List.copyOf(grants);
        Order paid = consented.paid();
        Instant withdrawnAt = paidAt.plus(Duration.ofHours(1));

        List<ConsentRecord> withdrawal = f.withdrawal(withdrawnAt);

        assertThat(withdrawal).hasSize(ConsentPurpose.values().length);
        assertThat(withdrawal).allSatisfy(r -> {
            assertThat(r.decision()).isEqualTo(ConsentDecision.WITHDRAWN);
            assertThat(r.order()).isEmpty();
            assertThat(r.method()).isEqualTo(ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE);
            assertThat(r.recordedAt()).isEqualTo(withdrawnAt);
        });
        assertThat(grants).isEqualTo(grantsBefore);

        List<ConsentRecord> ledger = ledger(grants, withdrawal);
        ConsentState state = ConsentState.of(paid, ledger);
        assertThat(state.isWithdrawn(ConsentPurpose.BIOMETRIC_PROCESSING)).isTrue();
        assertThat(state.isWithdrawn(ConsentPurpose.VENDOR_DISCLOSURE)).isTrue();
        assertThat(f.processingRefusal(paid, state, withdrawnAt)).contains(Rejection.Reason.CONSENT_WITHDRAWN);
        // before the withdrawal the same ledger allowed processing: the grant was not edited, only outranked
        assertThat(f.processingRefusal(paid, consented.state(paid), withdrawnAt))
                .isEmpty();
    }

    @Test
    @Tag("R6")
    void a_withdrawal_cannot_name_one_order_and_a_grant_must_name_one() {
        ConsentRecord grant = f.grantedAtCheckout(f.draft(8), checkoutAt).getFirst();

        assertThatThrownBy(() -> copyOf(grant, grant.order(), ConsentDecision.WITHDRAWN))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> copyOf(grant, Optional.empty(), ConsentDecision.GRANTED))
                .isInstanceOf(DomainViolation.class);
    }

    /** {@code record} again, but naming {@code order} and deciding {@code decision}. */
    private static ConsentRecord copyOf(ConsentRecord record, Optional<OrderId> order, ConsentDecision decision) {
        return new ConsentRecord(
                record.id(),
                record.account(),
                order,
                record.purpose(),
                decision,
                record.policyVersion(),
                record.noticeHash(),
                record.method(),
                record.language(),
                record.recordedAt());
    }

    @Test
    @Tag("R7")
    void one_withdrawal_covers_every_order_of_the_account() {
        Order first = f.draft(8);
        Order second = f.draft(8, NOW.plusSeconds(30));
        List<ConsentRecord> grantsFirst = f.grantedAtCheckout(first, checkoutAt);
        List<ConsentRecord> grantsSecond = f.grantedAtCheckout(second, checkoutAt.plusSeconds(1));
        Order paidFirst = Fixtures.paid(first, paidAt);
        Order paidSecond = Fixtures.paid(second, paidAt);
        Instant withdrawnAt = paidAt.plus(Duration.ofHours(2));

        List<ConsentRecord> ledger = ledger(grantsFirst, grantsSecond, f.withdrawal(withdrawnAt));

        for (Order order : List.of(paidFirst, paidSecond)) {
            assertThat(f.processingRefusal(order, ConsentState.of(order, ledger), withdrawnAt))
                    .contains(Rejection.Reason.CONSENT_WITHDRAWN);
        }
    }

    @Test
    @Tag("R6")
    @Tag("R7")
    void a_later_grant_is_not_undone_by_an_earlier_withdrawal() {
        Order draft = f.draft(8);
        List<ConsentRecord> withdrawal = f.withdrawal(NOW.plus(Duration.ofMinutes(1)));
        List<ConsentRecord> grant = f.grantedAtCheckout(draft, NOW.plus(Duration.ofMinutes(2)));
        Order paid = Fixtures.paid(draft, NOW.plus(Duration.ofMinutes(3)));

        // the ledger's order of reading does not matter: only the recorded times do
        List<ConsentRecord> shuffled = new ArrayList<>(ledger(grant, withdrawal));
        Collections.shuffle(shuffled, new Random(7));
        for (List<ConsentRecord> ledger : List.of(ledger(withdrawal, grant), ledger(grant, withdrawal), shuffled)) {
            ConsentState state = ConsentState.of(paid, ledger);
            assertThat(state.isGranted(ConsentPurpose.BIOMETRIC_PROCESSING)).isTrue();
            assertThat(state.isGranted(ConsentPurpose.VENDOR_DISCLOSURE)).isTrue();
            assertThat(f.processingRefusal(paid, state, paid.lastActivityAt())).isEmpty();
        }
    }

    @Test
    @Tag("R7")
    void an_order_created_after_a_withdrawal_starts_afresh() {
        Order old = f.draft(8);
        List<ConsentRecord> oldGrant = f.grantedAtCheckout(old, checkoutAt);
        List<ConsentRecord> withdrawal = f.withdrawal(paidAt);
        Order fresh = f.draft(8, paidAt.plus(Duration.ofDays(1)));

        ConsentState beforeCheckout = ConsentState.of(fresh, ledger(oldGrant, withdrawal));
        assertThat(beforeCheckout.latest(ConsentPurpose.BIOMETRIC_PROCESSING)).isEmpty();
        assertThat(beforeCheckout.isWithdrawn(ConsentPurpose.BIOMETRIC_PROCESSING))
                .isFalse();

        List<ConsentRecord> freshGrant =
                f.grantedAtCheckout(fresh, paidAt.plus(Duration.ofDays(1)).plusSeconds(60));
        Order freshPaid = Fixtures.paid(fresh, paidAt.plus(Duration.ofDays(1)).plusSeconds(120));
        ConsentState afterCheckout = ConsentState.of(freshPaid, ledger(oldGrant, withdrawal, freshGrant));
        assertThat(f.processingRefusal(freshPaid, afterCheckout, freshPaid.lastActivityAt()))
                .isEmpty();
        // and the old order stays withdrawn
        assertThat(ConsentState.of(old, ledger(oldGrant, withdrawal, freshGrant))
                        .isWithdrawn(ConsentPurpose.VENDOR_DISCLOSURE))
                .isTrue();
    }

    @Test
    @Tag("R7")
    void withdrawal_cancels_pending_work_makes_selfies_due_and_requests_model_deletion() {
        Order training = Fixtures.training(f.draft(8), paidAt);
        Instant withdrawnAt = paidAt.plus(Duration.ofHours(1));
        assertThat(training.status()).isEqualTo(OrderStatus.TRAINING);

        Order stopped = training.stopProcessing(DeletionReason.CONSENT_WITHDRAWN, withdrawnAt);

        assertThat(stopped.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(stopped.history().getLast().at()).isEqualTo(withdrawnAt);
        assertThat(stopped.history().getLast().why()).isEqualTo("consent withdrawn");
        assertThat(stopped.liveSelfies()).isEmpty();
        assertThat(stopped.selfies())
                .hasSize(8)
                .allSatisfy(s -> assertThat(s).isInstanceOfSatisfying(Selfie.PendingDeletion.class, p -> {
                    assertThat(p.reason()).isEqualTo(DeletionReason.CONSENT_WITHDRAWN);
                    assertThat(p.since()).isEqualTo(withdrawnAt);
                }));
        assertThat(stopped.model()).get().isInstanceOfSatisfying(VendorModel.DeletionRequested.class, m -> {
            assertThat(m.reason()).isEqualTo(DeletionReason.CONSENT_WITHDRAWN);
            assertThat(m.deletionRequestedAt()).isEqualTo(withdrawnAt);
        });
        assertThat(stopped.needsRefund()).isTrue();
    }

    @Test
    @Tag("R7")
    void withdrawal_after_delivery_keeps_the_order_delivered_but_still_deletes() {
        Order delivered =
                f.delivered(f.draft(8), paidAt, paidAt.plus(Duration.ofHours(1)), paidAt.plus(Duration.ofHours(2)));

        Order stopped = delivered.stopProcessing(DeletionReason.CONSENT_WITHDRAWN, paidAt.plus(Duration.ofHours(3)));

        assertThat(stopped.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(stopped.liveSelfies()).isEmpty();
        assertThat(stopped.model()).get().isInstanceOf(VendorModel.DeletionRequested.class);
        assertThat(stopped.headshots()).hasSize(1);
    }

    @Test
    @Tag("R7")
    void a_withdrawn_consent_makes_selfies_due_under_the_retention_policy_at_once() {
        Fixtures.Consented consented = f.consented(checkoutAt, paidAt);
        List<ConsentRecord> grants = consented.grants();
        Order training = Fixtures.training(consented.draft(), paidAt);
        Instant withdrawnAt = paidAt.plus(Duration.ofHours(1));
        List<ConsentRecord> ledger = ledger(grants, f.withdrawal(withdrawnAt));
        RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

        Order justBefore = BiometricRetention.apply(f.situation(training, grants), policy, withdrawnAt);
        assertThat(justBefore.liveSelfies()).hasSize(8);

        Order after = BiometricRetention.apply(f.situation(training, ledger), policy, withdrawnAt);

        assertThat(after.liveSelfies()).isEmpty();
        Fixtures.assertSelfiesPendingDeletion(after, DeletionReason.CONSENT_WITHDRAWN);
        Fixtures.assertModelDeletionRequested(after, DeletionReason.CONSENT_WITHDRAWN);
    }

    @Test
    @Tag("R7")
    void withdrawal_is_recorded_in_the_language_shown_or_the_policys_own_language() {
        List<ConsentRecord> records = CheckoutConsent.withdrawal(
                account, f.v1(), Language.of("fr"), ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE, f.ids, paidAt);

        assertThat(records).allSatisfy(r -> {
            assertThat(r.language()).isEqualTo(Language.ENGLISH);
            assertThat(r.noticeHash())
                    .isEqualTo(f.v1().notice(NoticeKind.forPurpose(r.purpose()), Language.ENGLISH)
                            .orElseThrow()
                            .hash());
        });
    }

    // ---- R8: no bundling --------------------------------------------------------------------------

    @Test
    @Tag("R8")
    void checkout_works_with_analytics_refused() {
        CookieChoice refusedAnalytics =
                new CookieChoice(new VisitorId(f.ids.next()), false, new BannerVersion("b1"), NOW);
        assertThat(CookiePolicy.analyticsAllowed(Optional.of(refusedAnalytics), new BannerVersion("b1"), checkoutAt))
                .isFalse();

        CheckoutConsent.Decision decision = f.checkout(account, f.draft(8), Fixtures.allTicked(), checkoutAt);

        assertThat(decision).isInstanceOf(CheckoutConsent.Decision.Accepted.class);
        assertThat(decision.records())
                .extracting(ConsentRecord::purpose)
                .containsExactlyInAnyOrder(ConsentPurpose.BIOMETRIC_PROCESSING, ConsentPurpose.VENDOR_DISCLOSURE);
    }

    @Test
    @Tag("R8")
    void checkout_boxes_ask_nothing_about_analytics_or_marketing() {
        List<String> fields = Arrays.stream(CheckoutConsent.Boxes.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();

        assertThat(fields)
                .containsExactly("biometricProcessing", "vendorDisclosure", "adult", "noticeVersion", "language");
        assertThat(fields)
                .noneMatch(n -> n.toLowerCase().contains("analytic")
                        || n.toLowerCase().contains("marketing")
                        || n.toLowerCase().contains("cookie"));
        assertThat(ConsentPurpose.values())
                .extracting(Enum::name)
                .containsExactlyInAnyOrder("BIOMETRIC_PROCESSING", "VENDOR_DISCLOSURE");
    }

    @org.junit.jupiter.api.Test
    void a_processing_refusal_is_audited_under_the_rule_it_keeps() {
        assertThat(ProcessingPolicy.ruleKept(Rejection.of(Rejection.Reason.CONSENT_STALE, "stale")))
                .isEqualTo(Rule.R9);
        assertThat(ProcessingPolicy.ruleKept(Rejection.of(Rejection.Reason.CONSENT_WITHDRAWN, "withdrawn")))
                .isEqualTo(Rule.R7);
        assertThat(ProcessingPolicy.ruleKept(Rejection.of(Rejection.Reason.ACCOUNT_RESTRICTED, "minor")))
                .isEqualTo(Rule.R42);
        assertThat(ProcessingPolicy.ruleKept(Rejection.of(Rejection.Reason.CONSENT_MISSING, "none")))
                .isEqualTo(Rule.R4);
    }
}
