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

    private static ConsentRecordId id(InMemoryDatabase.StoredConsent stored) {
        return stored.record() != null
                ? stored.record().id()
                : stored.tombstone().id();
    }
}
