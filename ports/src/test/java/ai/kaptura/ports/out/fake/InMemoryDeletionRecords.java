package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.ports.out.DeletionRecords;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** {@link DeletionRecords} in memory: one entry per distinct evidence, rolled back with the transaction. */
public record InMemoryDeletionRecords(InMemoryDatabase db) implements DeletionRecords {

    public InMemoryDeletionRecords {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public void record(DeletionEvidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        synchronized (db) {
            db.deletionRecords.putIfAbsent(evidence.toString(), evidence);
        }
    }

    @Override
    public List<DeletionEvidence> since(Instant from, int limit) {
        synchronized (db) {
            return db.deletionRecords.values().stream()
                    .filter(e -> !e.at().isBefore(from))
                    .sorted(Comparator.comparing(DeletionEvidence::at))
                    .limit(Math.max(limit, 0))
                    .toList();
        }
    }
}
