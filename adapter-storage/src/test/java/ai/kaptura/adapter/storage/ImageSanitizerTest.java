package ai.kaptura.adapter.storage;

import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.IPTC_EXT;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.PLANTED;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.XMP_MM;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.accepted;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.assertCarriesNoMetadata;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.decode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.directories;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.encode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpeg;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpegScanData;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpegSegments;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.latin1;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.picture;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.png;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.pngChunkTypes;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.readAll;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.rejected;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.xmpProperty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPIterator;
import com.adobe.internal.xmp.properties.XMPPropertyInfo;
import com.drew.metadata.Directory;
import com.drew.metadata.xmp.XmpDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the contract does not pin down: output shape, kept pixels, the marker's content, limits, speed. */
class ImageSanitizerTest {

    private static final int W = 720;
    private static final int H = 560;

    private final PhotoSanitizer sanitizer = new ImageSanitizer(Optional.empty());

    // ---- selfies --------------------------------------------------------------------------------

    @Test
    @Tag("R37")
    void an_upright_baseline_jpeg_selfie_keeps_its_compressed_picture_byte_for_byte_and_loses_every_metadata_block() {
        byte[] camera = ImageSanitizerFixtures.withEveryKindOfMetadata(jpeg(W, H));

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(camera)));

        assertThat(jpegScanData(out.bytes())).as("not decoded or re-encoded").isEqualTo(jpegScanData(camera));
        assertCarriesNoMetadata(out.bytes());
        assertThat(out.bytes().length).isLessThan(camera.length);
    }

    @Test
    void a_progressive_jpeg_selfie_comes_out_as_a_fresh_baseline_jpeg() throws IOException {
        byte[] progressive = progressiveJpeg(picture(W, H));
        assertThat(jpegSegments(progressive)).as("fixture").contains(0xC2);

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(progressive)));

        List<Integer> segments = jpegSegments(out.bytes());
        assertThat(segments.getFirst()).as("a JFIF header first").isEqualTo(0xE0);
        assertThat(segments).contains(0xC0).doesNotContain(0xC1, 0xC2, 0xC3);
        assertThat(segments)
                .as("only JFIF, quantisation and Huffman tables, the frame and the scan")
                .isSubsetOf(0xE0, 0xDB, 0xC4, 0xC0, 0xDA);
        assertThat(jpegSegments(out.bytes()).stream().filter(m -> m == 0xDA).count())
                .as("one scan")
                .isEqualTo(1);
    }

    @Test
    void a_transparent_png_selfie_is_laid_on_white() {
        BufferedImage transparent = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = transparent.createGraphics();
        g.setColor(new Color(20, 20, 230));
        g.fillRect(0, 0, W / 2, H);
        g.dispose();

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(encode(transparent, "png"))));

        BufferedImage picture = decode(out.bytes());
        assertThat(picture.getRGB(W - 40, H / 2) & 0xffffff)
                .as("transparent became white")
                .isGreaterThan(0xf0f0f0);
        assertThat(picture.getRGB(40, H / 2) & 0xff)
                .as("the blue half stays blue")
                .isGreaterThan(200);
    }

    @Test
    void a_twelve_megapixel_photo_is_sanitised_whole_and_quickly() {
        byte[] twelveMegapixels = photoLikeJpeg(4000, 3000);

        long start = System.nanoTime();
        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(
                new ByteArrayInputStream(ImageSanitizerFixtures.withEveryKindOfMetadata(twelveMegapixels))));
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("Sanitising a 12 MP JPEG (%d bytes) took %d ms%n", twelveMegapixels.length, millis);
        assertThat(out.width()).isEqualTo(4000);
        assertThat(out.height()).isEqualTo(3000);
        assertCarriesNoMetadata(out.bytes());
        assertThat(millis).as("milliseconds for 12 MP").isLessThan(10_000);
    }

    @Test
    void a_photo_near40_megapixels_is_decoded_subsampled_to_at_most4096_pixels_a_side() {
        BufferedImage grey = new BufferedImage(7_300, 5_400, BufferedImage.TYPE_BYTE_GRAY); // 39.4 MP
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.LIGHT_GRAY);
        g.fillRect(0, 0, 7_300, 5_400);
        g.dispose();
        byte[] large = encode(grey, "jpg");

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(large)));

        assertThat(out.width()).isEqualTo(3_650);
        assertThat(out.height()).isEqualTo(2_700);
    }

    @Test
    void the_size_refusals_say_what_is_wrong_and_what_would_do() {
        assertThat(rejected(sanitizer.sanitizeSelfie(new ByteArrayInputStream(png(300, 300)))))
                .isEqualTo("This photo is 300×300 pixels; please upload one of at least 512×512.");
        assertThat(rejected(sanitizer.sanitizeSelfie(new ByteArrayInputStream(jpeg(511, 900)))))
                .isEqualTo("This photo is 511×900 pixels; please upload one of at least 512×512.");
        assertThat(accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(jpeg(512, 512))))
                        .width())
                .isEqualTo(512);
    }

    // ---- headshots ------------------------------------------------------------------------------

    @Test
    void a_jpeg_headshot_keeps_its_compressed_picture_byte_for_byte() {
        byte[] plain = jpeg(W, H);
        byte[] vendor = ImageSanitizerFixtures.withEveryKindOfMetadata(plain);
        List<Integer> expected = new ArrayList<>(List.of(0xE0, 0xE1));
        jpegSegments(plain).stream().filter(marker -> marker != 0xE0).forEach(expected::add);

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer.markHeadshot(new ByteArrayInputStream(vendor), new AiMarker(UUID.randomUUID())));

        assertThat(jpegScanData(out.bytes())).as("the scan, from SOS to EOI").isEqualTo(jpegScanData(vendor));
        assertThat(jpegSegments(out.bytes()))
                .as("segments: JFIF, the marker, then the original tables, frame and scan")
                .isEqualTo(expected);
        assertThat(latin1(out.bytes())).doesNotContain(PLANTED);
    }

    @Test
    void a_jpeg_headshot_keeps_adobes_colour_transform_marker_but_no_other_app_segment() {
        byte[] profile = ImageSanitizerFixtures.iccProfileWithCopyright(PLANTED + " colour lab");
        byte[] vendor = ImageSanitizerFixtures.insertAfterSoi(
                jpeg(W, H),
                ImageSanitizerFixtures.segment(0xE2, ImageSanitizerFixtures.iccProfileSegmentData(profile)),
                ImageSanitizerFixtures.segment(
                        0xE2, ImageSanitizerFixtures.concat(ImageSanitizerFixtures.ascii("MPF\0"), new byte[64])),
                ImageSanitizerFixtures.segment(0xEE, ImageSanitizerFixtures.ascii("Adobe\0\u0064\0\0\0\0\1")),
                ImageSanitizerFixtures.segment(0xE0, ImageSanitizerFixtures.ascii("JFXX\0\u0010" + PLANTED)));

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer.markHeadshot(new ByteArrayInputStream(vendor), new AiMarker(UUID.randomUUID())));

        String kept = latin1(out.bytes());
        assertThat(kept)
                .contains("Adobe")
                .doesNotContain("ICC_PROFILE")
                .doesNotContain("MPF\0")
                .doesNotContain("JFXX")
                .doesNotContain(PLANTED);
        assertThat(jpegSegments(out.bytes())).contains(0xEE).doesNotContain(0xE2);
    }

    @Test
    void a_png_headshot_keeps_every_pixel_and_its_transparency() {
        BufferedImage vendor = picture(W, H);
        BufferedImage withAlpha = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = withAlpha.createGraphics();
        g.drawImage(vendor, 0, 0, null);
        g.dispose();
        withAlpha.setRGB(W - 1, H - 1, 0x00000000);
        byte[] png = encode(withAlpha, "png");

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer.markHeadshot(new ByteArrayInputStream(png), new AiMarker(UUID.randomUUID())));

        BufferedImage marked = decode(out.bytes());
        for (int y = 0; y < H; y += 7) {
            for (int x = 0; x < W; x += 7) {
                assertThat(marked.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(withAlpha.getRGB(x, y));
            }
        }
        assertThat(marked.getRGB(W - 1, H - 1) >>> 24)
                .as("the transparent pixel's alpha")
                .isZero();
        List<String> chunks = pngChunkTypes(out.bytes());
        assertThat(chunks.getFirst()).isEqualTo("IHDR");
        assertThat(chunks.getLast()).isEqualTo("IEND");
        assertThat(chunks)
                .as("nothing but the picture and one XMP chunk")
                .containsOnly("IHDR", "iTXt", "IDAT", "IEND")
                .containsOnlyOnce("iTXt");
        assertThat(latin1(out.bytes())).contains("iTXtXML:com.adobe.xmp\0");
    }

    @Test
    void the_marker_holds_the_source_type_and_the_opaque_asset_id_and_nothing_else() throws XMPException {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        for (byte[] vendor : List.of(png(W, H), ImageSanitizerFixtures.withEveryKindOfMetadata(jpeg(W, H)))) {
            ImageSanitizerFixtures.Out out = accepted(sanitizer.markHeadshot(new ByteArrayInputStream(vendor), marker));

            List<String> properties = new ArrayList<>();
            for (Directory directory : directories(out.bytes())) {
                if (directory instanceof XmpDirectory xmp) {
                    XMPIterator all = xmp.getXMPMeta().iterator();
                    while (all.hasNext()) {
                        XMPPropertyInfo property = (XMPPropertyInfo) all.next();
                        if (property.getPath() != null) {
                            properties.add(property.getNamespace() + property.getPath() + "=" + property.getValue());
                        }
                    }
                }
            }
            assertThat(properties)
                    .containsExactlyInAnyOrder(
                            IPTC_EXT
                                    + "Iptc4xmpExt:DigitalSourceType=http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
                            XMP_MM + "xmpMM:DocumentID=" + marker.assetUrn());
            assertThat(xmpProperty(out.bytes(), IPTC_EXT, "DigitalSourceType")).contains(AiMarker.DIGITAL_SOURCE_TYPE);
        }
    }

    @Test
    void a_headshot_is_checked_like_a_selfie() {
        assertThat(rejected(sanitizer.markHeadshot(
                        new ByteArrayInputStream(png(300, 300)), new AiMarker(UUID.randomUUID()))))
                .contains("300×300");
    }

    // ---- the clean image ------------------------------------------------------------------------

    @Test
    void a_clean_image_can_be_read_until_closed_and_not_after() throws IOException {
        PhotoSanitizer.Outcome outcome = sanitizer.sanitizeSelfie(new ByteArrayInputStream(jpeg(W, H)));
        PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image();
        InputStream openedBefore = clean.open();
        byte[] first = readAll(clean.open());

        clean.close();

        assertThat(readAll(openedBefore))
                .as("a stream opened before closing still reads")
                .isEqualTo(first);
        assertThatThrownBy(clean::open).isInstanceOf(IllegalStateException.class);
        clean.close();
        assertThat(clean.size()).isEqualTo(first.length);
    }

    // ---- fixtures -------------------------------------------------------------------------------

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A 12 MP picture with grain, so that it compresses like a photo (a few MB), not like a drawing. */
    private static byte[] photoLikeJpeg(int width, int height) {
        BufferedImage image = picture(width, height);
        SplittableRandom random = new SplittableRandom(12);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(-24, 25);
                int r = Math.clamp(((row[x] >> 16) & 0xff) + grain, 0, 255);
                int g = Math.clamp(((row[x] >> 8) & 0xff) + grain, 0, 255);
                int b = Math.clamp((row[x] & 0xff) + grain, 0, 255);
                row[x] = (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return encode(image, "jpg");
    }
}
