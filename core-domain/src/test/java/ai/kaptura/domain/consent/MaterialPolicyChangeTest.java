package ai.kaptura.domain.consent;

import static ai.kaptura.domain.Fixtures.NOW;
import static ai.kaptura.domain.Fixtures.V1;
import static ai.kaptura.domain.Fixtures.assertRefused;
import static ai.kaptura.domain.Fixtures.boxes;
import static ai.kaptura.domain.Fixtures.ledger;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A material policy change makes older biometric consents stale until renewed: R9. */
class MaterialPolicyChangeTest {

    private static final NoticeVersion V2 = new NoticeVersion("2026-04");

    private final Fixtures f = new Fixtures();

    private final Instant checkoutAt = NOW.plus(Duration.ofMinutes(5));
    private final Instant paidAt = NOW.plus(Duration.ofMinutes(10));
    private final Instant publishedAt = NOW.plus(Duration.ofDays(1));
    private final Instant v2Effective = NOW.plus(Duration.ofDays(10));

    private final Order draft = f.draft(8);
    private final List<ConsentRecord> grants = f.grantedAtCheckout(draft, checkoutAt);
    private final Order training = Fixtures.training(draft, paidAt);

    private PolicyHistory publish(boolean material) {
        PolicyHistory.Publication publication =
                f.history().publish(Fixtures.policy(V2, v2Effective, material), publishedAt);
        assertThat(publication).isInstanceOf(PolicyHistory.Publication.Published.class);
        return ((PolicyHistory.Publication.Published) publication).history();
    }

    @Test
    @Tag("R9")
    void a_material_version_makes_older_consent_stale_once_it_takes_effect() {
        PolicyHistory history = publish(true);
        ConsentState state = ConsentState.of(training, grants);

        // published but not yet in force: processing goes on
        assertThat(ProcessingPolicy.check(f.account, training, state, history, v2Effective.minusSeconds(1)))
                .isEmpty();

        assertThat(ProcessingPolicy.check(f.account, training, state, history, v2Effective))
                .map(Rejection::reason)
                .contains(Rejection.Reason.CONSENT_STALE);
        Result<SelfieReadPermit> permit = BiometricGuard.forVendorTraining(
                f.account, training, state, history, v2Effective.plus(Duration.ofDays(1)));
        assertThat(Fixtures.refusal(permit).reason()).isEqualTo(Rejection.Reason.CONSENT_STALE);
    }

    @Test
    @Tag("R9")
    void renewed_consent_under_the_material_version_allows_processing_again() {
        PolicyHistory history = publish(true);
        Instant renewalAt = v2Effective.plus(Duration.ofDays(2));

        CheckoutConsent.Decision renewal =
                CheckoutConsent.atRenewal(f.account, training, boxes(true, true, true, V2), history, f.ids, renewalAt);

        assertThat(renewal).isInstanceOf(CheckoutConsent.Decision.Accepted.class);
        assertThat(renewal.records()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo(ConsentMethod.CHECKBOX_AT_RENEWAL);
            assertThat(r.policyVersion()).isEqualTo(V2);
            assertThat(r.order()).contains(training.id());
            assertThat(r.noticeHash())
                    .isEqualTo(history.find(V2)
                            .orElseThrow()
                            .notice(NoticeKind.forPurpose(r.purpose()), Language.ENGLISH)
                            .orElseThrow()
                            .hash());
        });
        ConsentState renewed = ConsentState.of(training, ledger(grants, renewal.records()));
        assertThat(ProcessingPolicy.check(f.account, training, renewed, history, renewalAt))
                .isEmpty();
        assertThat(BiometricGuard.forVendorTraining(f.account, training, renewed, history, renewalAt))
                .isInstanceOf(Result.Ok.class);
    }

    @Test
    @Tag("R9")
    void renewal_on_the_stale_notice_version_is_refused_as_outdated() {
        PolicyHistory history = publish(true);

        CheckoutConsent.Decision renewal = CheckoutConsent.atRenewal(
                f.account, training, boxes(true, true, true, V1), history, f.ids, v2Effective.plus(Duration.ofDays(1)));

        assertRefused(renewal, Rejection.Reason.NOTICE_VERSION_OUTDATED);
    }

    @Test
    @Tag("R9")
    void renewal_is_only_for_an_order_in_production() {
        PolicyHistory history = publish(true);

        CheckoutConsent.Decision renewal = CheckoutConsent.atRenewal(
                f.account,
                f.draft(8),
                boxes(true, true, true, V2),
                history,
                f.ids,
                v2Effective.plus(Duration.ofDays(1)));

        assertRefused(renewal, Rejection.Reason.ORDER_STATE);
    }

    @Test
    @Tag("R9")
    void a_non_material_version_does_not_make_consent_stale() {
        PolicyHistory history = publish(false);
        ConsentState state = ConsentState.of(training, grants);
        Instant later = v2Effective.plus(Duration.ofDays(5));

        assertThat(history.currentAt(later)).map(PolicyVersion::version).contains(V2);
        assertThat(history.isStale(grants.getFirst(), later)).isFalse();
        assertThat(ProcessingPolicy.check(f.account, training, state, history, later))
                .isEmpty();
    }

    @Test
    @Tag("R9")
    void after_a_material_version_checkout_must_show_the_new_notices() {
        PolicyHistory history = publish(true);
        Order newDraft = f.draft(8, v2Effective.plusSeconds(10));
        Instant at = v2Effective.plusSeconds(60);

        CheckoutConsent.Decision old =
                CheckoutConsent.atCheckout(f.account, newDraft, boxes(true, true, true, V1), history, f.ids, at);
        CheckoutConsent.Decision current =
                CheckoutConsent.atCheckout(f.account, newDraft, boxes(true, true, true, V2), history, f.ids, at);

        assertRefused(old, Rejection.Reason.NOTICE_VERSION_OUTDATED);
        assertThat(current).isInstanceOf(CheckoutConsent.Decision.Accepted.class);
        assertThat(history.isStale(current.records().getFirst(), at)).isFalse();
    }

    @Test
    @Tag("R9")
    void a_consent_naming_an_unknown_version_is_stale() {
        PolicyHistory unrelated =
                new PolicyHistory(List.of(Fixtures.policy(new NoticeVersion("other"), Fixtures.V1_EFFECTIVE, false)));

        assertThat(unrelated.isStale(grants.getFirst(), paidAt)).isTrue();
    }

    @Test
    @Tag("R9")
    @Tag("R6")
    void a_version_taking_effect_in_the_past_or_reusing_a_label_cannot_be_published() {
        PolicyHistory.Publication past =
                f.history().publish(Fixtures.policy(V2, publishedAt.minusSeconds(1), true), publishedAt);
        PolicyHistory.Publication reused = f.history().publish(Fixtures.policy(V1, v2Effective, true), publishedAt);
        PolicyHistory.Publication beforeLatest = f.history()
                .publish(
                        Fixtures.policy(V2, Fixtures.V1_EFFECTIVE.minusSeconds(1), true),
                        Fixtures.V1_EFFECTIVE.minus(Duration.ofDays(1)));

        for (PolicyHistory.Publication refused : List.of(past, reused, beforeLatest)) {
            assertThat(refused)
                    .isInstanceOfSatisfying(
                            PolicyHistory.Publication.Refused.class,
                            r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.POLICY_VERSION_INVALID));
        }
        // publishing keeps every earlier version retrievable
        PolicyHistory after = publish(true);
        assertThat(after.find(V1)).contains(f.v1());
        assertThat(after.versions()).hasSize(2);
    }
}
