package ai.kaptura.domain.order;

import java.time.Instant;
import java.util.Objects;

/** One step of an order's history: the state it entered, when, and why (shown on the order page). */
public record StatusChange(OrderStatus status, Instant at, String why) {
    public StatusChange {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(why, "why");
    }
}
