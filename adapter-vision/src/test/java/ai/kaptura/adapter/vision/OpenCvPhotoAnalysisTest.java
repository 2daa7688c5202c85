package ai.kaptura.adapter.vision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.advice.Likeness;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.fake.FacePhotos;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OpenCV analysis on real face photos (R51), each case made from one public-domain portrait: it counts faces,
 * sees a small face, a blurred and a dark photo, and the same photo re-encoded, and the default policy turns that
 * into the advice a person reads. When it cannot run it says so, and never hangs an upload.
 */
@Tag("R51")
class OpenCvPhotoAnalysisTest {

    private static final PhotoAnalysis ANALYSIS = VisionAdapter.analysis(2, Duration.ofSeconds(30));

    private static PhotoAnalysis.Result attempt(byte[] photo, PhotoAnalysis.Earlier... earlier) {
        return ANALYSIS.analyse(new ByteArrayInputStream(photo), List.of(earlier));
    }

    private static PhotoAnalysis.Measured analyse(byte[] photo, PhotoAnalysis.Earlier... earlier) {
        PhotoAnalysis.Result result = attempt(photo, earlier);
        assertThat(result).isInstanceOf(PhotoAnalysis.Measured.class);
        return (PhotoAnalysis.Measured) result;
    }

    private static String unavailable(PhotoAnalysis.Result result) {
        assertThat(result).isInstanceOf(PhotoAnalysis.Unavailable.class);
        return ((PhotoAnalysis.Unavailable) result).why();
    }

    private static SelfieAdvice advice(byte[] photo, PhotoAnalysis.Earlier... earlier) {
        PhotoAnalysis.Measured result = analyse(photo, earlier);
        return AdvicePolicy.DEFAULT.advise(result.measures(), result.likeness());
    }

    private static PhotoAnalysis.Earlier earlier(SelfieId id, byte[] photo) {
        return new PhotoAnalysis.Earlier(id, () -> new ByteArrayInputStream(photo));
    }

    @Test
    void a_good_portrait_has_one_face_of_a_good_size_and_no_advice() {
        PhotoAnalysis.Measured result = analyse(FacePhotos.single());

        assertThat(result.measures().faces()).isEqualTo(1);
        assertThat(result.measures().largestFaceShare()).isBetween(0.12, 0.4);
        assertThat(result.measures().sharpness()).isGreaterThan(AdvicePolicy.DEFAULT.minSharpness());
        assertThat(result.measures().brightness()).isBetween(60.0, 200.0);
        assertThat(result.likeness()).isEmpty();
        assertThat(AdvicePolicy.DEFAULT
                        .advise(result.measures(), result.likeness())
                        .flags())
                .isEmpty();
    }

    @Test
    void two_people_side_by_side_are_two_faces() {
        PhotoAnalysis.Measured result = analyse(FacePhotos.twoFaces());

        assertThat(result.measures().faces()).isEqualTo(2);
        assertThat(AdvicePolicy.DEFAULT
                        .advise(result.measures(), result.likeness())
                        .flags())
                .containsExactly(AdviceFlag.SEVERAL_FACES);
    }

    @Test
    void a_blurred_photo_is_blurry() {
        assertThat(advice(FacePhotos.blurred(4)).flags()).contains(AdviceFlag.BLURRY);
    }

    @Test
    void a_face_small_in_a_large_frame_is_too_small() {
        PhotoAnalysis.Measured result = analyse(FacePhotos.smallFace(1024));

        assertThat(result.measures().faces()).isEqualTo(1);
        assertThat(result.measures().largestFaceShare()).isLessThan(AdvicePolicy.DEFAULT.minFaceShare());
        assertThat(AdvicePolicy.DEFAULT
                        .advise(result.measures(), result.likeness())
                        .flags())
                .containsExactly(AdviceFlag.FACE_TOO_SMALL);
    }

    @Test
    void a_dark_photo_is_too_dark() {
        assertThat(advice(FacePhotos.darkened(0.2)).flags()).contains(AdviceFlag.TOO_DARK);
    }

    @Test
    void the_same_photo_re_encoded_and_resized_is_the_same_as_the_earlier_one_and_a_mirror_is_not() {
        SelfieId original = new SelfieId(UUID.randomUUID());
        SelfieId mirror = new SelfieId(UUID.randomUUID());

        PhotoAnalysis.Measured result = analyse(
                FacePhotos.reencoded(480),
                earlier(mirror, FacePhotos.mirrored()),
                earlier(original, FacePhotos.single()));

        assertThat(result.likeness()).extracting(Likeness::other).containsExactly(mirror, original);
        assertThat(result.likeness().get(1).distance()).isLessThanOrEqualTo(AdvicePolicy.DEFAULT.sameAtMost());
        assertThat(result.likeness().get(0).distance()).isGreaterThan(0.25);
        SelfieAdvice advice = AdvicePolicy.DEFAULT.advise(result.measures(), result.likeness());
        assertThat(advice.flags()).containsExactly(AdviceFlag.SAME_AS);
        assertThat(advice.sameAs()).contains(original);
    }

    @Test
    void what_is_not_a_jpeg_within_the_sanitisers_bounds_is_not_decoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0};
        assertThat(unavailable(attempt(png))).contains("Not a JPEG");

        // A JPEG header declaring 5000 x 5000 pixels: refused before any pixel is decoded.
        byte[] huge = {
            (byte) 0xff,
            (byte) 0xd8,
            (byte) 0xff,
            (byte) 0xc0,
            0,
            11,
            8,
            0x13,
            (byte) 0x88,
            0x13,
            (byte) 0x88,
            1,
            1,
            0x11,
            0
        };
        assertThat(JpegSize.of(huge, huge.length)).isEmpty();
        assertThat(unavailable(attempt(huge))).contains("Not a JPEG of at most 4096 pixels a side");

        byte[] fine = FacePhotos.twoFaces();
        assertThat(JpegSize.of(fine, fine.length)).contains(new JpegSize(1024, 512));
    }

    @Test
    void an_earlier_photo_that_cannot_be_read_makes_the_analysis_unavailable_not_a_crash() {
        PhotoAnalysis.Earlier broken = new PhotoAnalysis.Earlier(new SelfieId(UUID.randomUUID()), () -> {
            throw new UncheckedIOException(new java.io.IOException("the vault is down"));
        });

        assertThat(unavailable(attempt(FacePhotos.single(), broken))).contains("the vault is down");
    }

    @Test
    void the_work_runs_on_a_platform_thread_of_the_adapter_not_on_the_callers_virtual_thread() throws Exception {
        byte[] photo = FacePhotos.single();
        java.util.concurrent.atomic.AtomicReference<Thread> reader =
                new java.util.concurrent.atomic.AtomicReference<>();
        PhotoAnalysis.Earlier watched = new PhotoAnalysis.Earlier(new SelfieId(UUID.randomUUID()), () -> {
            reader.set(Thread.currentThread());
            return new ByteArrayInputStream(photo);
        });
        java.util.concurrent.atomic.AtomicReference<PhotoAnalysis.Result> result =
                new java.util.concurrent.atomic.AtomicReference<>();

        Thread.ofVirtual()
                .start(() -> result.set(ANALYSIS.analyse(new ByteArrayInputStream(photo), List.of(watched))))
                .join();

        assertThat(result.get()).isInstanceOf(PhotoAnalysis.Measured.class);
        assertThat(reader.get().isVirtual()).isFalse();
        assertThat(reader.get().getName()).startsWith("kaptura-vision-");
    }

    @Test
    void natives_that_cannot_load_make_every_call_unavailable_and_are_tried_once() {
        AtomicInteger tries = new AtomicInteger();
        PhotoAnalysis broken = new OpenCvPhotoAnalysis(
                count -> {
                    tries.incrementAndGet();
                    throw new UnsatisfiedLinkError("no opencv_java490 in java.library.path");
                },
                1,
                Duration.ofSeconds(1));

        for (int i = 0; i < 2; i++) {
            assertThat(unavailable(broken.analyse(new ByteArrayInputStream(FacePhotos.single()), List.of())))
                    .contains("opencv_java490");
        }
        assertThat(tries).hasValue(1);
    }

    @Test
    void a_busy_analysis_answers_unavailable_after_its_wait_instead_of_holding_the_upload() throws Exception {
        PhotoAnalysis one = VisionAdapter.analysis(1, Duration.ofMillis(100));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] photo = FacePhotos.single();
        PhotoAnalysis.Earlier slow = new PhotoAnalysis.Earlier(new SelfieId(UUID.randomUUID()), () -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (InputStream) new ByteArrayInputStream(photo);
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PhotoAnalysis.Result> first =
                    pool.submit(() -> one.analyse(new ByteArrayInputStream(photo), List.of(slow)));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

            long t0 = System.nanoTime();
            assertThat(unavailable(one.analyse(new ByteArrayInputStream(photo), List.of())))
                    .contains("busy");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

            release.countDown();
            assertThat(((PhotoAnalysis.Measured) first.get(30, TimeUnit.SECONDS))
                            .likeness()
                            .getFirst()
                            .distance())
                    .isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
