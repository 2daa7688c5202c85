package ai.kaptura.domain.policy;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.Locale;
import java.util.regex.Pattern;

/** A BCP 47 language tag in the short form notices are written in, such as {@code en} or {@code de-AT}. */
public record Language(String tag) {

    private static final Pattern SHAPE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");

    public static final Language ENGLISH = new Language("en");

    public Language {
        if (tag == null || !SHAPE.matcher(tag).matches()) {
            throw new InvalidInput("A language is a tag such as 'en' or 'de-AT' (got '" + tag + "')");
        }
    }

    public static Language of(String raw) {
        if (raw == null) {
            throw new InvalidInput("A language is required");
        }
        String[] parts = raw.strip().replace('_', '-').split("-", 2);
        return new Language(
                parts.length == 1
                        ? parts[0].toLowerCase(Locale.ROOT)
                        : parts[0].toLowerCase(Locale.ROOT) + "-" + parts[1].toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return tag;
    }
}
