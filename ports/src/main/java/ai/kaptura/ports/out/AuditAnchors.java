package ai.kaptura.ports.out;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.List;

/**
 * Where the signed checkpoints of the audit chain are kept: outside the database, so that whoever can rewrite the
 * database cannot rewrite them too (R50). Checkpoints are only ever added.
 */
@Implements(Rule.R50)
public interface AuditAnchors {

    /** Keeps {@code checkpoint}; keeping the same one twice keeps it once. */
    void keep(AuditCheckpoint.Signed checkpoint);

    /** Every checkpoint kept, oldest first (by the sequence it was signed at, then its time). */
    List<AuditCheckpoint.Signed> all();
}
