package ai.kaptura.ports.out;

import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
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
}
