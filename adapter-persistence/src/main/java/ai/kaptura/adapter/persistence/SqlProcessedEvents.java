package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.PROCESSED_EVENTS;

import ai.kaptura.adapter.persistence.schema.tables.records.ProcessedEventsRecord;
import ai.kaptura.ports.out.ProcessedEvents;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link ProcessedEvents} in the {@code processed_events} table, keyed by (source, event id): the
 * insert does nothing when the pair is there, and only the caller whose insert added the row hears
 * "first time".
 */
record SqlProcessedEvents(Database db) implements ProcessedEvents {

    @Override
    public boolean firstTime(String source, String eventId, Instant at) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventId, "event id");
        Objects.requireNonNull(at, "at");
        ProcessedEventsRecord row = ColumnLengths.checked(new ProcessedEventsRecord(source, eventId, at));
        // Not inserted: another caller (perhaps concurrent) saw it first.
        return db.inTransaction(() ->
                Database.inserted(db.ctx().insertInto(PROCESSED_EVENTS).set(row).onConflictDoNothing()));
    }
}
