package ai.kaptura.domain.consent;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * R9: a paid order held until the person renews consent under a policy version material for biometrics. The hold
 * begins when processing is first refused for that reason under that version (before the selfies go to the vendor, or
 * before headshots are asked of the trained model); the person is told then, reminded at {@link #remindAt} if the
 * order still waits, and at {@link #cancelAt} an order still waiting is cancelled, refunded and its selfies and vendor
 * model deleted (R10, R14): the purpose ended without headshots. Renewing ends the hold; a newer material version
 * while one waits begins a hold of its own, with its own notice and window.
 *
 * <p>The window applies at both stages: an order held before generation waits the same fourteen days as one held
 * before training. (The AI vendor's own limit of 24 hours a stage is for a vendor that does not finish; a hold is
 * the person's time, not the vendor's.)
 *
 * @param order  the order held
 * @param policy the material version whose notices the person must consent to
 * @param since  when processing was first refused for it
 */
@Implements(Rule.R9)
public record ConsentHold(OrderId order, NoticeVersion policy, Instant since) {

    public ConsentHold {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(policy, "policy version");
        Objects.requireNonNull(since, "since");
    }

    /** When the person is reminded, if the order still waits. */
    public Instant remindAt() {
        return since.plus(LegalConstants.CONSENT_RENEWAL_REMINDER_AFTER);
    }

    /** The end of the window: an order still waiting then is cancelled and refunded. */
    public Instant cancelAt() {
        return since.plus(LegalConstants.CONSENT_RENEWAL_WINDOW);
    }

    /**
     * The material policy version {@code order} waits on for renewed consent at {@code now}, if it waits for that: it is
     * at a stage that checks consent before going on ({@link ai.kaptura.domain.order.OrderStatus#waitsForConsent}), and
     * {@link ProcessingPolicy} refuses it because a consent is stale (R9) rather than for another reason first (a
     * withdrawal or a stopped account ends the order instead of holding it). The version is the newest material one in
     * force: the one whose notices a renewal must be given under.
     */
    public static Optional<NoticeVersion> awaitedRenewal(
            Account account, Order order, ConsentState consent, PolicyHistory policies, Instant now) {
        if (!order.status().waitsForConsent()) {
            return Optional.empty();
        }
        return ProcessingPolicy.check(account, order, consent, policies, now)
                .filter(refusal -> refusal.reason() == Rejection.Reason.CONSENT_STALE)
                .flatMap(stale -> policies.latestMaterialAt(now))
                .map(material -> material.version());
    }
}
