package ai.kaptura.adapter.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;

/**
 * The embedded H2 file's upkeep, which H2 leaves undone once commits are written before they answer.
 *
 * <p><b>Housekeeping.</b> H2 (MVStore) never overwrites data in place: each commit appends a chunk with the pages it
 * changed, and a chunk's space is reused only when nothing in it is live any more. H2's background writer also
 * rewrites chunks that are mostly dead and moves chunks together; {@code WRITE_DELAY=0} stops that thread, so this
 * class does the same work every {@link #HOUSEKEEPING_EVERY} (rewrite chunks while they are less than
 * {@link #FILL_TARGET} % live, then move chunks into the gaps and cut the file's tail), a few milliseconds under H2's
 * store lock. H2 still reuses a dead chunk's space only once it has been dead for its retention time (45 s).
 */
final class EmbeddedStore implements AutoCloseable {

    static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(10);
    /** Chunks less live than this are rewritten; H2's own default for its background compaction. */
    static final int FILL_TARGET = 90;
    /** At most this much is rewritten or moved per round, so one round holds H2's store lock only briefly. */
    static final int WRITE_LIMIT = 8 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(EmbeddedStore.class.getName());

    private final HikariDataSource pool;
    private final String url;
    private final Path file;
    private final ScheduledExecutorService housekeeper;

    EmbeddedStore(HikariDataSource pool, String url, Path file) {
        this.pool = pool;
        this.url = url;
        this.file = file;
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kaptura-h2-housekeeping").factory());
        long every = HOUSEKEEPING_EVERY.toMillis();
        housekeeper.scheduleWithFixedDelay(this::housekeepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** One round of housekeeping: rewrites mostly-dead chunks, moves chunks into gaps, cuts the tail. */
    synchronized void housekeep() {
        try (Connection connection = pool.getConnection()) {
            MVStore store = mvStore(connection);
            store.compact(FILL_TARGET, WRITE_LIMIT);
            if (store.getFileStore() instanceof RandomAccessStore file) {
                file.compactMoveChunks(FILL_TARGET, WRITE_LIMIT, store);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded database's housekeeping could not get a connection", e);
        }
    }

    private void housekeepQuietly() {
        try {
            housekeep();
        } catch (RuntimeException e) {
            // Closing, or paused for a rewrite: the next round tries again.
            LOG.log(System.Logger.Level.DEBUG, "Embedded database housekeeping skipped: " + e.getMessage());
        }
    }

    /** The MVStore behind a connection of this JVM's embedded database. */
    static MVStore mvStore(Connection connection) throws SQLException {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    @Override
    public void close() {
        housekeeper.shutdownNow();
    }
}
