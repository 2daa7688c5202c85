package ai.kaptura.ports.out;

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
}
