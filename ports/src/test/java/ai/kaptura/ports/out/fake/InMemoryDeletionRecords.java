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

    @Override
    public List<Count> counts() {
        synchronized (db) {
            java.util.List<DeletionEvidence> all = new java.util.ArrayList<>(db.deletionRecords.values());
            for (InMemoryDatabase.StoredOrder stored : db.orders.values()) {
                for (ai.kaptura.domain.biometric.Selfie selfie : stored.order().selfies()) {
                    if (selfie instanceof ai.kaptura.domain.biometric.Selfie.Deleted deleted) {
                        all.add(deleted.evidence());
                    }
                }
                stored.order()
                        .model()
                        .filter(m -> m instanceof ai.kaptura.domain.biometric.VendorModel.DeletionConfirmed)
                        .map(m -> ((ai.kaptura.domain.biometric.VendorModel.DeletionConfirmed) m).evidence())
                        .ifPresent(all::add);
            }
            java.util.Map<String, Count> counted = new java.util.TreeMap<>();
            for (DeletionEvidence e : all) {
                String location = e.where().kind() + ":" + e.where().name();
                String key = e.category() + "|" + location + "|" + e.reason();
                Count before = counted.get(key);
                counted.put(
                        key, new Count(e.category(), location, e.reason(), before == null ? 1 : before.evidence() + 1));
            }
            return List.copyOf(counted.values());
        }
    }
}
