package ai.kaptura.adapter.storage;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.fake.InMemoryDataKeys;
import ai.kaptura.ports.out.fake.InMemoryDatabase;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The storage benchmark (bench/storage.sh runs it): the upload path — sanitise, encrypt, store on the
 * filesystem provider — for 20 photos of about 8 MB, against storing the same bytes plain through the
 * same provider (the I/O ceiling); the JDK's raw AES-256-GCM rate for context; and, in a second run with a small heap
 * ({@code streaming}), objects of 8 to 128 MB stored and read back, and the live heap in the middle of
 * storing each (the vault streams, so size must not matter). Prints key=value lines.
 */
public final class StorageBench {

    private StorageBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("kaptura-storage-bench");
        if (args.length > 0 && args[0].equals("streaming")) {
            streaming(work);
            return;
        }
        List<byte[]> photos = new ArrayList<>();
        byte[] photo = photo(8L * 1024 * 1024);
        for (int i = 0; i < 20; i++) {
            photos.add(photo);
        }
        System.out.printf("photos=20%nphoto_bytes=%d%n", photo.length);
        PhotoSanitizer sanitizer = StorageAdapter.sanitizer(Optional.empty());
        PhotoVault vault = vault(work);
        BlobStoreContext plainContext = BlobStores.open(
                "filesystem", Optional.empty(), Optional.empty(), Optional.empty(), work.resolve("plain"));
        BlobStore plain = plainContext.getBlobStore();
        plain.createContainerInLocation(null, "bench");
        AccountId owner = new AccountId(UUID.randomUUID());

        // Steady state, as a server that has taken uploads for a while: both paths warmed until the JIT has
        // compiled them (the JDK's GCM intrinsic only runs once its caller is compiled).
        for (int warm = 0; warm < 8; warm++) {
            uploadPath(photos, sanitizer, vault, owner);
            plainStore(photos, plain);
        }
        double upload = uploadPath(photos, sanitizer, vault, owner);
        double ceiling = plainStore(photos, plain);
        System.out.printf("upload_path_mb_per_s=%.1f%n", upload);
        System.out.printf("plain_store_mb_per_s=%.1f%n", ceiling);
        System.out.printf("upload_ratio=%.2f%n", upload / ceiling);
        System.out.printf("sanitise_only_mb_per_s=%.1f%n", sanitiseOnly(photos, sanitizer));
        System.out.printf("aes_gcm_mb_per_s=%.0f%n", aesGcmRate());
        plainContext.close();
    }

    /** A noisy 12-megapixel JPEG of about {@code target} bytes: noise defeats compression, like a sharp photo. */
    static byte[] photo(long target) throws IOException {
        int w = 4000;
        int h = 3000;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int base = (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128;
                image.setRGB(x, y, base ^ (random.nextInt() & 0x3f3f3f));
            }
        }
        // The highest quality that stays within the target size.
        byte[] out = jpeg(image, 0.97f);
        for (float quality = 0.95f; out.length > target && quality > 0.3f; quality -= 0.02f) {
            out = jpeg(image, quality);
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static double uploadPath(List<byte[]> photos, PhotoSanitizer sanitizer, PhotoVault vault, AccountId owner) {
        long bytes = 0;
        long t0 = System.nanoTime();
        int i = 0;
        for (byte[] p : photos) {
            PhotoSanitizer.Outcome outcome = sanitizer.sanitizeSelfie(new ByteArrayInputStream(p));
            if (!(outcome instanceof PhotoSanitizer.Outcome.Accepted accepted)) {
                throw new IllegalStateException("The benchmark photo was rejected: " + outcome);
            }
            try (PhotoSanitizer.Clean clean = accepted.image()) {
                // The same names every round: the store holds one round's photos, not every round's.
                vault.put(owner, new PhotoRef("selfie/" + owner + "/" + new UUID(0, ++i)), clean.open(), clean.size());
            }
            bytes += p.length;
        }
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double sanitiseOnly(List<byte[]> photos, PhotoSanitizer sanitizer) throws IOException {
        long bytes = 0;
        long t0 = System.nanoTime();
        for (byte[] p : photos) {
            PhotoSanitizer.Outcome outcome = sanitizer.sanitizeSelfie(new ByteArrayInputStream(p));
            try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image();
                    InputStream in = clean.open()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            bytes += p.length;
        }
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    private static double plainStore(List<byte[]> photos, BlobStore store) {
        long bytes = 0;
        long t0 = System.nanoTime();
        int i = 0;
        for (byte[] p : photos) {
            store.putBlob(
                    "bench",
                    store.blobBuilder("plain/" + (++i))
                            .payload(new ByteArrayInputStream(p))
                            .contentLength(p.length)
                            .build());
            bytes += p.length;
        }
        return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
    }

    /** The JDK's AES-256-GCM, streamed in 64 KiB updates over 256 MiB. */
    private static double aesGcmRate() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] chunk = new byte[64 * 1024];
        byte[] out = new byte[chunk.length + 16];
        double best = 0;
        for (int round = 0; round < 3; round++) {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
            long total = 256L * 1024 * 1024;
            long t0 = System.nanoTime();
            for (long done = 0; done < total; done += chunk.length) {
                cipher.update(chunk, 0, chunk.length, out);
            }
            cipher.doFinal(out, 0);
            best = Math.max(best, total / 1e6 / ((System.nanoTime() - t0) / 1e9));
            key[0]++;
        }
        return best;
    }

    /** The encrypted vault on the filesystem provider under {@code work}, with an all-zero master key. */
    private static PhotoVault vault(Path work) {
        return StorageAdapter.vault(
                "filesystem",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "bench",
                work.resolve("vault"),
                Optional.of(Base64.getEncoder().encodeToString(new byte[32])),
                false,
                new InMemoryDataKeys(new InMemoryDatabase()),
                Clock.systemUTC());
    }

    /**
     * Run with a small heap ({@code -Xmx48m}, bench/storage.sh does): stores and reads back objects of 8, 32 and
     * 128 MB through the encrypted vault. Were anything buffered whole, the 128 MB object could not pass.
     */
    private static void streaming(Path work) throws IOException {
        PhotoVault vault = vault(work);
        AccountId owner = new AccountId(UUID.randomUUID());
        System.out.printf("max_heap_mb=%d%n", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        for (int megabytes : new int[] {8, 32, 128}) {
            long size = megabytes * 1024L * 1024;
            PhotoRef ref = new PhotoRef("headshot/" + owner + "/" + new UUID(1, megabytes));
            long idle = liveHeap();
            long[] midway = new long[1];
            long t0 = System.nanoTime();
            vault.put(owner, ref, new Noise(size, () -> midway[0] = liveHeap()), size);
            System.out.printf("heap_growth_%dmb_bytes=%d%n", megabytes, midway[0] - idle);
            long read = 0;
            boolean same = true;
            try (InputStream back = vault.readHeadshot(owner, ref);
                    InputStream expected = new Noise(size)) {
                byte[] a = new byte[64 * 1024];
                byte[] b = new byte[64 * 1024];
                for (int n; (n = back.read(a)) > 0; read += n) {
                    expected.readNBytes(b, 0, n);
                    same &= java.util.Arrays.equals(a, 0, n, b, 0, n);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("streamed_%dmb=%s%n", megabytes, read == size && same ? "ok" : "MISMATCH");
            System.out.printf("streamed_%dmb_mb_per_s=%.1f%n", megabytes, 2 * size / 1e6 / seconds);
        }
    }

    /** The heap that is live (used after a full collection). */
    private static long liveHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * {@code size} pseudo-random bytes made as they are read: no array of that size ever exists. When half has
     * been read, {@code atHalf} runs: the vault is then in the middle of storing, holding what it holds.
     */
    private static final class Noise extends InputStream {
        private final Random random = new Random(1);
        private final long half;
        private final Runnable atHalf;
        private long left;

        Noise(long size) {
            this(size, () -> {});
        }

        Noise(long size, Runnable atHalf) {
            this.left = size;
            this.half = size / 2;
            this.atHalf = atHalf;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            boolean crossesHalf = left > half && left - n <= half;
            left -= n;
            if (crossesHalf) {
                atHalf.run();
            }
            return n;
        }
    }
}
