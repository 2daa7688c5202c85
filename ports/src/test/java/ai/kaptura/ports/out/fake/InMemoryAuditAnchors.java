package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.ports.out.AuditAnchors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Signed audit checkpoints in memory, as the object store keeps them: in order, each once. */
public final class InMemoryAuditAnchors implements AuditAnchors {

    private final List<AuditCheckpoint.Signed> kept = new ArrayList<>();

    @Override
    public synchronized void keep(AuditCheckpoint.Signed checkpoint) {
        if (!kept.contains(checkpoint)) {
            kept.add(checkpoint);
            kept.sort(Comparator.comparingLong(
                            (AuditCheckpoint.Signed s) -> s.checkpoint().sequence())
                    .thenComparing(s -> s.checkpoint().at()));
        }
    }

    @Override
    public synchronized List<AuditCheckpoint.Signed> all() {
        return List.copyOf(kept);
    }

    /** Forgets every checkpoint: a store whose anchors were lost. */
    public synchronized void clear() {
        kept.clear();
    }
}
