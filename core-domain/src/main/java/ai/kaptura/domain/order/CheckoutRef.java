package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/**
 * The payment processor's reference for one checkout we opened (Stripe: the Checkout Session id). A payment
 * counts for an order only when the processor reports it against one of the order's own checkouts.
 */
public record CheckoutRef(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_:.-]{1,255}");

    public CheckoutRef {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput("A checkout reference is 1 to 255 letters, digits or '_:.-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
