package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentRecordId;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.ports.out.ConsentLedger;
import java.util.List;
import java.util.Objects;

/** {@link ConsentLedger} in memory: append-only, with erasure replacing records by their tombstones. */
public record InMemoryConsentLedger(InMemoryDatabase db) implements ConsentLedger {

    public InMemoryConsentLedger {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public void append(ConsentRecord record) {
        Objects.requireNonNull(record, "record");
        synchronized (db) {
            if (db.consent.stream().anyMatch(s -> id(s).equals(record.id()))) {
                throw new IllegalStateException(
                        "Consent record " + record.id() + " is already in the ledger; records are never overwritten");
            }
            db.consent.add(new InMemoryDatabase.StoredConsent(record, null));
        }
    }

    @Override
    public List<ConsentRecord> ofAccount(AccountId account) {
        synchronized (db) {
            return db.consent.stream()
                    .map(InMemoryDatabase.StoredConsent::record)
                    .filter(r -> r != null && r.account().equals(account))
                    .toList();
        }
    }

    @Override
    public int reduceToTombstones(AccountId account) {
        synchronized (db) {
            int reduced = 0;
            for (int i = 0; i < db.consent.size(); i++) {
                ConsentRecord record = db.consent.get(i).record();
                if (record != null && record.account().equals(account)) {
                    db.consent.set(i, new InMemoryDatabase.StoredConsent(null, record.tombstone()));
                    reduced++;
                }
            }
            return reduced;
        }
    }

    @Override
    public List<ConsentTombstone> tombstonesOf(AccountId account) {
        synchronized (db) {
            return db.consent.stream()
                    .map(InMemoryDatabase.StoredConsent::tombstone)
                    .filter(t -> t != null && t.account().equals(account))
                    .toList();
        }
    }

    @Override
    public List<Count> counts() {
        synchronized (db) {
            java.util.Map<java.util.List<Object>, long[]> counted =
                    new java.util.TreeMap<>(java.util.Comparator.comparing(
                                    (java.util.List<Object> k) -> k.get(0).toString())
                            .thenComparing(k -> ((Enum<?>) k.get(1)).ordinal())
                            .thenComparing(k -> ((Enum<?>) k.get(2)).ordinal()));
            for (InMemoryDatabase.StoredConsent stored : db.consent) {
                boolean live = stored.record() != null;
                java.util.List<Object> key = live
                        ? java.util.List.of(
                                stored.record().policyVersion(),
                                stored.record().purpose(),
                                stored.record().decision())
                        : java.util.List.of(
                                stored.tombstone().policyVersion(),
                                stored.tombstone().purpose(),
                                stored.tombstone().decision());
                counted.computeIfAbsent(key, k -> new long[2])[live ? 0 : 1]++;
            }
            return counted.entrySet().stream()
                    .map(e -> new Count(
                            (ai.kaptura.domain.policy.NoticeVersion) e.getKey().get(0),
                            (ai.kaptura.domain.consent.ConsentPurpose)
                                    e.getKey().get(1),
                            (ai.kaptura.domain.consent.ConsentDecision)
                                    e.getKey().get(2),
                            e.getValue()[0],
                            e.getValue()[1]))
                    .toList();
        }
    }

    private static ConsentRecordId id(InMemoryDatabase.StoredConsent stored) {
        return stored.record() != null
                ? stored.record().id()
                : stored.tombstone().id();
    }
}
