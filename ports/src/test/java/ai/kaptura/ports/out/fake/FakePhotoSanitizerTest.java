package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.contract.PhotoSanitizerContract;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakePhotoSanitizerTest extends PhotoSanitizerContract {

    @Override
    protected PhotoSanitizer sanitizer() {
        return new FakePhotoSanitizer();
    }

    @Override
    protected Optional<String> readDigitalSourceType(byte[] image) {
        return FakePhotoSanitizer.xmpProperty(image, AiMarker.XMP_PROPERTY);
    }

    @Override
    protected Optional<String> readAssetUrn(byte[] image) {
        return FakePhotoSanitizer.xmpProperty(image, "xmpMM:DocumentID");
    }

    @Test
    void a_png_with_a_damaged_checksum_is_rejected() {
        byte[] png = png(WIDTH, HEIGHT);
        png[8 + 8 + 13] ^= 0x01; // the IHDR chunk's CRC

        PhotoSanitizer.Outcome outcome = new FakePhotoSanitizer().sanitizeSelfie(new ByteArrayInputStream(png));

        assertThat(outcome).isInstanceOf(PhotoSanitizer.Outcome.Rejected.class);
        assertThat(((PhotoSanitizer.Outcome.Rejected) outcome).why().detail()).contains("damaged");
    }

    @Test
    void a_clean_image_cannot_be_opened_once_closed() {
        PhotoSanitizer.Outcome outcome =
                new FakePhotoSanitizer().sanitizeSelfie(new ByteArrayInputStream(jpeg(WIDTH, HEIGHT)));
        PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image();

        clean.close();

        assertThatThrownBy(clean::open).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_xmp_reader_finds_nothing_in_an_unmarked_image() {
        assertThat(FakePhotoSanitizer.xmpOf(png(WIDTH, HEIGHT))).isEmpty();
        assertThat(FakePhotoSanitizer.xmpOf(jpeg(WIDTH, HEIGHT))).isEmpty();
        assertThat(FakePhotoSanitizer.xmpProperty(new byte[] {1, 2, 3}, AiMarker.XMP_PROPERTY))
                .isEmpty();
    }
}
