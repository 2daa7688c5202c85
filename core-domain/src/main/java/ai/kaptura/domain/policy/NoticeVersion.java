package ai.kaptura.domain.policy;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** The label of a published policy version and of the notice texts it carries, such as {@code 2026-11}. */
public record NoticeVersion(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    public NoticeVersion {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput(
                    "A notice version is 1 to 32 letters, digits, '.', '_' or '-' (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
