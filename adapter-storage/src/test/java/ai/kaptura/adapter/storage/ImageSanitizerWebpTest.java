package ai.kaptura.adapter.storage;

import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.IPTC_EXT;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.WEBP_LOSSLESS_600;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.WEBP_LOSSY_600;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.accepted;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.assertCarriesNoMetadata;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.decode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.latin1;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.markIn;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.pngChunkTypes;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.xmpProperty;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebP, read by TwelveMonkeys. The two files are real WebPs made once with cwebp (see
 * {@link ImageSanitizerFixtures#WEBP_LOSSY_600}); nothing here needs an encoder.
 */
class ImageSanitizerWebpTest {

    private final PhotoSanitizer sanitizer = new ImageSanitizer(Optional.empty());

    static Stream<Arguments> webps() {
        return Stream.of(
                Arguments.of("lossy (VP8)", WEBP_LOSSY_600, "VP8 "),
                Arguments.of("lossless (VP8L)", WEBP_LOSSLESS_600, "VP8L"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webps")
    void the_fixtures_are_real_webps(String what, byte[] webp, String chunk) {
        assertThat(latin1(webp)).startsWith("RIFF").contains("WEBP" + chunk);
        assertThat(ImageFormat.sniff(webp)).contains(ImageFormat.WEBP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webps")
    void a_webp_selfie_comes_out_as_a_jpeg_of_the_same_size_and_looks(String what, byte[] webp, String chunk) {
        ImageSanitizerFixtures.Out out = accepted(sanitizer.sanitizeSelfie(new ByteArrayInputStream(webp)));

        assertThat(out.mediaType()).isEqualTo("image/jpeg");
        assertThat(out.width()).isEqualTo(600);
        assertThat(out.height()).isEqualTo(600);
        BufferedImage picture = decode(out.bytes());
        assertThat(markIn(picture, "top-left")).isEqualTo("red");
        assertThat(markIn(picture, "top-right")).isEqualTo("blue");
        assertThat(markIn(picture, "bottom-left")).isEqualTo("neither");
        assertCarriesNoMetadata(out.bytes());
    }

    @Test
    void a_webp_headshot_comes_out_as_a_marked_png() {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer.markHeadshot(new ByteArrayInputStream(WEBP_LOSSY_600), marker));

        assertThat(out.mediaType()).isEqualTo("image/png");
        assertThat(out.width()).isEqualTo(600);
        assertThat(pngChunkTypes(out.bytes()))
                .startsWith("IHDR")
                .contains("iTXt")
                .endsWith("IEND");
        assertThat(xmpProperty(out.bytes(), IPTC_EXT, "DigitalSourceType")).contains(AiMarker.DIGITAL_SOURCE_TYPE);
        assertThat(markIn(decode(out.bytes()), "top-right")).isEqualTo("blue");
    }
}
