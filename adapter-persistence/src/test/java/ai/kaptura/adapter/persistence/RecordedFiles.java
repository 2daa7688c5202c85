package ai.kaptura.adapter.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.h2.store.fs.FilePath;

/**
 * A file system for H2 ({@code jdbc:h2:recorded:<path>}) that writes to the disk and keeps a journal of every write
 * and truncation of the database file, in order, with markers the test adds between them. With every write forced
 * before the next one ({@link SyncedFiles}), what a power cut leaves is a prefix of this journal: {@link PowerCutTest}
 * rebuilds the file from prefixes and opens it.
 */
final class RecordedFiles extends WrappedFiles {

    static final String SCHEME = "recorded";

    /** One step of the journal. */
    sealed interface Step {
        /** {@code bytes} written at {@code position}. */
        record Write(long position, byte[] bytes) implements Step {}

        /** The file cut to {@code size}. */
        record Truncate(long size) implements Step {}

        /** Something the test did between writes (a commit answered). */
        record Marker(String what) implements Step {}
    }

    private static final List<Step> JOURNAL = new ArrayList<>();
    private static final RecordedFiles PROVIDER = new RecordedFiles(null);

    private RecordedFiles(FilePath base) {
        super(SCHEME, base);
    }

    static void register() {
        FilePath.register(PROVIDER);
    }

    static synchronized void mark(String what) {
        JOURNAL.add(new Step.Marker(what));
    }

    static synchronized List<Step> journal() {
        return List.copyOf(JOURNAL);
    }

    static synchronized void clear() {
        JOURNAL.clear();
    }

    private static synchronized void record(Step step) {
        JOURNAL.add(step);
    }

    @Override
    RecordedFiles wrap(FilePath base) {
        return new RecordedFiles(base);
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel file = base().open(mode);
        // Only the store itself: not its temporary copies, not the trace file.
        return name.endsWith(".mv.db") ? new Channel(file) : file;
    }

    private static final class Channel extends PassingChannel {

        Channel(FileChannel file) {
            super(file);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            byte[] copy = new byte[source.remaining()];
            source.duplicate().get(copy);
            int written = file.write(source, position);
            record(new Step.Write(position, copy));
            return written;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            long position = file.position();
            int written = write(source, position);
            file.position(position + written);
            return written;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            record(new Step.Truncate(size));
            return this;
        }
    }
}
