package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** A style's stable slug, such as {@code studio-grey}. */
public record StyleId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public StyleId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new InvalidInput("A style id is a lower-case slug of at most 40 characters (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
