package ai.kaptura.adapter.persistence;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.MVStoreTool;
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
 *
 * <p><b>Rewriting the file from its live rows</b> ({@link #rewrite}). Old page versions stay in the file, readable
 * with a text editor, until their space is reused or cut off; dead space inside the file, and the padding of chunks H2
 * wrote from a reused buffer, can hold them long after. After an erasure the file is therefore rewritten as H2's
 * {@code SHUTDOWN COMPACT} does: every live page copied into a new file, which replaces the old one. That needs the
 * database closed for a moment: the pool is paused (callers wait for a connection), its connections are let go,
 * H2 is shut down, the copy made and forced to the device, and the pool resumed; the next connection opens the new
 * file. A node whose connections do not come back within {@code drain} is left as it was and the caller is told.
 *
 * <p><b>Opening a file a crash left</b> ({@link #recoverNewest}). H2 finds the newest chunk of such a file from its
 * store header, the chunk at the file's end and the chain of positions each chunk predicted for the next one. That
 * misses a commit's chunk written into reused space at a position its predecessor did not predict: H2 then rewrites the
 * header, but before it records the new chunk as the last one (read in H2 2.5.252's {@code FileStore.storeBuffer} and
 * {@code RandomAccessStore.writeChunk}), so the header names the predecessor, and H2 opens the file at the
 * predecessor's version, without the commits that had answered since (found with {@code UpdateDurabilityTest}). Space
 * is reused once a chunk has been dead for the retention time (45 s), so on every file that ran longer than that or
 * was reopened after a restart. Before H2 opens the file, it is therefore opened once in H2's recovery mode, which
 * scans every block for chunks and takes the newest complete one; when that is newer than what H2 would open, the
 * file is closed from it, which writes a header naming it.
 */
final class EmbeddedStore implements AutoCloseable {

    static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(10);
    /** Chunks less live than this are rewritten; H2's own default for its background compaction. */
    static final int FILL_TARGET = 90;
    /** At most this much is rewritten or moved per round, so one round holds H2's store lock only briefly. */
    static final int WRITE_LIMIT = 8 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(EmbeddedStore.class.getName());

    /** What a rewrite did: the file's size before and after, and how long the database was closed. */
    record Rewritten(long bytesBefore, long bytesAfter, Duration closed) {}

    private final HikariDataSource pool;
    private final String url;
    private final Path file;
    private final ScheduledExecutorService housekeeper;

    EmbeddedStore(HikariDataSource pool, String url, Path file) {
        this.pool = pool;
        this.url = url;
        this.file = file;
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kaptura-h2-housekeeping").factory());
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

    /**
     * Rewrites the file from its live pages only (H2's full compaction), closing the database for as long as that
     * takes. Call it outside any transaction: it waits for every pooled connection to come back.
     *
     * @throws IllegalStateException if the pool's connections did not all come back within {@code drain} (nothing was
     *                               changed; try again later)
     */
    synchronized Rewritten rewrite(Duration drain) {
        HikariPoolMXBean state = pool.getHikariPoolMXBean();
        HikariConfigMXBean config = pool.getHikariConfigMXBean();
        long before = size();
        int minimumIdle = config.getMinimumIdle();
        Instant closedAt;
        // This connection, not the pool's, keeps the database open while the pool lets go of its own.
        try (Connection keeper = DriverManager.getConnection(url)) {
            config.setMinimumIdle(0);
            state.suspendPool();
            try {
                await(() -> state.getActiveConnections() == 0, drain, "connections in use");
                letGo(state, drain);
                closedAt = Instant.now();
                SyncedFiles.closeGate(file.getParent());
                try {
                    try (Statement shutdown = keeper.createStatement()) {
                        shutdown.execute("SHUTDOWN");
                    }
                    MVStoreTool.compact(SyncedFiles.SCHEME + ":" + file, false);
                    SyncedFiles.syncDirectory(file.getParent());
                } finally {
                    SyncedFiles.openGate();
                }
            } finally {
                config.setMinimumIdle(minimumIdle);
                state.resumePool();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded database could not be rewritten: " + e.getMessage(), e);
        }
        Duration closed = Duration.between(closedAt, Instant.now());
        // Open it again now, so that the next caller does not pay for it.
        try (Connection reopened = pool.getConnection()) {
            reopened.isValid(2);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The embedded database did not open after its rewrite: " + e.getMessage(), e);
        }
        return new Rewritten(before, size(), closed);
    }

    /**
     * Closes every pooled connection and waits until none is open, none in use and no caller is being handed one, for
     * a moment in a row: a connection the pool was still opening when it was paused shows up, and is closed too.
     */
    private static void letGo(HikariPoolMXBean state, Duration within) {
        Instant deadline = Instant.now().plus(within);
        int quiet = 0;
        while (quiet < 5) {
            state.softEvictConnections();
            boolean empty = state.getTotalConnections() == 0
                    && state.getActiveConnections() == 0
                    && state.getThreadsAwaitingConnection() == 0;
            quiet = empty ? quiet + 1 : 0;
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "The embedded database was not rewritten: its connections were not let go within " + within);
            }
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the embedded database was being rewritten", e);
        }
    }

    private static void await(BooleanSupplier condition, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "The embedded database was not rewritten: " + what + " after " + within);
            }
            sleep(5);
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes H2 open {@code file} at its newest complete version: if the version H2's usual open would find is older
     * than the one a scan of every block finds (a crash after a commit whose chunk went into reused space, see the
     * class comment), the file is opened in recovery mode and closed, which points its header at the newest chunk.
     * Does nothing to a file that opens at its newest version, to a missing file, or to one another process holds.
     */
    static void recoverNewest(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        String name = SyncedFiles.SCHEME + ":" + file.toAbsolutePath();
        try {
            long usual;
            try (MVStore store = new MVStore.Builder().fileName(name).readOnly().open()) {
                usual = store.getCurrentVersion();
            }
            long newest;
            try (MVStore store = new MVStore.Builder()
                    .fileName(name)
                    .readOnly()
                    .recoveryMode()
                    .open()) {
                newest = store.getCurrentVersion();
            }
            if (newest <= usual) {
                return;
            }
            try (MVStore store =
                    new MVStore.Builder().fileName(name).recoveryMode().open()) {
                newest = store.getCurrentVersion();
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The embedded database would have opened at version " + usual
                            + ", older than its newest complete version " + newest + "; it opens at " + newest);
        } catch (MVStoreException e) {
            // In use by another process, or unreadable: H2's own open says so.
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "The embedded database's newest version was not checked: " + e.getMessage());
        }
    }

    /** The MVStore behind a connection of this JVM's embedded database. */
    static MVStore mvStore(Connection connection) throws SQLException {
        SessionLocal session =
                (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    @Override
    public void close() {
        housekeeper.shutdownNow();
    }
}
