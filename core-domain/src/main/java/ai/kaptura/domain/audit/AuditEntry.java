package ai.kaptura.domain.audit;

import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.Objects;

/**
 * An {@link AuditEvent} in its place in the chain: its sequence number, the hash of the entry before
 * it, and its own hash over both (see {@link AuditChain}).
 */
public record AuditEntry(long sequence, AuditEvent event, Digest previousHash, Digest hash) {
    public AuditEntry {
        if (sequence < 1) {
            throw new DomainViolation("Audit sequence numbers start at 1");
        }
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(previousHash, "previous hash");
        Objects.requireNonNull(hash, "hash");
    }
}
