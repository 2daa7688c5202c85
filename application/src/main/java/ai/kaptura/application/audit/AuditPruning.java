package ai.kaptura.application.audit;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Performs the schedule's row for audit entries, "deleted at most 6 years after it is created" (R12), without giving up
 * what the chain proves (R46, R50). The oldest run of entries created before the schedule's cut-off is removed only
 * through a checkpoint: first a checkpoint of the cut (the last entry to go: its sequence and hash) is signed with the
 * audit key and kept outside the database; then, in one transaction, an {@link AuditAction#AUDIT_PRUNED} entry naming
 * the cut is appended (so the head is never among the removed) and the entries up to the cut are deleted. The kept
 * chain then verifies from that checkpoint ({@link AuditChain#verifyAnchored}); entries removed any other way still
 * break it.
 *
 * <p>At most {@link #BATCH} entries go per pruning; the next sweep goes on.
 */
@Implements({Rule.R12, Rule.R46, Rule.R50})
public record AuditPruning(
        AuditLog log, AuditAnchoring anchoring, RetentionPolicy policy, Transactions tx, AuditTrail audit) {

    /** Entries looked at, and so at most removed, per pruning. */
    public static final int BATCH = 10_000;

    /**
     * Prunes the entries the schedule makes due at {@code now}; answers how many went (0 if none was due).
     *
     * @return the number of entries removed
     */
    public int prune(Instant now) {
        Instant createdBefore = policy.triggeredBefore(DataCategory.AUDIT_ENTRY, Trigger.CREATED, now);
        Optional<AuditEntry> cut = tx.inTransaction(() -> log.lastOfRunBefore(createdBefore, BATCH));
        if (cut.isEmpty()) {
            return 0;
        }
        AuditEntry last = cut.get();
        AuditCheckpoint.Signed checkpoint = anchoring.anchorCut(last);
        return tx.inTransaction(() -> {
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.AUDIT_PRUNED,
                    Subject.of("audit_log", last.sequence()),
                    Rule.R12,
                    Map.of(
                            AuditChain.PRUNED_THROUGH_SEQUENCE,
                            last.sequence(),
                            AuditChain.PRUNED_THROUGH_HASH,
                            last.hash().hex(),
                            "created_before",
                            createdBefore,
                            "checkpoint_at",
                            checkpoint.checkpoint().at()));
            return log.pruneThrough(last.sequence());
        });
    }
}
