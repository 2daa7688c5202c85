package ai.kaptura.domain.order;

import java.util.Objects;
import java.util.UUID;

/** An order's id: random and opaque, safe to show a vendor as a reference (R37). */
public record OrderId(UUID value) {
    public OrderId {
        Objects.requireNonNull(value, "order id");
    }

    public static OrderId parse(String text) {
        return new OrderId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
