package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_RECORDS;

import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.ports.out.DeletionRecords;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** {@link DeletionRecords}: the evidence in {@code deletion_evidence}, marked as held by no order in {@code deletion_records}. */
record SqlDeletionRecords(Database db) implements DeletionRecords {

    @Override
    public void record(DeletionEvidence evidence) {
        Objects.requireNonNull(evidence, "evidence");
        db.run(() -> {
            UUID id = EvidenceRows.store(db, evidence);
            db.ctx()
                    .insertInto(DELETION_RECORDS)
                    .set(DELETION_RECORDS.EVIDENCE_ID, id)
                    .onConflictDoNothing()
                    .execute();
        });
    }

    @Override
    public List<DeletionEvidence> since(Instant from, int limit) {
        return db.read(ctx -> ctx.select(DELETION_EVIDENCE.fields())
                .from(DELETION_RECORDS)
                .join(DELETION_EVIDENCE)
                .on(DELETION_EVIDENCE.ID.eq(DELETION_RECORDS.EVIDENCE_ID))
                .where(DELETION_EVIDENCE.DELETED_AT.ge(from))
                .orderBy(DELETION_EVIDENCE.DELETED_AT, DELETION_EVIDENCE.ID)
                .limit(Math.max(limit, 0))
                .fetch(r -> EvidenceRows.map(r.into(DELETION_EVIDENCE))));
    }

    @Override
    public List<Count> counts() {
        var evidence = org.jooq.impl.DSL.count().as("evidence");
        return db
                .read(ctx -> ctx.select(
                                DELETION_EVIDENCE.CATEGORY,
                                DELETION_EVIDENCE.LOCATION_KIND,
                                DELETION_EVIDENCE.LOCATION_NAME,
                                DELETION_EVIDENCE.REASON,
                                evidence)
                        .from(DELETION_EVIDENCE)
                        .groupBy(
                                DELETION_EVIDENCE.CATEGORY,
                                DELETION_EVIDENCE.LOCATION_KIND,
                                DELETION_EVIDENCE.LOCATION_NAME,
                                DELETION_EVIDENCE.REASON)
                        .fetch(r -> new Count(
                                Rows.enumValue(
                                        ai.kaptura.domain.retention.DataCategory.class,
                                        r.value1(),
                                        "deletion_evidence",
                                        "category"),
                                r.value2() + ":" + r.value3(),
                                Rows.enumValue(
                                        ai.kaptura.domain.biometric.DeletionReason.class,
                                        r.value4(),
                                        "deletion_evidence",
                                        "reason"),
                                r.value5())))
                .stream()
                .sorted(java.util.Comparator.comparing(
                        (Count c) -> c.category() + "|" + c.location() + "|" + c.reason()))
                .toList();
    }
}
