package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.DomainViolation;

/** An order was asked to move between two states the lifecycle does not connect. */
public final class IllegalTransition extends DomainViolation {

    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalTransition(OrderId order, OrderStatus from, OrderStatus to) {
        super("Order " + order + " cannot move from " + from + " to " + to + " (allowed: " + from.next() + ")");
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}
