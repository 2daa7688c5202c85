package ai.kaptura.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.List;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;

/**
 * A file system for H2 ({@code jdbc:h2:recorded:<path>}) that writes to the disk and keeps a journal of every write
 * and truncation of the database file, in order, with markers the test adds between them. With every write forced
 * before the next one ({@link SyncedFiles}), what a power cut leaves is a prefix of this journal: {@link PowerCutTest}
 * rebuilds the file from prefixes and opens it.
 */
final class RecordedFiles extends FilePath {

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

    private final FilePath base;

    private RecordedFiles(FilePath base) {
        this.base = base;
        this.name = base == null ? SCHEME + ":" : SCHEME + ":" + base.name;
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

    private static RecordedFiles wrap(FilePath path) {
        return path == null ? null : new RecordedFiles(path);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FilePath getPath(String path) {
        return new RecordedFiles(FilePath.get(path.substring(SCHEME.length() + 1)));
    }

    @Override
    public FilePath unwrap() {
        return base;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel file = base.open(mode);
        // Only the store itself: not its temporary copies, not the trace file.
        return name.endsWith(".mv.db") ? new Channel(file) : file;
    }

    @Override
    public long size() {
        return base.size();
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        base.moveTo(newName instanceof RecordedFiles r ? r.base : newName, atomicReplace);
    }

    @Override
    public boolean createFile() {
        return base.createFile();
    }

    @Override
    public boolean exists() {
        return base.exists();
    }

    @Override
    public void delete() {
        base.delete();
    }

    @Override
    public List<FilePath> newDirectoryStream() {
        return base.newDirectoryStream().stream()
                .<FilePath>map(RecordedFiles::wrap)
                .toList();
    }

    @Override
    public FilePath toRealPath() {
        return wrap(base.toRealPath());
    }

    @Override
    public FilePath getParent() {
        return wrap(base.getParent());
    }

    @Override
    public boolean isDirectory() {
        return base.isDirectory();
    }

    @Override
    public boolean isRegularFile() {
        return base.isRegularFile();
    }

    @Override
    public boolean isAbsolute() {
        return base.isAbsolute();
    }

    @Override
    public long lastModified() {
        return base.lastModified();
    }

    @Override
    public boolean canWrite() {
        return base.canWrite();
    }

    @Override
    public void createDirectory() {
        base.createDirectory();
    }

    @Override
    public InputStream newInputStream() throws IOException {
        return base.newInputStream();
    }

    @Override
    public boolean setReadOnly() {
        return base.setReadOnly();
    }

    private static final class Channel extends FileBase {
        private final FileChannel file;

        Channel(FileChannel file) {
            this.file = file;
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

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            return file.read(target);
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return file.read(target, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long position) throws IOException {
            file.position(position);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
