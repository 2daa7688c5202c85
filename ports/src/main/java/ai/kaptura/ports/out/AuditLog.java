package ai.kaptura.ports.out;

import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hash-chained audit log (R46). The store computes each entry with
 * {@link ai.kaptura.domain.audit.AuditChain#append} inside the caller's transaction, so concurrent
 * appends still form one linear chain.
 */
public interface AuditLog {

    AuditEntry append(AuditEvent event);

    /** Up to {@code limit} entries from sequence {@code fromSequence} on, in order. */
    List<AuditEntry> read(long fromSequence, int limit);

    Optional<AuditEntry> head();

    /** Entries about one subject id (an account, an order), in order: consent proof and access. */
    List<AuditEntry> about(String subjectId, int limit);

    /**
     * The last entry of the log's oldest run of entries that all occurred before {@code instant}, looking at no more
     * than the oldest {@code limit} entries: how far one pruning under the retention schedule may remove (R12); the
     * next one goes on. Empty if the oldest entry held did not occur before it. A run stops at the first entry that
     * occurred at or after {@code instant}, even where the clocks of several nodes wrote entries out of time order.
     */
    Optional<AuditEntry> lastOfRunBefore(Instant instant, int limit);

    /**
     * Removes the entries up to and including sequence {@code cut}: only for the retention schedule's pruning, and
     * only after a checkpoint of entry {@code cut} was signed and kept outside the database, which the kept chain is
     * then verified from ({@link ai.kaptura.domain.audit.AuditChain#verifyAnchored}, R12, R46, R50). Call it in the
     * transaction that records the pruning (an {@code AUDIT_PRUNED} entry), so the head is never removed.
     *
     * @return how many entries were removed
     * @throws IllegalArgumentException if {@code cut} is the chain's head or beyond it: the head stays, so the chain
     *     goes on from it
     */
    int pruneThrough(long cut);
}
