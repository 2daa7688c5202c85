package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.CONSENT_RECORDS;

import ai.kaptura.adapter.persistence.schema.tables.records.ConsentRecordsRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentRecordId;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.ConsentLedger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.RecordMapper;

/**
 * {@link ConsentLedger} in {@code consent_records}: one row per decision, in append order ({@code seq}),
 * never overwritten (the unique index on {@code id} refuses a second record with the same id, a
 * tombstone's included). Erasure is the one update: the account's live rows become tombstones, their
 * order link and language set to NULL. On PostgreSQL a trigger refuses every other UPDATE and every
 * DELETE (R6).
 */
record SqlConsentLedger(Database db) implements ConsentLedger {

    private static final String TABLE = "consent_records";

    @Override
    public void append(ConsentRecord record) {
        Objects.requireNonNull(record, "record");
        ConsentRecordsRecord row = row(record);
        db.run(() -> {
            // DO NOTHING keeps a refused duplicate from aborting the caller's transaction on PostgreSQL;
            // H2 emulates it with a MERGE that fails instead when the other row committed meanwhile.
            if (!Database.inserted(db.ctx()
                    .insertInto(CONSENT_RECORDS)
                    .set(row)
                    .onConflict(CONSENT_RECORDS.ID)
                    .doNothing())) {
                throw new IllegalStateException("Consent record " + record.id()
                        + " is already in the ledger; records are never overwritten (R6)");
            }
        });
    }

    @Override
    public List<ConsentRecord> ofAccount(AccountId account) {
        return rows(account, CONSENT_RECORDS.TOMBSTONE.isFalse(), SqlConsentLedger::record);
    }

    /** The only UPDATE the ledger knows, and the only one PostgreSQL's trigger lets through. */
    @Override
    public int reduceToTombstones(AccountId account) {
        return db.inTransaction(() -> db.ctx()
                .update(CONSENT_RECORDS)
                .set(CONSENT_RECORDS.TOMBSTONE, true)
                .setNull(CONSENT_RECORDS.ORDER_ID)
                .setNull(CONSENT_RECORDS.LANGUAGE)
                .where(CONSENT_RECORDS.ACCOUNT_ID.eq(account.value()))
                .and(CONSENT_RECORDS.TOMBSTONE.isFalse())
                .execute());
    }

    @Override
    public List<ConsentTombstone> tombstonesOf(AccountId account) {
        return rows(account, CONSENT_RECORDS.TOMBSTONE.isTrue(), SqlConsentLedger::tombstone);
    }

    /** The account's rows that {@code which} picks (tombstones or not), in the order they were appended. */
    private <T> List<T> rows(AccountId account, Condition which, RecordMapper<ConsentRecordsRecord, T> as) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(CONSENT_RECORDS)
                .where(CONSENT_RECORDS.ACCOUNT_ID.eq(account.value()))
                .and(which)
                .orderBy(CONSENT_RECORDS.SEQ)
                .fetch(as));
    }

    /** The record's row, without {@code seq} (the database numbers rows as they are appended). */
    private static ConsentRecordsRecord row(ConsentRecord r) {
        ConsentRecordsRecord row = new ConsentRecordsRecord();
        row.setId(r.id().value());
        row.setAccountId(r.account().value());
        row.setOrderId(r.order().map(OrderId::value).orElse(null));
        row.setPurpose(r.purpose().name());
        row.setDecision(r.decision().name());
        row.setPolicyVersion(r.policyVersion().value());
        row.setNoticeHash(r.noticeHash().hex());
        row.setMethod(r.method().name());
        row.setLanguage(r.language().tag());
        row.setRecordedAt(r.recordedAt());
        row.setTombstone(false);
        return ColumnLengths.checked(row);
    }

    private static ConsentRecord record(ConsentRecordsRecord r) {
        if (r.getLanguage() == null) {
            throw new DomainViolation(
                    TABLE + ".language is empty in live record " + r.getId() + " (only a tombstone drops it)");
        }
        return new ConsentRecord(
                new ConsentRecordId(r.getId()),
                new AccountId(r.getAccountId()),
                Optional.ofNullable(r.getOrderId()).map(OrderId::new),
                Rows.enumValue(ConsentPurpose.class, r.getPurpose(), TABLE, "purpose"),
                Rows.enumValue(ConsentDecision.class, r.getDecision(), TABLE, "decision"),
                new NoticeVersion(r.getPolicyVersion()),
                new Digest(r.getNoticeHash()),
                Rows.enumValue(ConsentMethod.class, r.getMethod(), TABLE, "method"),
                new Language(r.getLanguage()),
                r.getRecordedAt());
    }

    private static ConsentTombstone tombstone(ConsentRecordsRecord r) {
        return new ConsentTombstone(
                new ConsentRecordId(r.getId()),
                new AccountId(r.getAccountId()),
                Rows.enumValue(ConsentPurpose.class, r.getPurpose(), TABLE, "purpose"),
                Rows.enumValue(ConsentDecision.class, r.getDecision(), TABLE, "decision"),
                new NoticeVersion(r.getPolicyVersion()),
                new Digest(r.getNoticeHash()),
                Rows.enumValue(ConsentMethod.class, r.getMethod(), TABLE, "method"),
                r.getRecordedAt());
    }

    @Override
    public List<Count> counts() {
        var live = org.jooq
                .impl
                .DSL
                .count()
                .filterWhere(CONSENT_RECORDS.TOMBSTONE.isFalse())
                .as("live");
        var tombstones = org.jooq
                .impl
                .DSL
                .count()
                .filterWhere(CONSENT_RECORDS.TOMBSTONE.isTrue())
                .as("tombstones");
        return db
                .read(ctx -> ctx.select(
                                CONSENT_RECORDS.POLICY_VERSION,
                                CONSENT_RECORDS.PURPOSE,
                                CONSENT_RECORDS.DECISION,
                                live,
                                tombstones)
                        .from(CONSENT_RECORDS)
                        .groupBy(CONSENT_RECORDS.POLICY_VERSION, CONSENT_RECORDS.PURPOSE, CONSENT_RECORDS.DECISION)
                        .fetch(r -> new Count(
                                new ai.kaptura.domain.policy.NoticeVersion(r.value1()),
                                Rows.enumValue(
                                        ai.kaptura.domain.consent.ConsentPurpose.class,
                                        r.value2(),
                                        "consent_records",
                                        "purpose"),
                                Rows.enumValue(
                                        ai.kaptura.domain.consent.ConsentDecision.class,
                                        r.value3(),
                                        "consent_records",
                                        "decision"),
                                r.value4(),
                                r.value5())))
                .stream()
                .sorted(java.util.Comparator.comparing((Count c) -> c.version().toString())
                        .thenComparing(c -> c.purpose().ordinal())
                        .thenComparing(c -> c.decision().ordinal()))
                .toList();
    }
}
