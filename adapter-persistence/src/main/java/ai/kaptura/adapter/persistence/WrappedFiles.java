package ai.kaptura.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.List;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;

/**
 * An H2 file system over another one that passes every call through to it: a subclass ({@link SyncedFiles}, and a
 * test's recording one) names its scheme and changes what it needs, the channels it opens.
 */
abstract class WrappedFiles extends FilePath {

    private final String scheme;
    private final FilePath base;

    /** {@code base} is null for the provider itself, the instance registered with H2 that names no file. */
    WrappedFiles(String scheme, FilePath base) {
        this.scheme = scheme;
        this.base = base;
        this.name = base == null ? scheme + ":" : scheme + ":" + base.name;
    }

    /** The same kind of file system over {@code base}. */
    abstract WrappedFiles wrap(FilePath base);

    final FilePath base() {
        if (base == null) {
            throw new IllegalStateException("The " + scheme + " provider itself names no file");
        }
        return base;
    }

    private FilePath wrapOrNull(FilePath path) {
        return path == null ? null : wrap(path);
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public FilePath getPath(String path) {
        if (!path.startsWith(scheme + ":")) {
            throw new IllegalArgumentException("Not a " + scheme + " path: " + path);
        }
        return wrap(FilePath.get(path.substring(scheme.length() + 1)));
    }

    @Override
    public FilePath unwrap() {
        return base();
    }

    @Override
    public long size() {
        return base().size();
    }

    @Override
    public void moveTo(FilePath newName, boolean atomicReplace) {
        FilePath target = newName.getClass() == getClass() ? ((WrappedFiles) newName).base() : newName;
        base().moveTo(target, atomicReplace);
    }

    @Override
    public boolean createFile() {
        return base().createFile();
    }

    @Override
    public boolean exists() {
        return base().exists();
    }

    @Override
    public void delete() {
        base().delete();
    }

    @Override
    public List<FilePath> newDirectoryStream() {
        return base().newDirectoryStream().stream().map(this::wrapOrNull).toList();
    }

    @Override
    public FilePath toRealPath() {
        return wrapOrNull(base().toRealPath());
    }

    @Override
    public FilePath getParent() {
        return wrapOrNull(base().getParent());
    }

    @Override
    public boolean isDirectory() {
        return base().isDirectory();
    }

    @Override
    public boolean isRegularFile() {
        return base().isRegularFile();
    }

    @Override
    public boolean isAbsolute() {
        return base().isAbsolute();
    }

    @Override
    public long lastModified() {
        return base().lastModified();
    }

    @Override
    public boolean canWrite() {
        return base().canWrite();
    }

    @Override
    public void createDirectory() {
        base().createDirectory();
    }

    @Override
    public InputStream newInputStream() throws IOException {
        return base().newInputStream();
    }

    @Override
    public boolean setReadOnly() {
        return base().setReadOnly();
    }

    /** A channel over another one that passes reads, positioning, locks and closing through; a subclass writes. */
    abstract static class PassingChannel extends FileBase {

        final FileChannel file;

        PassingChannel(FileChannel file) {
            this.file = file;
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
