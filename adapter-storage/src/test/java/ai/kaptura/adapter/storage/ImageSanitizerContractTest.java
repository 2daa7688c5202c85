package ai.kaptura.adapter.storage;

import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.contract.PhotoSanitizerContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The port's contract against the real sanitiser. The marker is read back with metadata-extractor's
 * XMP directory (Adobe XMPCore, by namespace), not with anything the sanitiser itself uses.
 */
class ImageSanitizerContractTest extends PhotoSanitizerContract {

    static final Path HEIF_CONVERT = Path.of("/usr/bin/heif-convert");

    @Override
    protected PhotoSanitizer sanitizer() {
        return new ImageSanitizer(Optional.of(HEIF_CONVERT).filter(Files::isExecutable));
    }

    @Override
    protected Optional<String> readDigitalSourceType(byte[] image) {
        return ImageSanitizerFixtures.xmpProperty(image, ImageSanitizerFixtures.IPTC_EXT, "DigitalSourceType");
    }

    @Override
    protected Optional<String> readAssetUrn(byte[] image) {
        return ImageSanitizerFixtures.xmpProperty(image, ImageSanitizerFixtures.XMP_MM, "DocumentID");
    }
}
