package ai.kaptura.adapter.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;

/**
 * A query rendered to SQL once and then run many times with new bind values. Building and rendering a jOOQ
 * query tree costs more Java time than PostgreSQL spends answering a primary-key read (the order read with
 * its nested multisets measured about half of the server's CPU in rendering alone), so the reads on every
 * request's path keep their SQL here. The results are read through the template's own fields, so nested
 * multisets and converted columns come back exactly as the template would give them.
 *
 * <p>The template must bind exactly the values passed to {@link #fetch}, in the same order: bind them with
 * {@code DSL.param(name, type)} placeholders; a constant in the template would be rendered as a bind of its
 * own and is refused when the query is built.
 */
final class RenderedQuery {

    private final String sql;
    private final Field<?>[] fields;
    private final int binds;

    /** Renders {@code template} for {@code db}'s dialect and settings; {@code binds} is how many values each run gives. */
    RenderedQuery(Database db, Select<?> template, int binds) {
        Objects.requireNonNull(template, "template");
        int rendered = template.getBindValues().size();
        if (rendered != binds) {
            throw new IllegalArgumentException("The template binds " + rendered + " values where " + binds
                    + " are given on each run; bind constants inline");
        }
        this.sql = db.render(template);
        // The select list itself: Select.fields() would name the columns of a derived table instead.
        this.fields = template.getSelect().toArray(Field<?>[]::new);
        this.binds = binds;
    }

    /** Runs the SQL with {@code values} on {@code ctx} (the current transaction's, or the pool's). */
    Result<Record> fetch(DSLContext ctx, Object... values) {
        if (values.length != binds) {
            throw new IllegalArgumentException("This query takes " + binds + " values, not " + values.length);
        }
        // Read by position with the template's fields, as jOOQ reads its own queries: a plain SQL query with
        // coerce() would match columns by name, and a template may join two tables with the same column names.
        return ctx.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return ctx.fetch(rows, fields);
                }
            }
        });
    }
}
