package ai.kaptura.ports.out;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Set;

/**
 * What the database does so that rows an erasure deleted do not stay readable in its own files (R16, R27). A deleted
 * or updated row is gone for every query at once, but its old version lingers on disk: in the embedded H2 file until
 * its space is reused, in PostgreSQL's pages until they are vacuumed.
 */
@Implements({Rule.R16, Rule.R27})
public interface DatabaseMaintenance {

    /**
     * Called after an erasure committed, outside any transaction: removes, as far as this database can, the old
     * versions of the rows of {@code erased} data from its files. Running it again does no harm. It may hold the
     * database's other users for a moment (the embedded file is rewritten while no connection is in use).
     *
     * @return what was done, for the audit log: sizes, table names, durations, never personal data
     * @throws IllegalStateException if it cannot be done now (for one, connections that stay in use); the caller retries
     */
    String afterErasure(Set<DataCategory> erased);
}
