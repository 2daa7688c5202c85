package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** A plan's stable slug, such as {@code starter}. */
public record PlanId(String value) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public PlanId {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new InvalidInput("A plan id is a lower-case slug of at most 40 characters (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
