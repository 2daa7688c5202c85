package ai.kaptura.domain.cookie;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/**
 * A Google Analytics 4 measurement id ({@code KAPTURA_GA4_ID}), such as {@code G-ABC123XYZ}: {@code G-} and 4 to 16
 * capital letters or digits. The one rule for its shape, which the configuration and the HTTP adapter both apply;
 * analytics load only after consent (R40).
 */
public record AnalyticsId(String value) {
    private static final Pattern SHAPE = Pattern.compile("G-[A-Z0-9]{4,16}");

    public AnalyticsId {
        if (!isWellFormed(value)) {
            throw new InvalidInput(
                    "A Google Analytics 4 measurement id is G- and 4 to 16 capital letters or digits, such as"
                            + " G-ABC123XYZ (got '" + value + "')");
        }
    }

    /** Whether {@code value} has the shape of a GA4 measurement id. */
    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
