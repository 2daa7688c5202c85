package ai.kaptura.ports.out.fake;

import ai.kaptura.ports.out.ProcessedEvents;
import java.time.Instant;
import java.util.Objects;

/** {@link ProcessedEvents} in memory: each (source, event id) answers {@code true} once. */
public record InMemoryProcessedEvents(InMemoryDatabase db) implements ProcessedEvents {

    public InMemoryProcessedEvents {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public boolean firstTime(String source, String eventId, Instant at) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventId, "event id");
        Objects.requireNonNull(at, "at");
        synchronized (db) {
            return db.processedEvents.putIfAbsent(new InMemoryDatabase.EventKey(source, eventId), at) == null;
        }
    }
}
