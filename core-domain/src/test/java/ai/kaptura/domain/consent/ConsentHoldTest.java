package ai.kaptura.domain.consent;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.rule.LegalConstants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which orders wait for renewed consent, on which version, and the hold's two dates: R9. */
class ConsentHoldTest {

    private static final NoticeVersion V2 = new NoticeVersion("2026-04");
    private static final NoticeVersion V3 = new NoticeVersion("2026-05");

    private final Fixtures f = new Fixtures();
    private final Instant checkoutAt = NOW.plus(Duration.ofMinutes(5));
    private final Instant v2Effective = NOW.plus(Duration.ofDays(1));
    private final Instant later = v2Effective.plus(Duration.ofHours(1));

    private final Order draft = f.draft(8);
    private final List<ConsentRecord> grants = f.grantedAtCheckout(draft, checkoutAt);

    @Test
    @Tag("R9")
    void a_paid_order_whose_consent_a_material_version_made_stale_waits_on_that_version() {
        Order paid = Fixtures.paid(draft, checkoutAt);

        assertThat(awaited(paid, grants, with(V2, true), later)).contains(V2);
        assertThat(awaited(paid, grants, with(V2, true), v2Effective.minusSeconds(1)))
                .as("not yet in force")
                .isEmpty();
        assertThat(awaited(paid, grants, with(V2, false), later))
                .as("not material")
                .isEmpty();
    }

    @Test
    @Tag("R9")
    void an_order_waits_at_generation_too_but_not_while_training_nor_once_ended() {
        PolicyHistory history = with(V2, true);

        assertThat(awaited(f.generating(draft, checkoutAt, checkoutAt.plusSeconds(600)), grants, history, later))
                .contains(V2);
        assertThat(awaited(Fixtures.training(draft, checkoutAt), grants, history, later))
                .as("the vendor trains")
                .isEmpty();
        assertThat(awaited(Fixtures.paid(draft, checkoutAt).cancel("stopped", later), grants, history, later))
                .isEmpty();
    }

    @Test
    @Tag("R9")
    @Tag("R7")
    void an_order_whose_consent_was_withdrawn_is_not_held_for_renewal() {
        Order paid = Fixtures.paid(draft, checkoutAt);
        List<ConsentRecord> withdrawn = Fixtures.ledger(grants, f.withdrawal(checkoutAt.plusSeconds(120)));

        assertThat(awaited(paid, withdrawn, with(V2, true), later)).isEmpty();
    }

    @Test
    @Tag("R9")
    void with_two_material_versions_in_force_the_order_waits_on_the_newest() {
        PolicyHistory both = publish(with(V2, true), V3, v2Effective.plus(Duration.ofDays(3)), true);

        assertThat(awaited(Fixtures.paid(draft, checkoutAt), grants, both, v2Effective.plus(Duration.ofDays(4))))
                .contains(V3);
    }

    @Test
    @Tag("R9")
    void the_person_is_reminded_after_seven_days_and_the_order_cancelled_after_fourteen() {
        ConsentHold hold = new ConsentHold(draft.id(), V2, later);

        assertThat(hold.remindAt())
                .isEqualTo(later.plus(Duration.ofDays(7)))
                .isEqualTo(later.plus(LegalConstants.CONSENT_RENEWAL_REMINDER_AFTER));
        assertThat(hold.cancelAt())
                .isEqualTo(later.plus(Duration.ofDays(14)))
                .isEqualTo(later.plus(LegalConstants.CONSENT_RENEWAL_WINDOW));
    }

    private java.util.Optional<NoticeVersion> awaited(
            Order order, List<ConsentRecord> records, PolicyHistory history, Instant now) {
        return ConsentHold.awaitedRenewal(f.account, order, ConsentState.of(order, records), history, now);
    }

    private PolicyHistory with(NoticeVersion version, boolean material) {
        return publish(f.history(), version, v2Effective, material);
    }

    private static PolicyHistory publish(
            PolicyHistory history, NoticeVersion version, Instant effective, boolean material) {
        return ((PolicyHistory.Publication.Published)
                        history.publish(Fixtures.policy(version, effective, material), NOW))
                .history();
    }
}
