package ai.kaptura.domain.account;

import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address, normalised: trimmed and lower-cased, so one person has one account whatever the
 * capitals they type. Only the shape is checked here; ownership is proved by a sign-in code.
 */
public record EmailAddress(String value) {

    /** RFC 5321 caps a path at 254 characters. */
    public static final int MAX_LENGTH = 254;

    private static final Pattern SHAPE = Pattern.compile(
            "[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    public EmailAddress {
        if (value == null) {
            throw invalid("An email address is required");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.length() > MAX_LENGTH) {
            throw invalid("An email address has at most " + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(value).matches() || value.contains("..") || value.startsWith(".")) {
            throw invalid("'" + value + "' does not look like an email address");
        }
    }

    public static EmailAddress of(String raw) {
        return new EmailAddress(raw);
    }

    private static InvalidInput invalid(String detail) {
        return new InvalidInput(Rejection.of(Rejection.Reason.INVALID_EMAIL, detail));
    }

    /** The address with the local part masked, for screens that confirm without revealing. */
    public String masked() {
        int at = value.indexOf('@');
        return value.charAt(0) + "***" + value.substring(at);
    }

    @Override
    public String toString() {
        return masked();
    }
}
