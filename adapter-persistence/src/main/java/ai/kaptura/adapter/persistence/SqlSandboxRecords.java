package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SANDBOX_BLOBS;
import static ai.kaptura.adapter.persistence.schema.Tables.SANDBOX_RECORDS;

import ai.kaptura.adapter.persistence.schema.tables.records.SandboxRecordsRecord;
import ai.kaptura.ports.out.SandboxRecords;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link SandboxRecords} in the {@code sandbox_records} and {@code sandbox_blobs} tables (V18). Every decision between
 * nodes is one guarded statement: the insert that adds a row (ON CONFLICT DO NOTHING), the update that replaces a body
 * only at the version read, and the update that claims a due step only while no other lease lasts.
 */
record SqlSandboxRecords(Database db) implements SandboxRecords {

    @Override
    public boolean insert(String kind, String id, String owner, String body, Optional<Instant> dueAt) {
        SandboxRecords.requireKey(kind, id, owner);
        requireBody(body);
        return db.inTransaction(() -> Database.inserted(db.ctx()
                .insertInto(SANDBOX_RECORDS)
                .set(SANDBOX_RECORDS.KIND, kind)
                .set(SANDBOX_RECORDS.RECORD_ID, id)
                .set(SANDBOX_RECORDS.OWNER_ID, owner)
                .set(SANDBOX_RECORDS.BODY, body)
                .set(SANDBOX_RECORDS.VERSION, 1L)
                .set(SANDBOX_RECORDS.DUE_AT, micros(dueAt))
                .onConflictDoNothing()));
    }

    @Override
    public Optional<Entry> find(String kind, String id) {
        return db.inTransaction(
                () -> db.ctx().selectFrom(SANDBOX_RECORDS).where(is(kind, id)).fetchOptional(SqlSandboxRecords::entry));
    }

    @Override
    public boolean replace(String kind, String id, long version, String body, Optional<Instant> dueAt) {
        requireBody(body);
        return db.inTransaction(() -> db.ctx()
                        .update(SANDBOX_RECORDS)
                        .set(SANDBOX_RECORDS.BODY, body)
                        .set(SANDBOX_RECORDS.DUE_AT, micros(dueAt))
                        .set(SANDBOX_RECORDS.VERSION, SANDBOX_RECORDS.VERSION.plus(1))
                        .where(is(kind, id))
                        .and(SANDBOX_RECORDS.VERSION.eq(version))
                        .execute()
                == 1);
    }

    @Override
    public boolean delete(String kind, String id) {
        return db.inTransaction(
                () -> db.ctx().deleteFrom(SANDBOX_RECORDS).where(is(kind, id)).execute() == 1);
    }

    @Override
    public List<String> ids(String kind) {
        return db.inTransaction(() -> db.ctx()
                .select(SANDBOX_RECORDS.RECORD_ID)
                .from(SANDBOX_RECORDS)
                .where(SANDBOX_RECORDS.KIND.eq(kind))
                .fetch(SANDBOX_RECORDS.RECORD_ID));
    }

    @Override
    public List<String> due(String kind, Instant now, int limit) {
        return db.inTransaction(() -> db.ctx()
                .select(SANDBOX_RECORDS.RECORD_ID)
                .from(SANDBOX_RECORDS)
                .where(SANDBOX_RECORDS.KIND.eq(kind))
                .and(dueAt(now))
                .orderBy(SANDBOX_RECORDS.DUE_AT, SANDBOX_RECORDS.RECORD_ID)
                .limit(limit)
                .fetch(SANDBOX_RECORDS.RECORD_ID));
    }

    @Override
    public boolean claim(String kind, String id, String holder, Instant now, Instant until) {
        Objects.requireNonNull(holder, "holder");
        return db.inTransaction(() -> db.ctx()
                        .update(SANDBOX_RECORDS)
                        .set(SANDBOX_RECORDS.LEASE_HOLDER, holder)
                        .set(SANDBOX_RECORDS.LEASE_UNTIL, until.truncatedTo(ChronoUnit.MICROS))
                        .where(is(kind, id))
                        .and(dueAt(now))
                        .execute()
                == 1);
    }

    @Override
    public void release(String kind, String id, String holder) {
        db.run(() -> db.ctx()
                .update(SANDBOX_RECORDS)
                .setNull(SANDBOX_RECORDS.LEASE_HOLDER)
                .setNull(SANDBOX_RECORDS.LEASE_UNTIL)
                .where(is(kind, id))
                .and(SANDBOX_RECORDS.LEASE_HOLDER.eq(holder))
                .execute());
    }

    @Override
    public void putBlob(String name, String owner, byte[] bytes) {
        SandboxRecords.requireKey("blob", name, owner);
        Objects.requireNonNull(bytes, "bytes");
        db.run(() -> db.ctx()
                .insertInto(SANDBOX_BLOBS)
                .set(SANDBOX_BLOBS.NAME, name)
                .set(SANDBOX_BLOBS.OWNER_ID, owner)
                .set(SANDBOX_BLOBS.BYTES, bytes)
                .onConflict(SANDBOX_BLOBS.NAME)
                .doUpdate()
                .set(SANDBOX_BLOBS.OWNER_ID, owner)
                .set(SANDBOX_BLOBS.BYTES, bytes)
                .execute());
    }

    @Override
    public Optional<Blob> blob(String name) {
        return db.inTransaction(() -> db.ctx()
                .select(SANDBOX_BLOBS.OWNER_ID, SANDBOX_BLOBS.BYTES)
                .from(SANDBOX_BLOBS)
                .where(SANDBOX_BLOBS.NAME.eq(name))
                .fetchOptional(r -> new Blob(r.value1(), r.value2())));
    }

    @Override
    public List<String> blobNames(String owner) {
        return db.inTransaction(() -> db.ctx()
                .select(SANDBOX_BLOBS.NAME)
                .from(SANDBOX_BLOBS)
                .where(SANDBOX_BLOBS.OWNER_ID.eq(owner))
                .orderBy(SANDBOX_BLOBS.NAME)
                .fetch(SANDBOX_BLOBS.NAME));
    }

    @Override
    public Removed deleteOwned(String owner) {
        return db.inTransaction(() -> new Removed(
                db.ctx()
                        .deleteFrom(SANDBOX_RECORDS)
                        .where(SANDBOX_RECORDS.OWNER_ID.eq(owner))
                        .execute(),
                db.ctx()
                        .deleteFrom(SANDBOX_BLOBS)
                        .where(SANDBOX_BLOBS.OWNER_ID.eq(owner))
                        .execute()));
    }

    @Override
    public boolean holdsAnything(String owner) {
        return db.inTransaction(() -> db.ctx().fetchExists(SANDBOX_RECORDS, SANDBOX_RECORDS.OWNER_ID.eq(owner))
                || db.ctx().fetchExists(SANDBOX_BLOBS, SANDBOX_BLOBS.OWNER_ID.eq(owner)));
    }

    /** Due at {@code now}, with a step, and no lease lasting beyond {@code now}. */
    private static Condition dueAt(Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return SANDBOX_RECORDS
                .DUE_AT
                .isNotNull()
                .and(SANDBOX_RECORDS.DUE_AT.le(at))
                .and(SANDBOX_RECORDS.LEASE_UNTIL.isNull().or(SANDBOX_RECORDS.LEASE_UNTIL.le(at)));
    }

    private static Condition is(String kind, String id) {
        return SANDBOX_RECORDS.KIND.eq(kind).and(SANDBOX_RECORDS.RECORD_ID.eq(id));
    }

    private static Instant micros(Optional<Instant> at) {
        return at.map(i -> i.truncatedTo(ChronoUnit.MICROS)).orElse(null);
    }

    private static Entry entry(SandboxRecordsRecord r) {
        return new Entry(
                r.getKind(),
                r.getRecordId(),
                r.getOwnerId(),
                r.getBody(),
                r.getVersion(),
                Optional.ofNullable(r.getDueAt()));
    }

    private static void requireBody(String body) {
        if (body == null || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("A sandbox record's body is at most " + MAX_BODY + " characters");
        }
    }
}
