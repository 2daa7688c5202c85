package ai.kaptura.ports.out;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.List;

/**
 * Deletion evidence that belongs to no order and no privacy request: a photo the vault held that no selfie or headshot
 * accounted for, deleted by the reconciliation pass (R10). Evidence about an order's own photos stays with the order.
 */
@Implements(Rule.R10)
public interface DeletionRecords {

    /** Keeps {@code evidence}; recording the same evidence twice keeps it once. Joins the caller's transaction. */
    void record(DeletionEvidence evidence);

    /** The evidence recorded for deletions at or after {@code from}, oldest first, at most {@code limit}. */
    List<DeletionEvidence> since(Instant from, int limit);

    /** How many pieces of deletion evidence are kept for one data category, location and reason. */
    record Count(DataCategory category, String location, DeletionReason reason, long evidence) {
        public Count {
            java.util.Objects.requireNonNull(category, "category");
            java.util.Objects.requireNonNull(location, "location");
            java.util.Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Every piece of deletion evidence the store keeps, this port's and the orders' own alike (selfies, models and
     * headshots deleted), counted per category, location and reason: the auditor's deletion-evidence counts (R50).
     */
    List<Count> counts();
}
