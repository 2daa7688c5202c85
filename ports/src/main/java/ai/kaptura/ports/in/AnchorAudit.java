package ai.kaptura.ports.in;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Optional;

/**
 * The recurring signing of the audit chain's head (R50): every few minutes, and once an erasure has closed, a checkpoint
 * of the head is signed and kept outside the database, so that what was logged until then can no longer be rewritten
 * or cut without it showing.
 */
@Implements(Rule.R50)
public interface AnchorAudit {

    /** Signs and keeps a checkpoint of the chain's head if it moved since the last one; answers it, if any. */
    Optional<AuditCheckpoint.Signed> anchor();
}
