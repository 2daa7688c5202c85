package ai.kaptura.domain.shared;

import java.util.Objects;

/** Small invariant checks shared by value objects; each failure says which value and why. */
public final class Checks {

    private Checks() {}

    /** A required text: present, not blank, and at most {@code max} characters. */
    public static String text(String value, String name, int max) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new InvalidInput(name + " must not be blank");
        }
        if (value.length() > max) {
            throw new InvalidInput(name + " must be at most " + max + " characters (got " + value.length() + ")");
        }
        return value;
    }

    public static <T> T present(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " is required");
    }
}
