package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.ports.out.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AuditLog} in memory: one linear hash chain, appended under the database's lock. */
public record InMemoryAuditLog(InMemoryDatabase db) implements AuditLog {

    public InMemoryAuditLog {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public AuditEntry append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (db) {
            AuditEntry entry = AuditChain.append(head(), event);
            db.audit.add(entry);
            return entry;
        }
    }

    @Override
    public List<AuditEntry> read(long fromSequence, int limit) {
        synchronized (db) {
            return db.audit.stream()
                    .filter(e -> e.sequence() >= fromSequence)
                    .limit(Math.max(limit, 0))
                    .toList();
        }
    }

    @Override
    public Optional<AuditEntry> head() {
        synchronized (db) {
            return db.audit.isEmpty() ? Optional.empty() : Optional.of(db.audit.getLast());
        }
    }

    @Override
    public List<AuditEntry> about(String subjectId, int limit) {
        synchronized (db) {
            return db.audit.stream()
                    .filter(e -> e.event().subject().id().equals(subjectId))
                    .limit(Math.max(limit, 0))
                    .toList();
        }
    }

    @Override
    public Optional<AuditEntry> lastOfRunBefore(Instant instant, int limit) {
        Objects.requireNonNull(instant, "instant");
        synchronized (db) {
            AuditEntry last = null;
            for (AuditEntry entry : db.audit.subList(0, Math.min(Math.max(limit, 0), db.audit.size()))) {
                if (!entry.event().at().isBefore(instant)) {
                    break;
                }
                last = entry;
            }
            return Optional.ofNullable(last);
        }
    }

    @Override
    public int pruneThrough(long cut) {
        synchronized (db) {
            long head = head().map(AuditEntry::sequence).orElse(0L);
            if (cut >= head) {
                throw new IllegalArgumentException(
                        "The audit chain's head (entry " + head + ") is never pruned; asked to prune through " + cut);
            }
            int before = db.audit.size();
            db.audit.removeIf(e -> e.sequence() <= cut);
            return before - db.audit.size();
        }
    }

    /** Removes the last {@code count} entries, as someone who can write the database could (tests of R50). */
    public void cutTail(int count) {
        synchronized (db) {
            for (int i = 0; i < count && !db.audit.isEmpty(); i++) {
                db.audit.removeLast();
            }
        }
    }
}
