package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.adapter.vision.VisionAdapter;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The cost of photo-quality advice (R51) on the upload path, in one run (bench/storage.sh runs it): 20 photos uploaded
 * into one draft, each sanitised, encrypted and stored on the filesystem provider, (a) without advice, (b) with advice as OrderService computes it: the new photo
 * measured and compared with every earlier photo of the draft, read back through the owner's permit and decoded at
 * 1/8, and (c) with the per-photo checks only (no comparison), which is the ceiling of the design that keeps no hash.
 * Two photos: "noisy", about 8 MB (a noisy 12-megapixel JPEG, as the storage benchmark's), and "portrait", a
 * phone-like 12-megapixel photo of a face. Prints key=value lines.
 */
public final class AdviceBench {

    private static final int PHOTOS = 20;
    private static final Plan PLAN = new Plan(
            new PlanId("bench"),
            "Bench",
            40,
            1,
            Money.of(2_900, "EUR"),
            List.of(new Style(new StyleId("studio-grey"), "Studio grey", "A plain grey studio backdrop")));

    private AdviceBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("kaptura-advice-bench");
        // The embedded database under the work directory: only the vault's data keys live there.
        try (PersistenceAdapter db = PersistenceAdapter.open("", null, null, work)) {
            db.migrate();
            PhotoSanitizer sanitizer = StorageAdapter.sanitizer(Optional.empty());
            PhotoVault vault = StorageAdapter.vault(
                    "filesystem",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "bench",
                    work.resolve("vault"),
                    Optional.of(Base64.getEncoder().encodeToString(new byte[32])),
                    false,
                    db.dataKeys(),
                    Clock.systemUTC());
            PhotoAnalysis analysis = VisionAdapter.analysis();
            AccountId owner = new AccountId(UUID.randomUUID());
            Account account = Account.open(owner, EmailAddress.of("bench@example.org"), Instant.now());
            System.out.printf("photos=%d%n", PHOTOS);
            measure("noisy", photo(8L * 1024 * 1024), sanitizer, vault, account, analysis);
            measure("portrait", portrait(), sanitizer, vault, account, analysis);
        }
    }

    /** Without advice, with it, with the per-photo checks only, and without again; prints {@code name_...} lines. */
    private static void measure(
            String name,
            byte[] photo,
            PhotoSanitizer sanitizer,
            PhotoVault vault,
            Account account,
            PhotoAnalysis analysis) {
        round(photo, sanitizer, vault, account, Optional.empty(), false);
        round(photo, sanitizer, vault, account, Optional.of(analysis), true);
        double without = round(photo, sanitizer, vault, account, Optional.empty(), false);
        double with = round(photo, sanitizer, vault, account, Optional.of(analysis), true);
        double perPhoto = round(photo, sanitizer, vault, account, Optional.of(analysis), false);
        double plain = (without + round(photo, sanitizer, vault, account, Optional.empty(), false)) / 2;
        System.out.printf("%s_photo_bytes=%d%n", name, photo.length);
        System.out.printf("%s_upload_path_ms=%.1f%n", name, plain);
        System.out.printf("%s_with_advice_ms=%.1f%n", name, with);
        System.out.printf("%s_per_photo_checks_ms=%.1f%n", name, perPhoto);
        System.out.printf("%s_advice_ratio=%.2f%n", name, plain / with);
        System.out.printf("%s_per_photo_checks_ratio=%.2f%n", name, plain / perPhoto);
    }

    /**
     * A phone-like photo: the public-domain portrait of the ports module's test resources scaled to 4032 x 3024 on a
     * grey ground, with a little sensor-like noise, as a camera writes it (quality 0.92).
     */
    static byte[] portrait() throws IOException {
        Path file = Path.of("ports/src/test/resources/ai/kaptura/ports/out/fake/astronaut.jpg");
        Path root = Path.of("").toAbsolutePath();
        BufferedImage face = ImageIO.read((Files.exists(root.resolve(file))
                        ? root.resolve(file)
                        : root.getParent().resolve(file))
                .toFile());
        int w = 4032;
        int h = 3024;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(120, 124, 130));
        g.fillRect(0, 0, w, h);
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face, (w - h) / 2, 0, h, h, null);
        g.dispose();
        Random random = new Random(11);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int n = random.nextInt(9) - 4;
                int r = Math.clamp(((rgb >> 16) & 0xff) + n, 0, 255);
                int gr = Math.clamp(((rgb >> 8) & 0xff) + n, 0, 255);
                int b = Math.clamp((rgb & 0xff) + n, 0, 255);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return jpeg(image, 0.92f);
    }

    /** One draft of {@link #PHOTOS} uploads; the mean milliseconds per upload. */
    private static double round(
            byte[] photo,
            PhotoSanitizer sanitizer,
            PhotoVault vault,
            Account account,
            Optional<PhotoAnalysis> analysis,
            boolean compare) {
        Instant now = Instant.now();
        Order order = Order.draft(
                new OrderId(UUID.randomUUID()), account.id(), PLAN, List.of(new StyleId("studio-grey")), now);
        long t0 = System.nanoTime();
        for (int i = 0; i < PHOTOS; i++) {
            PhotoSanitizer.Outcome outcome = sanitizer.sanitizeSelfie(new ByteArrayInputStream(photo));
            if (!(outcome instanceof PhotoSanitizer.Outcome.Accepted accepted)) {
                throw new IllegalStateException("The benchmark photo was rejected: " + outcome);
            }
            SelfieId id = new SelfieId(new UUID(0, i + 1));
            PhotoRef ref = new PhotoRef("selfie/" + account.id() + "/" + id);
            try (PhotoSanitizer.Clean clean = accepted.image()) {
                PhotoVault.Stored stored = vault.put(account.id(), ref, clean.open(), clean.size());
                if (analysis.isPresent()) {
                    List<PhotoAnalysis.Earlier> earlier = new ArrayList<>();
                    if (compare) {
                        SelfieReadPermit permit =
                                BiometricGuard.forOwnerCopy(account, order, now).orElseThrow();
                        for (Selfie selfie : order.liveSelfies()) {
                            PhotoRef earlierRef = selfie.photo().orElseThrow();
                            earlier.add(new PhotoAnalysis.Earlier(
                                    selfie.id(), () -> vault.readSelfie(permit, account.id(), earlierRef)));
                        }
                    }
                    try (InputStream in = clean.open()) {
                        if (!(analysis.get().analyse(in, earlier) instanceof PhotoAnalysis.Measured)) {
                            throw new IllegalStateException("The analysis did not run");
                        }
                    }
                }
                order = order.addSelfie(new Selfie.Stored(id, ref, stored.sha256(), stored.size(), now))
                        .orElseThrow();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return (System.nanoTime() - t0) / 1e6 / PHOTOS;
    }

    /** A noisy 12-megapixel JPEG of about {@code target} bytes, as the storage benchmark's. */
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
}
