package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** The payment processor's reference for a completed payment (needed to refund it). */
public record PaymentRef(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_:.-]{1,255}");

    public PaymentRef {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput("A payment reference is 1 to 255 letters, digits or '_:.-'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
