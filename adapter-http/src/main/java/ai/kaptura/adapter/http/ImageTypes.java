package ai.kaptura.adapter.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The media type of a stored image, from its first bytes (the stores keep no name or type of their own). */
final class ImageTypes {

    record Sniffed(String mediaType, String extension, InputStream content) {}

    private ImageTypes() {}

    static Sniffed sniff(InputStream content) throws IOException {
        BufferedInputStream in = new BufferedInputStream(content, 8192);
        in.mark(16);
        byte[] head = in.readNBytes(12);
        in.reset();
        if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return new Sniffed("image/jpeg", "jpg", in);
        }
        if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return new Sniffed("image/png", "png", in);
        }
        if (head.length >= 12
                && head[0] == 'R'
                && head[1] == 'I'
                && head[2] == 'F'
                && head[3] == 'F'
                && head[8] == 'W'
                && head[9] == 'E'
                && head[10] == 'B'
                && head[11] == 'P') {
            return new Sniffed("image/webp", "webp", in);
        }
        return new Sniffed("application/octet-stream", "bin", in);
    }
}
