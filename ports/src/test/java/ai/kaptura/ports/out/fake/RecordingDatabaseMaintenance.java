package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.DatabaseMaintenance;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-memory database keeps no old row versions anywhere, so there is nothing to purge: this fake records what it
 * was asked to purge, and can be made to fail as a real database whose connections stay busy does.
 */
public final class RecordingDatabaseMaintenance implements DatabaseMaintenance {

    private final List<Set<DataCategory>> purged = new CopyOnWriteArrayList<>();
    private volatile boolean busy;

    @Override
    public String afterErasure(Set<DataCategory> erased) {
        if (busy) {
            throw new IllegalStateException("The database's connections stayed in use");
        }
        purged.add(Set.copyOf(erased));
        return "in memory: no old row versions are kept";
    }

    /** What each call asked to purge, in order. */
    public List<Set<DataCategory>> purged() {
        return List.copyOf(purged);
    }

    /** Makes the next calls fail (or succeed again). */
    public void busy(boolean busy) {
        this.busy = busy;
    }
}
