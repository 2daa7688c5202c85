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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decodes HEIF photos (HEIC from iPhones, and AVIF) with libheif's {@code heif-convert} (Debian package
 * {@code libheif-examples}), run as a separate process: never through a shell, with an empty
 * environment (the server's secrets stay in the server), on files in a private temporary directory that is
 * deleted whatever happens, and held in by {@link Limits}: a wall-clock time limit after which it is killed
 * and, where util-linux's {@code prlimit} exists, an address-space and a CPU-time limit the kernel enforces on
 * the converter itself. The sanitiser runs it inside a {@link DecodeGate} permit, so it counts towards the
 * same cap as every other decoding.
 *
 * <p>Before anything is decoded, {@link #largestExtent} reads the sizes the file declares (its
 * {@code ispe} properties, found with metadata-extractor's box reader) so that the sanitiser can
 * refuse a decompression bomb without starting the decoder.
 */
final class HeicDecoder {

    static final String EXPORT_AS_JPEG = "This photo is in the HEIC format, which we cannot read yet; "
            + "please export it as JPEG and upload it again (on an iPhone: Settings > Camera > Formats > Most Compatible).";
    static final String UNREADABLE =
            "This HEIC photo could not be read; it may be damaged. " + "Please export it as JPEG and upload it again.";
    static final String TOO_SLOW =
            "This HEIC photo took too long to read; please export it as JPEG and upload it again.";
    static final String TOO_HEAVY = "This HEIC photo needs more memory or time to read than this server allows; "
            + "please export it as JPEG and upload it again.";

    /** Where util-linux's prlimit is, if it is installed. */
    static final Optional<Path> SYSTEM_PRLIMIT = Stream.of("/usr/bin/prlimit", "/bin/prlimit")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    /**
     * How the converter is held in.
     *
     * @param timeout      wall-clock time, after which the converter (and anything it started) is killed
     * @param addressSpace bytes of address space ({@code prlimit --as}): a larger allocation fails in the converter
     * @param cpuSeconds   seconds of CPU time ({@code prlimit --cpu}): the kernel stops the converter past them
     * @param prlimit      util-linux's prlimit; without it only the time limit holds
     */
    record Limits(Duration timeout, long addressSpace, long cpuSeconds, Optional<Path> prlimit) {

        /** Default address space: a 40-megapixel HEIC, the largest accepted, needs about 700 MB of it here. */
        static final long DEFAULT_ADDRESS_SPACE = 1L << 30;

        /** The time limit, the address space, and as many CPU seconds as the time limit has seconds. */
        static Limits of(Duration timeout, long addressSpace) {
            return new Limits(
                    timeout, addressSpace, Math.max(1, Math.ceilDiv(timeout.toMillis(), 1000)), SYSTEM_PRLIMIT);
        }
    }

    /** A size a HEIF file declares for one of its images, in pixels. */
    record Extent(long width, long height) {}

    /** What is done with the decoded picture while it still exists: a JPEG file, deleted afterwards. */
    interface DecodedUse<T> {
        T apply(Path jpeg) throws IOException, ImageRefusal;
    }

    private static final System.Logger LOG = System.getLogger(HeicDecoder.class.getName());
    /** The exit status of a process the kernel stopped past its CPU time (SIGXCPU) or killed (SIGKILL). */
    private static final Set<Integer> STOPPED_BY_A_LIMIT = Set.of(128 + 24, 128 + 9);

    private final Optional<Path> heifConvert;
    private final Limits limits;
    private final Path tempRoot;

    HeicDecoder(Optional<Path> heifConvert, Limits limits, Path tempRoot) {
        this.heifConvert = heifConvert;
        this.limits = limits;
        this.tempRoot = tempRoot;
    }

    /** Whether a usable heif-convert was configured: present, a regular file and executable. */
    boolean available() {
        return heifConvert
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
                .isPresent();
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
            run(command(heifConvert.orElseThrow(), input, output), dir);
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

    /** heif-convert's command line, under prlimit's limits where prlimit exists. */
    List<String> command(Path converter, Path input, Path output) {
        List<String> command = new ArrayList<>();
        limits.prlimit()
                .ifPresent(prlimit -> command.addAll(List.of(
                        prlimit.toString(), "--as=" + limits.addressSpace(), "--cpu=" + limits.cpuSeconds(), "--")));
        command.addAll(List.of(converter.toString(), "-q", "95", input.toString(), output.toString()));
        return command;
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
            if (!process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw ImageRefusal.invalid(TOO_SLOW);
            }
            int status = process.exitValue();
            if (status != 0
                    && STOPPED_BY_A_LIMIT.contains(status)
                    && limits.prlimit().isPresent()) {
                LOG.log(System.Logger.Level.DEBUG, () -> "heif-convert stopped by a limit, exit status " + status);
                throw ImageRefusal.invalid(TOO_HEAVY);
            }
            if (status != 0) {
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
            return Files.createTempDirectory(
                    tempRoot,
                    "kaptura-heif-",
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
