package ai.kaptura.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.store.fs.FilePath;

/**
 * The file system H2 opens the embedded database through ({@code jdbc:h2:kaptura-synced:<path>}): the disk, with every
 * write forced to the storage device before it returns.
 *
 * <p>Why it is needed (read in H2 2.5.252's sources: {@code TransactionStore.endTransaction},
 * {@code MVStore.commit}, {@code FileStore.storeIt}, {@code RandomAccessStore.writeChunk}, {@code SingleFileStore}):
 * an H2 commit only changes maps in memory. With the default {@code WRITE_DELAY} of 500 ms a background thread
 * writes them to the file up to a second later, so a {@code kill -9} loses what was acknowledged in that time. With
 * {@code WRITE_DELAY=0} (which {@link Database#embeddedUrl} sets) that thread is gone and every commit that changed
 * something writes its chunk to the file in the committing thread before the commit returns; a concurrent commit
 * either writes its own chunk or waits for the one that already holds its changes. That survives {@code kill -9}: the
 * bytes are in the operating system. But H2 itself never calls {@code fsync} on an ordinary commit (only while
 * compacting), so after a power cut the last commits could still be lost. This file system closes that gap: each
 * write (a chunk, then, when H2 rewrites it, the store header that points to it) is followed by
 * {@link FileChannel#force(boolean)} — {@code fdatasync} on Linux — so a commit answers only once its chunk is on the
 * device, and in the order H2 wrote it.
 *
 * <p>After a power cut the file is therefore some prefix of the writes H2 made (the last one perhaps torn), and H2's
 * recovery opens it at the newest complete chunk (chunks carry checksums; a torn one is skipped; the scan of
 * {@link EmbeddedStore#recoverNewest} finds one H2's quick recovery misses), which holds every commit that answered. {@code PowerCutTest} replays such prefixes. What this cannot do: make a device that
 * acknowledges writes still in a volatile cache honest (then no database is durable; disable that cache or use one
 * with power-loss protection).
 */
final class SyncedFiles extends WrappedFiles {

    static final String SCHEME = "kaptura-synced";

    private static final SyncedFiles PROVIDER = new SyncedFiles(null);
    private static final AtomicLong FORCES = new AtomicLong();
    /** Files under this directory may be opened by {@link #gateKeeper} alone while it is set ({@link #closeGate}). */
    private static volatile String gatedDirectory;

    private static volatile Thread gateKeeper;

    private SyncedFiles(FilePath base) {
        super(SCHEME, base);
    }

    /** Makes {@link #SCHEME} known to H2 (before the first connection; registering twice is harmless). */
    static void register() {
        FilePath.register(PROVIDER);
    }

    /** How many writes were forced to the device since start (tests and the benchmark read it). */
    static long forcedWrites() {
        return FORCES.get();
    }

    /**
     * Forces the directory {@code dir} itself to the device, so that a file created or renamed in it survives a
     * power cut too (a directory entry is not part of the file's own data).
     */
    static void syncDirectory(Path dir) {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not sync the directory " + dir, e);
        }
    }

    /**
     * Until {@link #openGate}, only the calling thread may open a file under {@code directory}: any other attempt fails
     * as an I/O error (a pool then tries again later). While the embedded file is rewritten, a connection opened by
     * someone else would open the database again, on the file being replaced.
     */
    static synchronized void closeGate(Path directory) {
        gatedDirectory = directory.toAbsolutePath() + "/";
        gateKeeper = Thread.currentThread();
    }

    static synchronized void openGate() {
        gatedDirectory = null;
        gateKeeper = null;
    }

    private void passGate() throws IOException {
        String directory = gatedDirectory;
        if (directory != null && base().name.startsWith(directory) && Thread.currentThread() != gateKeeper) {
            throw new IOException("The embedded database file is being rewritten; try again in a moment");
        }
    }

    @Override
    SyncedFiles wrap(FilePath base) {
        return new SyncedFiles(base);
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        passGate();
        return new Channel(base().open(mode));
    }

    /** A file whose every write reaches the device before the call returns. */
    static final class Channel extends PassingChannel {

        Channel(FileChannel file) {
            super(file);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = file.write(source);
            forced();
            return written;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            int written = file.write(source, position);
            forced();
            return written;
        }

        /** Data only ({@code fdatasync}): a grown file's new length is part of what it flushes. */
        private void forced() throws IOException {
            file.force(false);
            FORCES.incrementAndGet();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            file.force(true);
            return this;
        }
    }
}
