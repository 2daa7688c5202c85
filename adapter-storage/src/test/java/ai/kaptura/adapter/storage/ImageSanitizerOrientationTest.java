package ai.kaptura.adapter.storage;

import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.MARK;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.XMP_MM;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.accepted;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.assertCarriesNoMetadata;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.decode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpeg;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.markAt;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.markIn;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.png;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.pngChunk;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.withOrientation;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.xmpProperty;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All eight EXIF orientations, checked by where two distinct corner marks land: a red square stored at
 * the top-left and a blue one stored at the top-right. One mark alone cannot tell a rotation from a
 * mirror image (orientations 1 and 5 keep the red square where it was); two can.
 */
class ImageSanitizerOrientationTest {

    private static final int W = 720;
    private static final int H = 560;
    private static final List<String> CORNERS = List.of("top-left", "top-right", "bottom-left", "bottom-right");

    private final PhotoSanitizer sanitizer = new ImageSanitizer(Optional.empty());

    static Stream<Arguments> orientations() {
        // EXIF orientation (TIFF 6.0, tag 0x0112), then where the red and blue marks must be once upright
        return Stream.of(
                Arguments.of(1, "top-left", "top-right"), // as stored
                Arguments.of(2, "top-right", "top-left"), // mirrored left to right
                Arguments.of(3, "bottom-right", "bottom-left"), // turned 180 degrees
                Arguments.of(4, "bottom-left", "bottom-right"), // mirrored top to bottom
                Arguments.of(5, "top-left", "bottom-left"), // mirrored along the top-left diagonal
                Arguments.of(6, "top-right", "bottom-right"), // turned 90 degrees clockwise
                Arguments.of(7, "bottom-right", "top-right"), // mirrored along the other diagonal
                Arguments.of(8, "bottom-left", "top-left")); // turned 90 degrees counter-clockwise
    }

    @ParameterizedTest(name = "orientation {0}: red {1}, blue {2}")
    @MethodSource("orientations")
    void a_jpeg_selfie_is_turned_upright_and_its_marks_land_where_the_orientation_says(
            int orientation, String red, String blue) {
        byte[] turned = withOrientation(jpeg(W, H), orientation);

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(turned)));

        boolean sideways = orientation >= 5;
        assertThat(out.width()).isEqualTo(sideways ? H : W);
        assertThat(out.height()).isEqualTo(sideways ? W : H);
        BufferedImage upright = decode(out.bytes());
        assertMarks(upright, red, blue);
        assertSquareExactlyAt(upright, red, "red");
        assertSquareExactlyAt(upright, blue, "blue");
        assertCarriesNoMetadata(out.bytes());
    }

    @Test
    void a_png_selfie_is_turned_by_the_orientation_in_its_exif_chunk() {
        byte[] png = png(W, H);
        byte[] turned = withExifChunk(png, exifOf(withOrientation(jpeg(16, 16), 6)));

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(turned)));

        assertThat(out.width()).isEqualTo(H);
        assertThat(out.height()).isEqualTo(W);
        assertMarks(decode(out.bytes()), "top-right", "bottom-right");
    }

    @Test
    void a_jpeg_headshot_turned_by_exif_is_turned_for_good_because_its_exif_is_dropped() {
        AiMarker marker = new AiMarker(UUID.randomUUID());
        byte[] turned = withOrientation(jpeg(W, H), 6);

        ImageSanitizerFixtures.Out out = accepted(sanitizer.markHeadshot(new ByteArrayInputStream(turned), marker));

        assertThat(out.mediaType()).isEqualTo("image/jpeg");
        assertThat(out.width()).isEqualTo(H);
        assertThat(out.height()).isEqualTo(W);
        assertMarks(decode(out.bytes()), "top-right", "bottom-right");
        assertThat(ImageSanitizerFixtures.latin1(out.bytes())).doesNotContain("Exif\0\0");
        assertThat(xmpProperty(out.bytes(), XMP_MM, "DocumentID")).contains(marker.assetUrn());
    }

    @Test
    void an_orientation_outside_one_to_eight_is_ignored() {
        byte[] odd = withOrientation(jpeg(W, H), 9);

        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(odd)));

        assertThat(out.width()).isEqualTo(W);
        assertMarks(decode(out.bytes()), "top-left", "top-right");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void assertMarks(BufferedImage upright, String red, String blue) {
        for (String corner : CORNERS) {
            String expected = corner.equals(red) ? "red" : corner.equals(blue) ? "blue" : "neither";
            assertThat(markIn(upright, corner))
                    .as("the mark in the %s corner", corner)
                    .isEqualTo(expected);
        }
    }

    /**
     * The square covers exactly MARK x MARK pixels from its corner: 8 pixels inside its inner edges it is
     * there, 8 pixels beyond them it is not (JPEG blurs an edge by a pixel or two, not by eight).
     */
    private static void assertSquareExactlyAt(BufferedImage image, String corner, String colour) {
        boolean right = corner.endsWith("right");
        boolean bottom = corner.startsWith("bottom");
        int inside = MARK - 8;
        int outside = MARK + 8;
        int xIn = right ? image.getWidth() - 1 - inside : inside;
        int yIn = bottom ? image.getHeight() - 1 - inside : inside;
        int xOut = right ? image.getWidth() - 1 - outside : outside;
        int yOut = bottom ? image.getHeight() - 1 - outside : outside;
        assertThat(markAt(image, xIn, yIn))
                .as("%s just inside the %s square", corner, colour)
                .isEqualTo(colour);
        assertThat(markAt(image, xOut, yIn))
                .as("%s just beside the %s square", corner, colour)
                .isNotEqualTo(colour);
        assertThat(markAt(image, xIn, yOut))
                .as("%s just below or above the %s square", corner, colour)
                .isNotEqualTo(colour);
    }

    /** The TIFF block of a JPEG's EXIF segment (what a PNG eXIf chunk holds). */
    private static byte[] exifOf(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (marker == 0xE1 && jpeg[pos + 4] == 'E' && jpeg[pos + 5] == 'x') {
                return Arrays.copyOfRange(jpeg, pos + 4 + 6, pos + 2 + length);
            }
            pos += 2 + length;
        }
        throw new AssertionError("no EXIF segment");
    }

    private static byte[] withExifChunk(byte[] png, byte[] tiff) {
        int afterHeader = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(pngChunk("eXIf", tiff));
        out.write(png, afterHeader, png.length - afterHeader);
        byte[] result = out.toByteArray();
        assertThat(ImageSanitizerFixtures.pngChunkTypes(result)).as("fixture").contains("eXIf");
        return result;
    }
}
