package ai.kaptura.adapter.storage;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The image formats the sanitiser reads, recognised by their first bytes only: never by a file name
 * or a content type a client sent.
 */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    WEBP("webp"),
    /** HEIC (the iPhone default) and the other HEIF brands, AVIF included: decoded by libheif's heif-convert. */
    HEIF(null);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** ISO base media brands of still images libheif decodes; MP4 and QuickTime video brands are not among them. */
    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis");

    /** The ImageIO format name of the reader, or null where ImageIO has none. */
    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The format {@code bytes} start like, if it is one we read. */
    static Optional<ImageFormat> sniff(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 16 && "RIFF".equals(ascii(bytes, 0)) && "WEBP".equals(ascii(bytes, 8))) {
            return Optional.of(WEBP);
        }
        if (isHeif(bytes)) {
            return Optional.of(HEIF);
        }
        return Optional.empty();
    }

    /** A fresh ImageIO reader for this format (the caller disposes of it), if the plugin is on the class path. */
    Optional<ImageReader> reader() {
        if (imageIoName == null) {
            return Optional.empty();
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(imageIoName);
        return readers.hasNext() ? Optional.of(readers.next()) : Optional.empty();
    }

    /** An ISO base media {@code ftyp} box first, whose major brand or one of whose compatible brands is a HEIF still image. */
    private static boolean isHeif(byte[] bytes) {
        if (bytes.length < 16 || !"ftyp".equals(ascii(bytes, 4))) {
            return false;
        }
        long boxSize =
                ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if (HEIF_BRANDS.contains(ascii(bytes, 8))) {
            return true;
        }
        // major brand, minor version, then compatible brands up to the end of the box (looked at up to 64 bytes)
        long end = Math.min(Math.min(boxSize, 64), bytes.length);
        for (int at = 16; at + 4 <= end; at += 4) {
            if (HEIF_BRANDS.contains(ascii(bytes, at))) {
                return true;
            }
        }
        return false;
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
