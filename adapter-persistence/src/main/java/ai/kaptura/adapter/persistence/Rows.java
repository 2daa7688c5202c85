package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.shared.DomainViolation;
import java.util.Arrays;

/** Reading stored values back into the domain, failing loudly and clearly on anything unexpected. */
final class Rows {

    private Rows() {}

    /**
     * The enum constant a column holds. A value the code does not know (a row written by a newer
     * version, or edited by hand) is a clear error naming table, column and value, never a guess.
     */
    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String table, String column) {
        if (value == null) {
            throw new DomainViolation(
                    table + "." + column + " is empty where a " + type.getSimpleName() + " is required");
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new DomainViolation(table + "." + column + " holds '" + value + "', which is not a known "
                    + type.getSimpleName() + " (known: " + Arrays.toString(type.getEnumConstants()) + ")");
        }
    }
}
