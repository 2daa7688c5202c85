package ai.kaptura.adapter.storage;

import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The storage adapter's one public entry: the encrypted photo vault over any jclouds blob store, and the
 * photo sanitiser.
 */
public final class StorageAdapter {

    /**
     * How photos are decoded: how many at once, how long an upload waits for a turn, and how libheif's converter is
     * held in.
     *
     * @param concurrency  {@code KAPTURA_DECODE_CONCURRENCY}: pictures decoded at once, each on a platform thread of a
     *                     pool of that size (never on the HTTP server's virtual threads)
     * @param uploadWait   {@code KAPTURA_UPLOAD_WAIT}: how long an upload waits for a decoder before it is refused as
     *                     busy ({@code SERVER_BUSY}); jobs wait as long as it takes
     * @param heifMemory   {@code KAPTURA_HEIF_MEMORY}: bytes of address space heif-convert may use ({@code prlimit --as})
     * @param heifTimeout  {@code KAPTURA_HEIF_TIMEOUT}: how long heif-convert may run before it is killed, and as many
     *                     seconds of CPU time ({@code prlimit --cpu})
     */
    public record DecodeLimits(int concurrency, Duration uploadWait, long heifMemory, Duration heifTimeout) {

        /** The most one decoding holds: a 4096 × 4096 picture as 32-bit pixels, turned upright (a copy), then encoded. */
        static final long BYTES_PER_DECODE = 128L * 1024 * 1024;
        /** Twice this (to be received, then to be decoded) stays under the 60 seconds proxies commonly wait. */
        static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
        /** A 40-megapixel HEIC, the largest accepted, needs about 700 MB of address space in heif-convert. */
        static final long DEFAULT_HEIF_MEMORY = HeicDecoder.Limits.DEFAULT_ADDRESS_SPACE;
        /** A 40-megapixel HEIC takes heif-convert about 4 seconds of CPU here. */
        static final Duration DEFAULT_HEIF_TIMEOUT = Duration.ofSeconds(30);

        /** @throws IllegalArgumentException naming the variable, if a value is out of range */
        public DecodeLimits {
            Objects.requireNonNull(uploadWait, "uploadWait");
            Objects.requireNonNull(heifTimeout, "heifTimeout");
            if (concurrency < 1) {
                throw new IllegalArgumentException(
                        "KAPTURA_DECODE_CONCURRENCY must be at least 1 (got " + concurrency + ")");
            }
            if (uploadWait.isNegative()) {
                throw new IllegalArgumentException("KAPTURA_UPLOAD_WAIT cannot be negative (got " + uploadWait + ")");
            }
            if (heifMemory < 64L * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "KAPTURA_HEIF_MEMORY must be at least 64 MB (got " + heifMemory + " bytes)");
            }
            if (heifTimeout.toMillis() < 1) {
                throw new IllegalArgumentException(
                        "KAPTURA_HEIF_TIMEOUT must be longer than zero (got " + heifTimeout + ")");
            }
        }

        /** Every limit at its default. */
        public static DecodeLimits defaults() {
            return new DecodeLimits(defaultConcurrency(), DEFAULT_WAIT, DEFAULT_HEIF_MEMORY, DEFAULT_HEIF_TIMEOUT);
        }

        /**
         * Half the processors, so that the other half keeps answering every other request while photos are decoded
         * (decoding is pure CPU work: more decoders than cores only make each slower); and no more than a quarter of
         * this JVM's heap holds, at {@link #BYTES_PER_DECODE} each; at least 1. One on a 2-core machine or with a
         * 512 MB heap.
         */
        static int defaultConcurrency() {
            int cores = Runtime.getRuntime().availableProcessors();
            long byMemory = Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_DECODE;
            return (int) Math.max(1, Math.min(cores / 2, byMemory));
        }
    }

    /** What the decoders are doing, for {@code /metrics} and tests. */
    public interface DecodeLoad {
        /** Pictures that may be decoded at once ({@code KAPTURA_DECODE_CONCURRENCY}). */
        int permits();

        /** Pictures being decoded now. */
        int inFlight();

        /** The most pictures ever decoded at once since start: never more than {@link #permits()}. */
        int mostInFlight();

        /** Uploads refused because no decoder came free within {@code KAPTURA_UPLOAD_WAIT}. */
        long refusedBusy();
    }

    /** The photo sanitiser and what its decoders are doing. */
    public record Decoding(PhotoSanitizer sanitizer, DecodeLoad load) {
        public Decoding {
            Objects.requireNonNull(sanitizer, "sanitizer");
            Objects.requireNonNull(load, "load");
        }
    }

    private static final System.Logger LOG = System.getLogger(StorageAdapter.class.getName());

    private StorageAdapter() {}

    /**
     * The photo vault.
     *
     * @param provider   {@code KAPTURA_BLOBSTORE}: filesystem (under {@code dataDir}/photos), transient, aws-s3, s3,
     *                   azureblob or google-cloud-storage
     * @param endpoint   {@code KAPTURA_BLOBSTORE_ENDPOINT}, for S3-compatible servers
     * @param identity   {@code KAPTURA_BLOBSTORE_IDENTITY}
     * @param credential {@code KAPTURA_BLOBSTORE_CREDENTIAL}
     * @param container  {@code KAPTURA_BLOBSTORE_CONTAINER} (bucket), created if missing
     * @param masterKey  {@code KAPTURA_MASTER_KEY} (32 bytes, base64); without it, and only outside production, one
     *                   is generated once into {@code dataDir}/master.key
     * @param dataKeys   where the wrapped per-account data keys are kept (the persistence adapter)
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static PhotoVault vault(
            String provider,
            Optional<String> endpoint,
            Optional<String> identity,
            Optional<String> credential,
            String container,
            Path dataDir,
            Optional<String> masterKey,
            boolean production,
            DataKeys dataKeys,
            InstantSource clock) {
        MasterKey master = MasterKey.load(masterKey, dataDir, production);
        return new JcloudsPhotoVault(
                BlobStores.open(provider, endpoint, identity, credential, dataDir),
                provider,
                container,
                new KeyRing(master, dataKeys, clock));
    }

    /**
     * Where the audit chain's signed checkpoints are kept (R50): the same object store as the photos, in a container of
     * its own, {@code container}{@code -audit}, created if missing.
     *
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static AuditAnchors auditAnchors(
            String provider,
            Optional<String> endpoint,
            Optional<String> identity,
            Optional<String> credential,
            String container,
            Path dataDir) {
        return new JcloudsAuditAnchors(
                BlobStores.open(provider, endpoint, identity, credential, dataDir), container + "-audit");
    }

    /**
     * The photo sanitiser: JPEG, PNG and WebP always; HEIC and AVIF when libheif's {@code heif-convert} is given.
     *
     * @param heifConvert {@code KAPTURA_HEIF_CONVERT}, default {@code /usr/bin/heif-convert} when that file exists
     *                    (Debian package {@code libheif-examples}); without it, HEIC photos are refused with a request
     *                    to export them as JPEG
     */
    public static PhotoSanitizer sanitizer(Optional<Path> heifConvert) {
        return decoding(heifConvert, DecodeLimits.defaults()).sanitizer();
    }

    /**
     * The photo sanitiser with its decoders held to {@code limits} ({@link DecodeLimits}), and a read-out of them.
     *
     * @param heifConvert as for {@link #sanitizer(Optional)}
     */
    public static Decoding decoding(Optional<Path> heifConvert, DecodeLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (heifConvert.isPresent() && HeicDecoder.SYSTEM_PRLIMIT.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "prlimit (util-linux) is not installed: heif-convert runs with its time "
                            + "limit only, without the memory and CPU limits of KAPTURA_HEIF_MEMORY and KAPTURA_HEIF_TIMEOUT");
        }
        DecodeGate gate = new DecodeGate(limits.concurrency(), limits.uploadWait());
        ImageSanitizer sanitizer = new ImageSanitizer(
                heifConvert,
                gate,
                HeicDecoder.Limits.of(limits.heifTimeout(), limits.heifMemory()),
                Path.of(System.getProperty("java.io.tmpdir")));
        return new Decoding(sanitizer, gate);
    }

    /**
     * A random secret of {@code bytes} bytes generated once into {@code file} (base64, owner-only, written whole and
     * linked into place, the first of two racing processes winning), as the embedded master key is; for the other
     * secrets embedded mode generates, such as the callback secret.
     *
     * @param what names the secret in an error, such as "The callback secret"
     */
    public static byte[] secretFile(Path file, int bytes, String what) {
        return SecretFile.readOrCreate(file, bytes, what);
    }
}
