package ai.kaptura.adapter.storage;

import com.drew.imaging.heif.HeifHandler;
import com.drew.imaging.heif.HeifReader;
import com.drew.lang.SequentialByteArrayReader;
import com.drew.lang.SequentialReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.heif.boxes.Box;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decodes HEIF photos (HEIC from iPhones, and AVIF) with libheif's {@code heif-convert} (Debian package
 * {@code libheif-examples}), run as a separate process: never through a shell, with an empty
 * environment (the server's secrets stay in the server), with a time limit, on files in a private
 * temporary directory that is deleted whatever happens.
 *
 * <p>Before anything is decoded, {@link #largestExtent} reads the sizes the file declares (its
 * {@code ispe} properties, found with metadata-extractor's box reader) so that the sanitiser can
 * refuse a decompression bomb without starting the decoder.
 */
final class HeicDecoder {

    static final String EXPORT_AS_JPEG = "This photo is in the HEIC format, which we cannot read yet; "
            + "please export it as JPEG and upload it again (on an iPhone: Settings > Camera > Formats > Most Compatible).";
    static final String UNREADABLE = "This HEIC photo could not be read; it may be damaged. "
            + "Please export it as JPEG and upload it again.";
    static final String TOO_SLOW = "This HEIC photo took too long to read; please export it as JPEG and upload it again.";

    /** A size a HEIF file declares for one of its images, in pixels. */
    record Extent(long width, long height) {
    }

    /** What is done with the decoded picture while it still exists: a JPEG file, deleted afterwards. */
    interface DecodedUse<T> {
        T apply(Path jpeg) throws IOException, ImageRefusal;
    }

    private final Optional<Path> heifConvert;
    private final Duration timeout;
    private final Path tempRoot;

    HeicDecoder(Optional<Path> heifConvert, Duration timeout, Path tempRoot) {
        this.heifConvert = heifConvert;
        this.timeout = timeout;
        this.tempRoot = tempRoot;
    }

    /** Whether a usable heif-convert was configured: present, a regular file and executable. */
    boolean available() {
        return heifConvert.filter(path -> Files.isRegularFile(path) && Files.isExecutable(path)).isPresent();
    }

    /**
     * The largest width and the largest height declared by any image of the file (the primary picture, its
     * grid tiles, its thumbnails): a bound on what decoding it can produce. Empty if it declares none.
     */
    static Optional<Extent> largestExtent(byte[] heif) {
        Extents extents = new Extents(new Metadata());
        new HeifReader().extract(new ByteArrayInputStream(heif), extents);
        return extents.found ? Optional.of(new Extent(extents.widest, extents.tallest)) : Optional.empty();
    }

    /**
     * Decodes {@code heif} to a JPEG with heif-convert (which applies the file's rotation and mirroring) and
     * hands that file to {@code use}; every temporary file is deleted before this returns.
     */
    <T> T decode(byte[] heif, DecodedUse<T> use) throws IOException, ImageRefusal {
        if (!available()) {
            throw ImageRefusal.invalid(EXPORT_AS_JPEG);
        }
        Path dir = privateDirectory();
        try {
            Path input = dir.resolve("upload.heic");
            Path output = dir.resolve("decoded.jpg");
            Files.write(input, heif, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            run(List.of(heifConvert.orElseThrow().toString(), "-q", "95", input.toString(), output.toString()), dir);
            // With several top-level images, heif-convert numbers its outputs (decoded-1.jpg, ...): take the first.
            Path decoded = Files.isRegularFile(output) ? output : dir.resolve("decoded-1.jpg");
            if (!Files.isRegularFile(decoded)) {
                throw ImageRefusal.invalid(UNREADABLE);
            }
            return use.apply(decoded);
        } finally {
            deleteRecursively(dir);
        }
    }

    private void run(List<String> command, Path dir) throws IOException, ImageRefusal {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        Process process = builder.start();
        try {
            process.getOutputStream().close(); // nothing to read on its standard input
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw ImageRefusal.invalid(TOO_SLOW);
            }
            if (process.exitValue() != 0) {
                throw ImageRefusal.invalid(UNREADABLE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImageRefusal.invalid(UNREADABLE);
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Path privateDirectory() throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(tempRoot, "kaptura-heif-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createTempDirectory(tempRoot, "kaptura-heif-");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
        }
        IOException first = null;
        for (Path path : all) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Collects the {@code ispe} (image spatial extents) properties of a HEIF file. It follows only the one
     * path where they live ({@code meta} > {@code iprp} > {@code ipco}), each container once, so a file
     * nesting boxes without end cannot make it recurse deeply; an {@code ispe} larger than the 12 bytes it
     * needs is skipped, not read into memory.
     */
    private static final class Extents extends HeifHandler<HeifDirectory> {
        private static final int ISPE_SIZE = 8 + 4 + 8;

        private boolean inMeta;
        private boolean inProperties;
        private boolean inContainer;
        private boolean found;
        private long widest;
        private long tallest;

        Extents(Metadata metadata) {
            super(metadata);
        }

        @Override
        protected HeifDirectory getDirectory() {
            return new HeifDirectory();
        }

        @Override
        protected boolean shouldAcceptBox(Box box) {
            return inContainer && "ispe".equals(box.type) && box.size >= ISPE_SIZE && box.size <= 64;
        }

        @Override
        protected boolean shouldAcceptContainer(Box box) {
            if (!inMeta && "meta".equals(box.type)) {
                inMeta = true;
                return true;
            }
            if (inMeta && !inProperties && "iprp".equals(box.type)) {
                inProperties = true;
                return true;
            }
            if (inProperties && !inContainer && "ipco".equals(box.type)) {
                inContainer = true;
                return true;
            }
            return false;
        }

        @Override
        protected HeifHandler<?> processBox(Box box, byte[] payload) throws IOException {
            SequentialReader reader = new SequentialByteArrayReader(payload);
            reader.skip(4); // version and flags
            long width = reader.getUInt32();
            long height = reader.getUInt32();
            widest = Math.max(widest, width);
            tallest = Math.max(tallest, height);
            found = true;
            return this;
        }

        @Override
        protected void processContainer(Box box, SequentialReader reader) throws IOException {
            if ("meta".equals(box.type)) {
                reader.skip(4); // meta is a full box: version and flags precede its children
            }
        }
    }
}
