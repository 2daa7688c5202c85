package ai.kaptura.ports.in;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;

/**
 * The recurring pass that deletes photos the vault holds but no row accounts for (R10): a photo is stored before the
 * row that names it commits, so a crash, a failed commit or a lost acknowledgement in between leaves it behind.
 */
@Implements(Rule.R10)
public interface ReconcileVault {

    /**
     * What one pass found.
     *
     * @param listed      photos the vault listed
     * @param deleted     orphans deleted, each with evidence and an audit entry
     * @param tooYoung    photos no row names yet, but stored within the grace period: perhaps their row is about to commit
     * @param inProduction headshots no row names yet, of an account with an order still collecting headshots
     */
    record Report(int listed, int deleted, int tooYoung, int inProduction) {}

    Report handle();
}
