package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;

/**
 * One checkout opened at the payment processor for an order: which attempt of the order it was (each attempt
 * has its own idempotency key, so its own checkout), the processor's reference for it, and the amount it asked.
 * A payment reported against it counts only for exactly that amount, in that currency.
 *
 * @param attempt   the order's checkout attempt it belongs to, from 1
 * @param reference the processor's reference for the checkout
 * @param asked     the amount the checkout asked the person to pay
 * @param openedAt  when the processor answered with it
 */
public record CheckoutAttempt(int attempt, CheckoutRef reference, Money asked, Instant openedAt) {
    public CheckoutAttempt {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(openedAt, "opened at");
        if (attempt < 1) {
            throw new DomainViolation("A checkout attempt is numbered from 1, not " + attempt);
        }
    }
}
