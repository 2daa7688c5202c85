package ai.kaptura.domain.biometric;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** The vendor's id for a person's trained model, as the vendor gave it. */
public record ModelRef(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_:.-]{1,128}");

    public ModelRef {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput("A vendor model id is 1 to 128 letters, digits or '_:.-' (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
