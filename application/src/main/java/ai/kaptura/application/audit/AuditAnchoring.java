package ai.kaptura.application.audit;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.AnchorAudit;
import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.Transactions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Anchors the audit chain outside the database (R50): signs a checkpoint of the chain's head with the audit key, which
 * the database never holds, and keeps it in {@link AuditAnchors}; and verifies the chain against every checkpoint kept,
 * so that an edited entry, a chain recomputed after an edit, or entries cut from its end are found. Checkpoints are
 * not themselves audited: an entry for each would move the head it signs.
 */
@Implements({Rule.R46, Rule.R50})
public final class AuditAnchoring implements AnchorAudit {

    private final AuditLog log;
    private final AuditAnchors anchors;
    private final KeyPair key;
    private final Transactions tx;
    private final InstantSource clock;
    /** The sequence this node last anchored, so an idle chain is not signed again; none yet after a start. */
    private volatile long lastAnchored = -1;

    public AuditAnchoring(AuditLog log, AuditAnchors anchors, KeyPair key, Transactions tx, InstantSource clock) {
        this.log = log;
        this.anchors = anchors;
        this.key = key;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public synchronized Optional<AuditCheckpoint.Signed> anchor() {
        Optional<AuditEntry> head = tx.inTransaction(log::head);
        if (head.isEmpty() || head.get().sequence() == lastAnchored) {
            return Optional.empty();
        }
        AuditCheckpoint.Signed signed =
                AuditCheckpoint.of(head.get(), clock.instant()).sign(key.getPrivate());
        anchors.keep(signed);
        lastAnchored = head.get().sequence();
        return Optional.of(signed);
    }

    /**
     * Signs and keeps a checkpoint of {@code cut}, the last entry a pruning under the retention schedule will remove
     * (R12): the chain kept after it verifies from this checkpoint ({@link AuditChain#verifyAnchored}). Kept before
     * anything is removed, so a pruning that fails afterwards leaves only a checkpoint of an entry still held.
     */
    public AuditCheckpoint.Signed anchorCut(AuditEntry cut) {
        AuditCheckpoint.Signed signed = AuditCheckpoint.of(cut, clock.instant()).sign(key.getPrivate());
        anchors.keep(signed);
        return signed;
    }

    /**
     * Verifies {@code entries}, the chain from its first entry held (after the cut of the last pruning, if any),
     * against every checkpoint kept.
     */
    public AuditChain.Verification verify(Iterable<AuditEntry> entries) {
        return AuditChain.verifyAnchored(entries, anchors.all(), key.getPublic());
    }

    /** The key auditors check the checkpoints with. */
    public PublicKey publicKey() {
        return key.getPublic();
    }

    /** The audit key pair, for the one who runs Kaptura to show its fingerprint. */
    public KeyPair keyPair() {
        return key;
    }

    /** Every checkpoint kept, oldest first. */
    public List<AuditCheckpoint.Signed> checkpoints() {
        return anchors.all();
    }
}
