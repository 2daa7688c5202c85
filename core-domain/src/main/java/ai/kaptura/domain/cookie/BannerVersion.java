package ai.kaptura.domain.cookie;

import ai.kaptura.domain.shared.InvalidInput;
import java.util.regex.Pattern;

/** The version of the cookie banner's text a choice was made on (R41). */
public record BannerVersion(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    public BannerVersion {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidInput(
                    "A banner version is 1 to 32 letters, digits, '.', '_' or '-' (got '" + value + "')");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
