package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.adapter.vision.VisionAdapter;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.order.PhotoAdvisor;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The cost of photo-quality advice (R51), in one run (bench/storage.sh runs it): 20 photos uploaded into one draft,
 * each sanitised, encrypted and stored on the filesystem provider, then the draft saved with the new selfie and the
 * upload audited in one transaction of the embedded database (committed to the device), as OrderService does (its
 * quota reads left out), (a) without advice, and (b) with advice as OrderService does it now: the advice job enqueued
 * in that same transaction. That is the upload path until its answer. Then, honestly, (c) the advice's own work, done
 * afterwards by the job for each of those photos: {@link PhotoAdvisor#adviseStored}, the job itself, which reads the
 * order and the account, reads the new photo back through the owner's permit, decodes it, compares it with every
 * earlier photo of the draft (each read back and decoded at 1/8), and records the flags and the audit entry. Its wall
 * time and CPU time (the whole process's, OpenCV's threads included, and the job thread's) per photo. Two
 * photos: "noisy", about 8 MB (a noisy 12-megapixel JPEG, as the storage benchmark's), and "portrait", a phone-like
 * 12-megapixel photo of a face. Prints key=value lines.
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

    /** What the benchmark works with. */
    private record Harness(
            PhotoSanitizer sanitizer,
            PhotoVault vault,
            Account account,
            PersistenceAdapter db,
            AuditTrail audit,
            PhotoAdvisor advisor) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("kaptura-advice-bench");
        // The embedded database under the work directory: the vault's data keys and the advice jobs live there.
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
            Account account =
                    db.accounts().save(Account.open(owner, EmailAddress.of("bench@example.org"), Instant.now()));
            AuditTrail audit = new AuditTrail(db.auditLog(), Clock.systemUTC());
            PhotoAdvisor advisor = new PhotoAdvisor(
                    analysis,
                    db.selfieAdvices(),
                    vault,
                    AdvicePolicy.DEFAULT,
                    db.orders(),
                    db.accounts(),
                    db.transactions(),
                    audit,
                    Clock.systemUTC());
            Harness h = new Harness(sanitizer, vault, account, db, audit, advisor);
            System.out.printf("photos=%d%n", PHOTOS);
            measure("noisy", photo(8L * 1024 * 1024), h);
            measure("portrait", portrait(), h);
        }
    }

    /** Without advice and with it, alternately, then the job's work; prints {@code name_...} lines. */
    private static void measure(String name, byte[] photo, Harness h) {
        round(photo, h, false);
        job(round(photo, h, true), h); // warm-up, OpenCV included
        Round without1 = round(photo, h, false);
        Round with1 = round(photo, h, true);
        Round without2 = round(photo, h, false);
        Round with2 = round(photo, h, true);
        double without = (without1.msPerPhoto() + without2.msPerPhoto()) / 2;
        double with = (with1.msPerPhoto() + with2.msPerPhoto()) / 2;
        Job job = job(with2, h);
        System.out.printf("%s_photo_bytes=%d%n", name, photo.length);
        System.out.printf("%s_upload_path_ms=%.1f%n", name, without);
        System.out.printf("%s_with_advice_ms=%.1f%n", name, with);
        System.out.printf("%s_advice_ratio=%.2f%n", name, without / with);
        System.out.printf("%s_job_wall_ms=%.1f%n", name, job.wallMs());
        System.out.printf("%s_job_cpu_ms=%.1f%n", name, job.processCpuMs());
        System.out.printf("%s_job_thread_cpu_ms=%.1f%n", name, job.threadCpuMs());
        System.out.printf("%s_inline_ratio=%.2f%n", name, without / (with + job.wallMs()));
    }

    /** One draft's uploads: the mean milliseconds per upload until its answer, and the draft as it ends. */
    private record Round(double msPerPhoto, Order order) {}

    /** The job's work per photo, in milliseconds: wall time, the process's CPU time, the job thread's CPU time. */
    private record Job(double wallMs, double processCpuMs, double threadCpuMs) {}

    /** The advice of each photo of {@code round}'s draft, as its job computes it after the upload was answered. */
    private static Job job(Round round, Harness h) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long thread0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (Selfie selfie : round.order().liveSelfies()) {
            h.advisor().adviseStored(round.order().id(), selfie.id());
        }
        double wall = (System.nanoTime() - t0) / 1e6 / PHOTOS;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e6 / PHOTOS;
        double thread = (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / PHOTOS;
        if (h.db().selfieAdvices().of(round.order().id()).size() != PHOTOS) {
            throw new IllegalStateException("The job did not advise on every photo");
        }
        return new Job(wall, cpu, thread);
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

    /**
     * One draft of {@link #PHOTOS} uploads, each sanitised, encrypted and stored, and, {@code advice}, its advice job
     * enqueued as the upload's transaction does.
     */
    private static Round round(byte[] photo, Harness h, boolean advice) {
        Instant now = Instant.now();
        Account account = h.account();
        Order order = h.db().orders()
                .save(
                        Order.draft(
                                new OrderId(UUID.randomUUID()),
                                account.id(),
                                PLAN,
                                List.of(new StyleId("studio-grey")),
                                now),
                        Optional.empty());
        long t0 = System.nanoTime();
        for (int i = 0; i < PHOTOS; i++) {
            PhotoSanitizer.Outcome outcome = h.sanitizer().sanitizeSelfie(new ByteArrayInputStream(photo));
            if (!(outcome instanceof PhotoSanitizer.Outcome.Accepted accepted)) {
                throw new IllegalStateException("The benchmark photo was rejected: " + outcome);
            }
            SelfieId id = new SelfieId(UUID.randomUUID());
            PhotoRef ref = new PhotoRef("selfie/" + account.id() + "/" + id);
            try (PhotoSanitizer.Clean clean = accepted.image()) {
                PhotoVault.Stored stored = h.vault().put(account.id(), ref, clean.open(), clean.size());
                Order next = order.addSelfie(new Selfie.Stored(id, ref, stored.sha256(), stored.size(), now))
                        .orElseThrow();
                order = h.db().transactions().inTransaction(() -> {
                    Order saved = h.db().orders().save(next, Optional.empty());
                    h.audit()
                            .record(
                                    Actor.person(account.id()),
                                    AuditAction.SELFIE_UPLOADED,
                                    Subject.of("selfie", id),
                                    Rule.R1,
                                    Map.of("order", next.id(), "bytes", stored.size()));
                    if (advice) {
                        h.db().jobs().enqueue(JobRequests.adviseSelfie(next.id(), id, now));
                    }
                    return saved;
                });
            }
        }
        return new Round((System.nanoTime() - t0) / 1e6 / PHOTOS, order);
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
