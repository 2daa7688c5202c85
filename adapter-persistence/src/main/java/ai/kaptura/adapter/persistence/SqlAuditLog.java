package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.AUDIT_HEAD;
import static ai.kaptura.adapter.persistence.schema.Tables.AUDIT_LOG;

import ai.kaptura.adapter.persistence.schema.tables.records.AuditHeadRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.AuditLogRecord;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link AuditLog} in {@code audit_log}, one row per entry keyed by its sequence number, with the chain's
 * head in the single row of {@code audit_head}. An append locks that row ({@code SELECT ... FOR UPDATE}),
 * computes the entry with {@link AuditChain#append} from the head it found, inserts it and moves the head,
 * all in the caller's transaction: concurrent appends wait for each other and form one linear chain, and
 * an append rolled back with its use case leaves no gap (R46).
 *
 * <p>The table is append-only (on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE, V101). The one removal is
 * the retention schedule's pruning ({@link #pruneThrough}, R12): under the head row's lock it names its cut in the
 * transaction-local setting {@code kaptura.audit_prune}, which the trigger (V102) reads to let exactly the rows at or
 * before the cut, never the head, be deleted.
 */
record SqlAuditLog(Database db) implements AuditLog {

    private static final String TABLE = "audit_log";

    @Override
    public AuditEntry append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (db.isPostgres()) {
            return db.inTransaction(() -> appendInTheServer(event));
        }
        return db.inTransaction(() -> {
            AuditHeadRecord head = db.ctx()
                    .selectFrom(AUDIT_HEAD)
                    .where(AUDIT_HEAD.ID.eq(1))
                    .forUpdate()
                    .fetchOne();
            if (head == null) {
                throw new IllegalStateException("audit_head has no row: the audit chain's head is missing (R46)");
            }
            // The chain grows from the head row alone: one locked read, one insert, one update, all while the
            // lock serialises appenders. A head edited by hand breaks the chain there, which verify() reports.
            AuditEntry entry = AuditChain.append(head.getSequence(), new Digest(head.getHash()), event);
            db.ctx().insertInto(AUDIT_LOG).set(row(entry)).execute();
            db.ctx()
                    .update(AUDIT_HEAD)
                    .set(AUDIT_HEAD.SEQUENCE, entry.sequence())
                    .set(AUDIT_HEAD.HASH, entry.hash().hex())
                    .where(AUDIT_HEAD.ID.eq(1))
                    .execute();
            return entry;
        });
    }

    /**
     * On PostgreSQL the whole append is one call ({@code kaptura_audit_append}, V105): the head is locked, the entry
     * numbered, hashed and inserted and the head moved inside the server. Every appender waits for the head's lock and
     * holds it to its commit, so each round trip made while holding it is paid by every other writer: here it is held
     * for this call and the commit, instead of a locked read, the writes and the commit. The hash is the domain's
     * ({@link AuditChain#hash}) computed by the server from the same canonical bytes; it is recomputed here from what
     * comes back, and a mismatch refuses the append (the transaction rolls back).
     */
    private AuditEntry appendInTheServer(AuditEvent event) {
        // The values are checked against their columns before anything is written, as every store does.
        AuditLogRecord row = row(new AuditEntry(1, event, AuditChain.GENESIS, AuditChain.GENESIS));
        return db.ctx().connectionResult(connection -> {
            try (PreparedStatement s = connection.prepareStatement(APPEND)) {
                s.setObject(1, OffsetDateTime.ofInstant(row.getOccurredAt(), ZoneOffset.UTC));
                s.setString(2, row.getActorKind());
                s.setString(3, row.getActorId());
                s.setString(4, row.getAction());
                s.setString(5, row.getSubjectType());
                s.setString(6, row.getSubjectId());
                s.setString(7, row.getRuleId());
                s.setString(8, row.getDetails());
                s.setBytes(9, AuditChain.canonicalAfterSequence(event));
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("The audit append answered nothing (R46)");
                    }
                    AuditEntry entry =
                            new AuditEntry(r.getLong(1), event, new Digest(r.getString(2)), new Digest(r.getString(3)));
                    Digest expected = AuditChain.hash(entry.sequence(), event, entry.previousHash());
                    if (!expected.equals(entry.hash())) {
                        throw new IllegalStateException("The database hashed audit entry " + entry.sequence()
                                + " differently from the domain's chain (R46): append refused");
                    }
                    return entry;
                }
            }
        });
    }

    private static final String APPEND = "SELECT appended_sequence, appended_previous_hash, appended_hash"
            + " FROM kaptura_audit_append(?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public List<AuditEntry> read(long fromSequence, int limit) {
        return entries(AUDIT_LOG.SEQUENCE.ge(fromSequence), limit);
    }

    @Override
    public Optional<AuditEntry> head() {
        return db.inTransaction(() -> {
            AuditHeadRecord head =
                    db.ctx().selectFrom(AUDIT_HEAD).where(AUDIT_HEAD.ID.eq(1)).fetchOne();
            return head == null ? Optional.empty() : entryAt(head);
        });
    }

    @Override
    public List<AuditEntry> about(String subjectId, int limit) {
        return entries(AUDIT_LOG.SUBJECT_ID.eq(subjectId), limit);
    }

    @Override
    public Optional<AuditEntry> lastOfRunBefore(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        if (limit <= 0) {
            return Optional.empty();
        }
        return db.inTransaction(() -> {
            Long last = null;
            for (var row : db.ctx()
                    .select(AUDIT_LOG.SEQUENCE, AUDIT_LOG.OCCURRED_AT)
                    .from(AUDIT_LOG)
                    .orderBy(AUDIT_LOG.SEQUENCE)
                    .limit(limit)
                    .fetch()) {
                if (!row.value2().isBefore(instant)) {
                    break;
                }
                last = row.value1();
            }
            if (last == null) {
                return Optional.empty();
            }
            return db.ctx()
                    .selectFrom(AUDIT_LOG)
                    .where(AUDIT_LOG.SEQUENCE.eq(last))
                    .fetchOptional(SqlAuditLog::entry);
        });
    }

    /**
     * Deletes the entries up to {@code cut} under the head row's lock, so no append moves the head meanwhile. On
     * PostgreSQL the cut is set in {@code kaptura.audit_prune} for the delete alone (the trigger of V102 allows it for
     * those rows only) and cleared again before the transaction goes on.
     */
    @Override
    public int pruneThrough(long cut) {
        return db.inTransaction(() -> {
            AuditHeadRecord head = db.ctx()
                    .selectFrom(AUDIT_HEAD)
                    .where(AUDIT_HEAD.ID.eq(1))
                    .forUpdate()
                    .fetchOne();
            long headSequence = head == null ? 0 : head.getSequence();
            if (cut >= headSequence) {
                throw new IllegalArgumentException("The audit chain's head (entry " + headSequence
                        + ") is never pruned; asked to prune through " + cut + " (R46)");
            }
            if (db.isPostgres()) {
                db.ctx().execute("SELECT set_config('kaptura.audit_prune', ?, true)", Long.toString(cut));
            }
            int removed = db.ctx()
                    .deleteFrom(AUDIT_LOG)
                    .where(AUDIT_LOG.SEQUENCE.le(cut))
                    .execute();
            if (db.isPostgres()) {
                db.ctx().execute("SELECT set_config('kaptura.audit_prune', '', true)");
            }
            return removed;
        });
    }

    /** The first {@code limit} entries that {@code where} picks, in chain order; none without asking when {@code limit} is not positive. */
    private List<AuditEntry> entries(Condition where, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> db.ctx()
                .selectFrom(AUDIT_LOG)
                .where(where)
                .orderBy(AUDIT_LOG.SEQUENCE)
                .limit(limit)
                .fetch(SqlAuditLog::entry));
    }

    /**
     * The entry the head row points at, empty at the genesis (sequence 0). The head row and the entry must
     * agree: a disagreement means the log was edited outside Kaptura, and appending to it would hide that.
     */
    private Optional<AuditEntry> entryAt(AuditHeadRecord head) {
        if (head.getSequence() == 0) {
            return Optional.empty();
        }
        AuditEntry entry = db.ctx()
                .selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.SEQUENCE.eq(head.getSequence()))
                .fetchOptional(SqlAuditLog::entry)
                .orElseThrow(() -> new DomainViolation(
                        "audit_head points at entry " + head.getSequence() + ", which audit_log does not hold (R46)"));
        if (!entry.hash().hex().equals(head.getHash())) {
            throw new DomainViolation(
                    "audit_head's hash does not match the hash of entry " + head.getSequence() + " (R46)");
        }
        return Optional.of(entry);
    }

    private static AuditLogRecord row(AuditEntry e) {
        AuditEvent event = e.event();
        AuditLogRecord row = new AuditLogRecord();
        row.setSequence(e.sequence());
        row.setOccurredAt(event.at());
        row.setActorKind(event.actor().kind().name());
        row.setActorId(event.actor().id());
        row.setAction(event.action().name());
        row.setSubjectType(event.subject().type());
        row.setSubjectId(event.subject().id());
        row.setRuleId(event.rule().id());
        row.setDetails(Details.encode(event.details()));
        row.setPreviousHash(e.previousHash().hex());
        row.setHash(e.hash().hex());
        return ColumnLengths.checked(row);
    }

    private static AuditEntry entry(AuditLogRecord r) {
        AuditEvent event = new AuditEvent(
                r.getOccurredAt(),
                new Actor(Rows.enumValue(Actor.Kind.class, r.getActorKind(), TABLE, "actor_kind"), r.getActorId()),
                Rows.enumValue(AuditAction.class, r.getAction(), TABLE, "action"),
                new Subject(r.getSubjectType(), r.getSubjectId()),
                Rows.enumValue(Rule.class, r.getRuleId(), TABLE, "rule_id"),
                Details.decode(r.getDetails(), r.getSequence()));
        return new AuditEntry(r.getSequence(), event, new Digest(r.getPreviousHash()), new Digest(r.getHash()));
    }

    /**
     * The text form of an event's details: each key, then its value, in the map's order; each written as
     * its length in Unicode code points (decimal), a colon and the text itself. The lengths make it
     * unambiguous whatever the texts hold (colons and digits included), and any reader of the column can
     * take it apart without Java. No details is the empty text.
     */
    static final class Details {

        private Details() {}

        static String encode(Map<String, String> details) {
            StringBuilder out = new StringBuilder();
            details.forEach((key, value) -> {
                field(out, key);
                field(out, value);
            });
            return out.toString();
        }

        private static void field(StringBuilder out, String text) {
            out.append(text.codePointCount(0, text.length())).append(':').append(text);
        }

        /** The details again, in stored order; anything malformed is a clear violation naming the entry. */
        static Map<String, String> decode(String text, long sequence) {
            Map<String, String> details = new LinkedHashMap<>();
            int[] at = {0};
            while (at[0] < text.length()) {
                String key = next(text, at, sequence);
                if (at[0] >= text.length()) {
                    throw malformed(sequence, "the detail '" + key + "' has no value");
                }
                String value = next(text, at, sequence);
                if (details.put(key, value) != null) {
                    throw malformed(sequence, "the detail '" + key + "' appears twice");
                }
            }
            return details;
        }

        private static String next(String text, int[] at, long sequence) {
            int colon = text.indexOf(':', at[0]);
            if (colon <= at[0] || colon - at[0] > 9) {
                throw malformed(sequence, "no length prefix at character " + at[0]);
            }
            String digits = text.substring(at[0], colon);
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed(sequence, "no length prefix at character " + at[0]);
            }
            int codePoints = Integer.parseInt(digits);
            int start = colon + 1;
            int end;
            try {
                end = text.offsetByCodePoints(start, codePoints);
            } catch (IndexOutOfBoundsException e) {
                throw malformed(sequence, "a field is shorter than its length prefix says");
            }
            at[0] = end;
            return text.substring(start, end);
        }

        private static DomainViolation malformed(long sequence, String why) {
            return new DomainViolation(TABLE + ".details of entry " + sequence + " is malformed: " + why);
        }
    }
}
