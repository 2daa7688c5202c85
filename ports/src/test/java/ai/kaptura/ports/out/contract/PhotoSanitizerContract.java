package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ImageBytes.ascii;
import static ai.kaptura.ports.out.contract.ImageBytes.concat;
import static ai.kaptura.ports.out.contract.ImageBytes.encode;
import static ai.kaptura.ports.out.contract.ImageBytes.jpegSegments;
import static ai.kaptura.ports.out.contract.ImageBytes.latin1;
import static ai.kaptura.ports.out.contract.ImageBytes.pngChunk;
import static ai.kaptura.ports.out.contract.ImageBytes.pngChunkTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.PhotoSanitizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link PhotoSanitizer} must do: refuse what is not a usable photo without throwing,
 * accept real PNG and JPEG selfies and answer each as a JPEG turned upright by its EXIF orientation
 * and carrying no metadata at all (R37), and write the AI marker into generated headshots (R43, R45).
 *
 * <p>Test images are made here with {@code javax.imageio}; metadata is planted at the container level
 * (EXIF with a GPS IFD, XMP, IPTC, comments, PNG text chunks), each holding the word
 * {@value #PLANTED}, which must not survive.
 */
public abstract class PhotoSanitizerContract {

    /** The word every planted metadata block contains. */
    protected static final String PLANTED = "PLANTEDSECRET";

    protected static final int WIDTH = 720;
    protected static final int HEIGHT = 560;

    /** The side of the red square that marks every test picture's top-left corner. */
    protected static final int MARK = 64;

    /** A fresh sanitiser; called once per test. */
    protected abstract PhotoSanitizer sanitizer();

    /** The IPTC digital source type written into {@code image}'s XMP, if any. */
    protected abstract Optional<String> readDigitalSourceType(byte[] image);

    /** The asset id (a {@code urn:uuid:}) written into {@code image}'s XMP, if any. */
    protected abstract Optional<String> readAssetUrn(byte[] image);

    // ---- refusing -------------------------------------------------------------------------------

    static Stream<Arguments> notUsablePhotos() {
        byte[] png = png(WIDTH, HEIGHT);
        byte[] jpeg = jpeg(WIDTH, HEIGHT);
        byte[] pngThenGarbage = concat(Arrays.copyOf(png, 8), VendorFixtures.pseudoRandomBytes(3, 4000));
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("random bytes", VendorFixtures.pseudoRandomBytes(1, 10_000)),
                Arguments.of("a text file", "Hello, this is not a photo.\n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a PNG cut in half", Arrays.copyOf(png, png.length / 2)),
                Arguments.of("a JPEG cut in half", Arrays.copyOf(jpeg, jpeg.length / 2)),
                Arguments.of("a PNG signature followed by garbage", pngThenGarbage),
                Arguments.of("a JPEG start marker alone", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
                Arguments.of("a PNG declaring 60000 x 60000 pixels", pngDeclaring(60_000, 60_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUsablePhotos")
    void a_selfie_that_is_not_a_usable_photo_is_rejected_with_a_reason_a_person_can_read(String what, byte[] content) {
        PhotoSanitizer.Outcome outcome = sanitizer().sanitizeSelfie(new ByteArrayInputStream(content));

        assertRejectedAsInvalid(outcome);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUsablePhotos")
    void a_headshot_that_is_not_a_usable_photo_is_rejected_too(String what, byte[] content) {
        PhotoSanitizer.Outcome outcome =
                sanitizer().markHeadshot(new ByteArrayInputStream(content), new AiMarker(UUID.randomUUID()));

        assertRejectedAsInvalid(outcome);
    }

    @Test
    void an_upload_that_breaks_off_is_rejected_not_thrown() {
        byte[] jpeg = jpeg(WIDTH, HEIGHT);
        InputStream breaksOff = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served >= jpeg.length / 2) {
                    throw new IOException("connection reset");
                }
                return jpeg[served++] & 0xff;
            }
        };

        PhotoSanitizer.Outcome[] outcome = new PhotoSanitizer.Outcome[1];
        assertThatCode(() -> outcome[0] = sanitizer().sanitizeSelfie(breaksOff)).doesNotThrowAnyException();
        assertRejectedAsInvalid(outcome[0]);
    }

    // ---- accepting and cleaning -----------------------------------------------------------------

    @Test
    void a_png_selfie_is_accepted_as_a_jpeg_of_the_same_size() {
        byte[] clean = acceptedSelfie(png(WIDTH, HEIGHT));

        assertThat(clean[0] & 0xff).isEqualTo(0xFF);
        assertThat(clean[1] & 0xff).isEqualTo(0xD8);
    }

    @Test
    void a_thumbnail_of_a_sanitised_selfie_is_a_small_jpeg_of_the_same_proportions_and_garbage_is_refused()
            throws IOException {
        byte[] clean = acceptedSelfie(png(WIDTH, HEIGHT));
        int height = (int) Math.round(HEIGHT * 320.0 / WIDTH);

        PhotoSanitizer.Outcome outcome = sanitizer().thumbnail(new ByteArrayInputStream(clean), 320);

        assertThat(outcome).isInstanceOfSatisfying(PhotoSanitizer.Outcome.Accepted.class, accepted -> {
            try (PhotoSanitizer.Clean thumb = accepted.image()) {
                assertThat(thumb.mediaType()).isEqualTo("image/jpeg");
                assertThat(thumb.width()).isEqualTo(320);
                assertThat(thumb.height()).isEqualTo(height);
                try (InputStream in = thumb.open()) {
                    BufferedImage read = ImageIO.read(in);
                    assertThat(read.getWidth()).isEqualTo(320);
                    assertThat(read.getHeight()).isEqualTo(height);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertThat(sanitizer().thumbnail(new ByteArrayInputStream(new byte[] {1, 2, 3}), 320))
                .isInstanceOf(PhotoSanitizer.Outcome.Rejected.class);
    }

    @Test
    void a_jpeg_selfie_is_accepted_with_its_size() {
        acceptedSelfie(jpeg(WIDTH, HEIGHT));
    }

    @Test
    void every_metadata_block_of_a_jpeg_selfie_is_stripped() {
        byte[] withMetadata = jpegWithMetadata(jpeg(WIDTH, HEIGHT));
        assertThat(latin1(withMetadata)).as("fixture plants metadata").contains(PLANTED);
        assertThat(jpegSegments(withMetadata)).as("fixture plants metadata").contains(0xE1, 0xED, 0xFE);

        byte[] clean = acceptedSelfie(withMetadata);

        assertCarriesNoMetadata(clean);
    }

    @Test
    void every_metadata_chunk_of_a_png_selfie_is_stripped() {
        byte[] withMetadata = pngWithMetadata(png(WIDTH, HEIGHT));
        assertThat(latin1(withMetadata)).as("fixture plants metadata").contains(PLANTED);

        byte[] clean = acceptedSelfie(withMetadata);

        assertCarriesNoMetadata(clean);
    }

    static Stream<Arguments> orientations() {
        // EXIF orientation, then where the picture's marked top-left corner must be once upright.
        return Stream.of(
                Arguments.of(1, "top-left"),
                Arguments.of(3, "bottom-right"),
                Arguments.of(6, "top-right"),
                Arguments.of(8, "bottom-left"));
    }

    @ParameterizedTest(name = "orientation {0}")
    @MethodSource("orientations")
    void a_selfie_is_turned_upright_by_its_exif_orientation_which_is_then_gone(int orientation, String corner) {
        byte[] turned = jpegWithOrientation(jpeg(WIDTH, HEIGHT), orientation);
        boolean sideways = orientation >= 5;

        byte[] clean = assertAccepted(
                sanitizer().sanitizeSelfie(new ByteArrayInputStream(turned)),
                "image/jpeg",
                sideways ? HEIGHT : WIDTH,
                sideways ? WIDTH : HEIGHT);

        BufferedImage upright = decode(clean);
        int inset = MARK / 2;
        int right = upright.getWidth() - 1 - inset;
        int bottom = upright.getHeight() - 1 - inset;
        int[] expected = switch (corner) {
            case "top-left" -> new int[] {inset, inset};
            case "top-right" -> new int[] {right, inset};
            case "bottom-right" -> new int[] {right, bottom};
            default -> new int[] {inset, bottom};
        };
        assertThat(isMarkRed(upright.getRGB(expected[0], expected[1])))
                .as("the marked corner is now %s", corner)
                .isTrue();
        assertThat(jpegSegments(clean))
                .as("no orientation (or other EXIF) left to apply twice")
                .doesNotContain(0xE1);
    }

    // ---- marking headshots ----------------------------------------------------------------------

    @Test
    void a_marked_png_headshot_carries_the_ai_marker_and_still_shows() {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        byte[] marked = markedHeadshot(png(WIDTH, HEIGHT), marker, "image/png");

        assertCarries(marked, marker);
    }

    @Test
    void a_marked_jpeg_headshot_carries_the_ai_marker_and_still_shows() {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        byte[] marked = markedHeadshot(jpeg(WIDTH, HEIGHT), marker, "image/jpeg");

        assertCarries(marked, marker);
    }

    @Test
    void marking_keeps_nothing_but_the_marker_from_the_vendors_metadata() {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        byte[] png = markedHeadshot(pngWithMetadata(png(WIDTH, HEIGHT)), marker, "image/png");
        byte[] jpeg = markedHeadshot(jpegWithMetadata(jpeg(WIDTH, HEIGHT)), marker, "image/jpeg");

        assertThat(latin1(png)).doesNotContain(PLANTED);
        assertThat(pngChunkTypes(png)).as("PNG chunks left").doesNotContainAnyElementsOf(PNG_METADATA_CHUNKS);
        assertThat(latin1(jpeg)).doesNotContain(PLANTED).doesNotContain("Exif\0\0");
        assertThat(jpegSegments(jpeg)).as("JPEG segments left").doesNotContain(0xED, 0xFE);
        assertCarries(png, marker);
        assertCarries(jpeg, marker);
    }

    @Test
    void two_headshots_carry_their_own_asset_ids() {
        AiMarker first = new AiMarker(UUID.randomUUID());
        AiMarker second = new AiMarker(UUID.randomUUID());
        byte[] image = png(WIDTH, HEIGHT);

        byte[] a = markedHeadshot(image, first, "image/png");
        byte[] b = markedHeadshot(image, second, "image/png");

        assertThat(readAssetUrn(a)).contains(first.assetUrn());
        assertThat(readAssetUrn(b)).contains(second.assetUrn());
    }

    // ---- assertions -----------------------------------------------------------------------------

    /** PNG chunks that carry metadata other than the XMP packet holding the marker. */
    private static final Set<String> PNG_METADATA_CHUNKS = Set.of("tEXt", "zTXt", "eXIf", "tIME");

    private void assertCarries(byte[] marked, AiMarker marker) {
        assertThat(readDigitalSourceType(marked)).contains(AiMarker.DIGITAL_SOURCE_TYPE);
        assertThat(readAssetUrn(marked)).contains(marker.assetUrn());
        assertThat(AiMarker.read(
                        readDigitalSourceType(marked).orElseThrow(),
                        readAssetUrn(marked).orElseThrow()))
                .isEqualTo(marker);
    }

    private static void assertRejectedAsInvalid(PhotoSanitizer.Outcome outcome) {
        assertThat(outcome).isInstanceOf(PhotoSanitizer.Outcome.Rejected.class);
        Rejection why = ((PhotoSanitizer.Outcome.Rejected) outcome).why();
        assertThat(why.reason()).isEqualTo(Rejection.Reason.INVALID_VALUE);
        assertThat(why.detail()).isNotBlank().doesNotContain("Exception").doesNotContain("at java.");
    }

    /** Sanitises {@code selfie}, asserts it came back as a WIDTH x HEIGHT JPEG, and answers the clean bytes. */
    private byte[] acceptedSelfie(byte[] selfie) {
        return assertAccepted(
                sanitizer().sanitizeSelfie(new ByteArrayInputStream(selfie)), "image/jpeg", WIDTH, HEIGHT);
    }

    /** Marks {@code headshot}, asserts it came back as a WIDTH x HEIGHT image of {@code mediaType}, and answers it. */
    private byte[] markedHeadshot(byte[] headshot, AiMarker marker, String mediaType) {
        return assertAccepted(
                sanitizer().markHeadshot(new ByteArrayInputStream(headshot), marker), mediaType, WIDTH, HEIGHT);
    }

    /** Asserts an accepted image of the given type and size that decodes; answers its bytes and closes it. */
    private static byte[] assertAccepted(PhotoSanitizer.Outcome outcome, String mediaType, int width, int height) {
        assertThat(outcome).isInstanceOf(PhotoSanitizer.Outcome.Accepted.class);
        try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image()) {
            byte[] bytes = VendorFixtures.readAll(clean.open());
            assertThat(clean.mediaType()).isEqualTo(mediaType);
            assertThat(clean.width()).isEqualTo(width);
            assertThat(clean.height()).isEqualTo(height);
            assertThat(clean.size()).isEqualTo(bytes.length);
            assertThat(VendorFixtures.readAll(clean.open()))
                    .as("opened a second time")
                    .isEqualTo(bytes);
            BufferedImage decoded = decode(bytes);
            assertThat(decoded.getWidth()).isEqualTo(width);
            assertThat(decoded.getHeight()).isEqualTo(height);
            return bytes;
        }
    }

    /** A JPEG with no metadata segment at all: only JFIF, an ICC profile or Adobe's colour marker may remain. */
    private void assertCarriesNoMetadata(byte[] jpeg) {
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
        assertThat(latin1(jpeg))
                .doesNotContain(PLANTED)
                .doesNotContain("Exif\0\0")
                .doesNotContain("http://ns.adobe.com/xap");
        assertThat(jpegSegments(jpeg))
                .as("JPEG segments left")
                .doesNotContain(0xE1, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xFE);
        assertThat(readDigitalSourceType(jpeg)).isEmpty();
    }

    private static boolean isMarkRed(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r > 180 && g < 80 && b < 80;
    }

    // ---- images ---------------------------------------------------------------------------------

    /** A real PNG photo-like picture. */
    protected static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    /** A real JPEG photo-like picture, with a JFIF header as cameras and ImageIO write it. */
    protected static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpg");
    }

    protected static BufferedImage decode(byte[] bytes) {
        return ImageBytes.decode(bytes);
    }

    /**
     * The JPEG with metadata planted after its JFIF header: EXIF (an image description and a GPS IFD
     * with a latitude), XMP, IPTC (a by-line) and a comment.
     */
    protected static byte[] jpegWithMetadata(byte[] jpeg) {
        int insertAt = afterJfif(jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        out.writeBytes(jpegSegment(0xE1, concat(ascii("Exif\0\0"), exifWithGps())));
        out.writeBytes(jpegSegment(
                0xE1,
                concat(ascii("http://ns.adobe.com/xap/1.0/\0"), plantedXmp().getBytes(StandardCharsets.UTF_8))));
        out.writeBytes(jpegSegment(0xED, photoshopIptc()));
        out.writeBytes(jpegSegment(0xFE, ascii("Taken at home by " + PLANTED)));
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    /** The JPEG with an EXIF block saying how to turn it upright (1 = as stored, 6 = 90 degrees clockwise...). */
    protected static byte[] jpegWithOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        tiff.putInt(0);
        int insertAt = afterJfif(jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, insertAt);
        out.writeBytes(jpegSegment(0xE1, concat(ascii("Exif\0\0"), tiff.array())));
        out.write(jpeg, insertAt, jpeg.length - insertAt);
        return out.toByteArray();
    }

    /** The PNG with metadata chunks planted after its header: text, compressed text, XMP, EXIF and time. */
    protected static byte[] pngWithMetadata(byte[] png) {
        int afterHeader = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(pngChunk("tEXt", ascii("Comment\0" + PLANTED + " home address")));
        out.writeBytes(pngChunk("zTXt", concat(ascii("Author\0\0"), deflate(ascii(PLANTED + " author")))));
        out.writeBytes(pngChunk(
                "iTXt",
                concat(ascii("XML:com.adobe.xmp\0\0\0\0\0"), plantedXmp().getBytes(StandardCharsets.UTF_8))));
        out.writeBytes(pngChunk("eXIf", exifWithGps()));
        out.writeBytes(pngChunk("tIME", new byte[] {0x07, (byte) 0xEA, 11, 2, 9, 30, 0}));
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    /** A structurally valid PNG whose header declares {@code width x height} pixels, with a token of data. */
    protected static byte[] pngDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(pngChunk("IHDR", ihdr.array()));
        out.writeBytes(pngChunk("IDAT", deflate(new byte[3 * 64 + 1])));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static int afterJfif(byte[] jpeg) {
        if ((jpeg[2] & 0xff) == 0xFF && (jpeg[3] & 0xff) == 0xE0) {
            return 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        }
        return 2;
    }

    private static BufferedImage picture(int width, int height) {
        return ImageBytes.photoLike(width, height, MARK);
    }

    /** A valid little-endian TIFF/EXIF block: IFD0 with an image description and a GPS IFD with a latitude. */
    private static byte[] exifWithGps() {
        byte[] description = ascii(PLANTED + " camera owner\0");
        int ifd0 = 8;
        int descriptionAt = ifd0 + 2 + 2 * 12 + 4;
        int gpsAt = descriptionAt + description.length + (description.length % 2);
        int rationalsAt = gpsAt + 2 + 2 * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(rationalsAt + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd0);
        b.putShort((short) 2);
        b.putShort((short) 0x010E)
                .putShort((short) 2)
                .putInt(description.length)
                .putInt(descriptionAt);
        b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsAt);
        b.putInt(0);
        b.put(description);
        b.position(gpsAt);
        b.putShort((short) 2);
        b.putShort((short) 0x0001)
                .putShort((short) 2)
                .putInt(2)
                .put((byte) 'N')
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        b.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(rationalsAt);
        b.putInt(0);
        b.putInt(52).putInt(1).putInt(31).putInt(1).putInt(1234).putInt(100);
        return b.array();
    }

    private static String plantedXmp() {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                + " exif:GPSLatitude=\"52,31.2N\" exif:GPSLongitude=\"13,24.3E\" dc:creator=\"" + PLANTED + "\"/>"
                + "</rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>";
    }

    private static byte[] photoshopIptc() {
        byte[] byline = ascii(PLANTED + " photographer");
        byte[] iptc = concat(new byte[] {0x1C, 0x02, 0x50, 0x00, (byte) byline.length}, byline);
        ByteBuffer resource = ByteBuffer.allocate(4 + 2 + 2 + 4 + iptc.length + iptc.length % 2);
        resource.put(ascii("8BIM"))
                .putShort((short) 0x0404)
                .putShort((short) 0)
                .putInt(iptc.length)
                .put(iptc);
        return concat(ascii("Photoshop 3.0\0"), resource.array());
    }

    private static byte[] jpegSegment(int marker, byte[] data) {
        int len = data.length + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (len >> 8), (byte) len});
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
