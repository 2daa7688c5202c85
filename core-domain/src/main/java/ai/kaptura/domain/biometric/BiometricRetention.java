package ai.kaptura.domain.biometric;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.retention.RetentionFacts;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies the retention policy to an order's biometric data: its selfies (R10, R11) and the vendor's
 * model (R2, R11, R14). The facts come from the order, the account and the consent ledger; the
 * decision comes from the one {@link RetentionPolicy} that also renders the public schedule (R12).
 */
@Implements({Rule.R2, Rule.R7, Rule.R10, Rule.R11, Rule.R12, Rule.R14})
public final class BiometricRetention {

    private BiometricRetention() {}

    /** What the policy needs to know about an order's biometric data. */
    public record Situation(
            Order order,
            Account account,
            ConsentState consent,
            Optional<Instant> erasureRequestedAt,
            Optional<LegalHold> hold) {

        /** The same facts about {@code changed}, the same order after a change (say, what {@link #apply} marked). */
        public Situation withOrder(Order changed) {
            if (!changed.id().equals(order.id())) {
                throw new IllegalArgumentException("Order " + changed.id() + " is not order " + order.id());
            }
            return new Situation(changed, account, consent, erasureRequestedAt, hold);
        }
    }

    public static RetentionFacts selfieFacts(Situation s) {
        Order order = s.order();
        RetentionFacts facts = common(s);
        if (order.status() == OrderStatus.DRAFT || order.status() == OrderStatus.AWAITING_PAYMENT) {
            facts = facts.and(Trigger.DRAFT_LAST_ACTIVITY, order.lastActivityAt());
        }
        return facts;
    }

    /**
     * The vendor model's facts. A model whose training never finished counts its 30 days from the
     * request, as {@link VendorModel#deletionDeadline()} does: the vendor holds the training set all the same.
     * A legal hold is not among them: the model lives in the vendor's systems, where we cannot keep it, so its
     * deletion goes on under a hold (R11, R14; see {@link ai.kaptura.domain.retention.AccountHold}).
     */
    public static RetentionFacts modelFacts(Situation s) {
        RetentionFacts facts = new RetentionFacts(common(s).happened(), Optional.empty());
        return facts.and(
                Trigger.MODEL_TRAINED, s.order().model().map(m -> m.trainedAt().orElse(m.requestedAt())));
    }

    private static RetentionFacts common(Situation s) {
        Order order = s.order();
        RetentionFacts facts = RetentionFacts.none()
                .and(Trigger.HEADSHOTS_DELIVERED, order.enteredAt(OrderStatus.DELIVERED))
                .and(Trigger.ORDER_ENDED_UNDELIVERED, order.endedUndeliveredAt())
                .and(Trigger.CONSENT_WITHDRAWN, withdrawnAt(s.consent()))
                .and(Trigger.ERASURE_REQUESTED, s.erasureRequestedAt())
                .and(Trigger.MINOR_FLAGGED, s.account().minorFlag().map(MinorFlag::flaggedAt))
                .and(Trigger.LAST_INTERACTION, s.account().lastInteractionAt());
        return s.hold().map(facts::held).orElse(facts);
    }

    private static Optional<Instant> withdrawnAt(ConsentState consent) {
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Optional<ConsentRecord> latest = consent.latest(purpose);
            if (latest.isPresent() && latest.get().decision() == ConsentDecision.WITHDRAWN) {
                return Optional.of(latest.get().recordedAt());
            }
        }
        return Optional.empty();
    }

    /**
     * The order with every selfie the policy makes due by {@code now} marked for deletion, and the
     * model's deletion requested if it is due. Nothing changes for data under a legal hold.
     */
    public static Order apply(Situation s, RetentionPolicy policy, Instant now) {
        Order order = s.order();
        if (!order.liveSelfies().isEmpty()) {
            RetentionPolicy.Verdict verdict = policy.verdict(DataCategory.SELFIE, selfieFacts(s));
            if (verdict instanceof RetentionPolicy.Verdict.DueAt due
                    && !due.at().isAfter(now)) {
                order = order.markSelfiesForDeletion(reasonFor(due.rule().trigger()), now);
            }
        }
        if (order.model().isPresent()
                && !(order.model().get() instanceof VendorModel.DeletionRequested)
                && !order.model().get().isDeletionConfirmed()) {
            RetentionPolicy.Verdict verdict = policy.verdict(DataCategory.VENDOR_MODEL, modelFacts(s));
            if (verdict instanceof RetentionPolicy.Verdict.DueAt due
                    && !due.at().isAfter(now)) {
                order = order.requestModelDeletion(reasonFor(due.rule().trigger()), now);
            }
        }
        return order;
    }

    /**
     * The next instant something of this order becomes due, for the store to index (so the sweep
     * reads only what is due, however many orders exist).
     */
    public static Optional<Instant> nextDue(Situation s, RetentionPolicy policy) {
        List<Instant> candidates = new ArrayList<>();
        if (!s.order().liveSelfies().isEmpty()) {
            policy.dueAt(DataCategory.SELFIE, selfieFacts(s)).ifPresent(candidates::add);
        }
        Optional<VendorModel> model = s.order().model();
        if (model.isPresent()
                && !model.get().isDeletionConfirmed()
                && !(model.get() instanceof VendorModel.DeletionRequested)) {
            policy.dueAt(DataCategory.VENDOR_MODEL, modelFacts(s)).ifPresent(candidates::add);
        }
        return candidates.stream().min(Instant::compareTo);
    }

    /** The reason recorded in the deletion evidence for a rule with this trigger. */
    public static DeletionReason reasonFor(Trigger trigger) {
        return switch (trigger) {
            case HEADSHOTS_DELIVERED -> DeletionReason.HEADSHOTS_DELIVERED;
            case ORDER_ENDED_UNDELIVERED -> DeletionReason.ORDER_ENDED_UNDELIVERED;
            case DRAFT_LAST_ACTIVITY -> DeletionReason.DRAFT_ABANDONED;
            case CONSENT_WITHDRAWN -> DeletionReason.CONSENT_WITHDRAWN;
            case ERASURE_REQUESTED -> DeletionReason.ACCOUNT_ERASED;
            case MINOR_FLAGGED -> DeletionReason.MINOR_FLAGGED;
            case LAST_INTERACTION -> DeletionReason.ABSOLUTE_CAP_REACHED;
            case MODEL_TRAINED -> DeletionReason.VENDOR_MODEL_MAX_AGE;
            case CREATED, ENDED, CLOSED, WINDOW_LAPSED, LAST_ATTEMPT ->
                throw new IllegalArgumentException(trigger + " is not a biometric trigger");
        };
    }
}
