package ai.kaptura.adapter.persistence;

import ai.kaptura.domain.shared.InvalidInput;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.TableRecord;

/**
 * Refuses a row whose text is longer than its column before it is written. The database refuses such a
 * value itself on a plain INSERT or UPDATE, but not on H2 when jOOQ emulates {@code ON CONFLICT} with a
 * {@code MERGE}: that statement casts every bind value to its column type ({@code CAST(? AS VARCHAR(n))}),
 * and H2 cuts the text to fit without a word. Checking here keeps "never a silent truncation" true on both
 * databases, and leaves the caller's transaction usable on PostgreSQL.
 */
final class ColumnLengths {

    private ColumnLengths() {}

    /**
     * Answers {@code row} if every text in it fits its column; else a clear input error naming table and
     * column (never the value). Lengths are counted in UTF-16 units, never fewer than either database counts.
     */
    static <R extends TableRecord<R>> R checked(R row) {
        for (Field<?> field : row.fields()) {
            DataType<?> type = field.getDataType();
            if (row.get(field) instanceof String text
                    && type.hasLength()
                    && type.length() > 0
                    && text.length() > type.length()) {
                throw new InvalidInput("A value is longer than Kaptura stores for it ("
                        + row.getTable().getName() + "." + field.getName() + " holds at most " + type.length()
                        + " characters, got " + text.length() + ")");
            }
        }
        return row;
    }
}
