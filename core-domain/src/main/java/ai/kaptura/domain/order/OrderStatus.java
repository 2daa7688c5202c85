package ai.kaptura.domain.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * The closed set of states an order passes through, with the only moves allowed between them.
 *
 * <pre>
 * DRAFT → AWAITING_PAYMENT → PAID → TRAINING → GENERATING → DELIVERED
 *   ↑______________↓ (checkout expired or abandoned)
 * any unfinished state → CANCELLED (consent withdrawn, erasure, minor flag)
 * PAID, TRAINING, GENERATING → FAILED
 * PAID, FAILED, CANCELLED, DELIVERED → REFUNDED
 * </pre>
 */
public enum OrderStatus {
    DRAFT,
    AWAITING_PAYMENT,
    PAID,
    TRAINING,
    GENERATING,
    DELIVERED,
    FAILED,
    CANCELLED,
    REFUNDED;

    /** The states this one may move to; anything else is an {@link IllegalTransition}. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(AWAITING_PAYMENT, CANCELLED);
            case AWAITING_PAYMENT -> EnumSet.of(PAID, DRAFT, CANCELLED);
            case PAID -> EnumSet.of(TRAINING, FAILED, CANCELLED, REFUNDED);
            case TRAINING -> EnumSet.of(GENERATING, FAILED, CANCELLED);
            case GENERATING -> EnumSet.of(DELIVERED, FAILED, CANCELLED);
            case DELIVERED -> EnumSet.of(REFUNDED);
            case FAILED, CANCELLED -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

    /** Paid for and not yet finished: the states in which the vendor may hold the person's data. */
    public boolean isInProduction() {
        return this == PAID || this == TRAINING || this == GENERATING;
    }

    /**
     * The states in which processing checks consent before it goes on (R4, R7, R9, R42), and so may wait for it: paid
     * (before the selfies go to the vendor) and generating (before headshots are asked of the model). Training is not
     * among them: the vendor already holds the selfies and trains.
     */
    public boolean waitsForConsent() {
        return this == PAID || this == GENERATING;
    }

    /** The person can still change the order: add or remove selfies, change nothing that was paid. */
    public boolean isDraft() {
        return this == DRAFT;
    }

    /** The purpose ended without headshots: the selfies must go (R10). */
    public boolean endedUndelivered() {
        return this == FAILED || this == CANCELLED || (this == REFUNDED);
    }

    public boolean isTerminal() {
        return next().isEmpty();
    }
}
