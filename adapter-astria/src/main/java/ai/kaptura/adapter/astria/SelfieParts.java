package ai.kaptura.adapter.astria;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import feign.codec.EncodeException;
import feign.form.multipart.AbstractWriter;
import feign.form.multipart.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The selfies of one training as the repeated multipart field {@code tune[images][]}. feign-form writes
 * {@code File[]} natively but not in-memory streams, so this writer adds them: each selfie's supplier is
 * opened once, read to the end straight into the request body and closed, while the body is built — so a
 * retried request re-sends the body built once and never reads a selfie twice (R17). Each part is named
 * {@code image-01.jpg}, {@code image-02.png}…, never by the caller's name (R37); its type comes from its
 * first bytes.
 *
 * <p>Feign holds a request body in memory: the body is about the size of all selfies together, and more
 * than {@link #MAX_TOTAL_BYTES} is refused with a clear error rather than sent in part.
 */
@Implements({Rule.R17, Rule.R37})
record SelfieParts(List<HeadshotGenerator.Selfie> selfies) {

    static final long MAX_SELFIE_BYTES = 30L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 400L * 1024 * 1024;

    SelfieParts {
        selfies = List.copyOf(selfies);
    }

    /** The feign-form writer for {@link SelfieParts} values. */
    static final class Writer extends AbstractWriter {

        @Override
        public boolean isApplicable(Object value) {
            return value instanceof SelfieParts;
        }

        @Override
        public void write(Output output, String boundary, String key, Object value) throws EncodeException {
            List<HeadshotGenerator.Selfie> selfies = ((SelfieParts) value).selfies();
            long total = 0;
            for (int i = 0; i < selfies.size(); i++) {
                int number = i + 1;
                try (InputStream in = open(selfies.get(i), number)) {
                    byte[] head = in.readNBytes(12);
                    if (head.length == 0) {
                        throw new EncodeException("Selfie " + number + " is empty; nothing was sent to Astria");
                    }
                    Kind kind = Kind.of(head);
                    output.write("--" + boundary + "\r\n");
                    writeFileMetadata(output, key, String.format("image-%02d.%s", number, kind.extension), kind.mime);
                    output.write(head);
                    long size = head.length;
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        size += n;
                        if (size > MAX_SELFIE_BYTES) {
                            throw new EncodeException("Selfie " + number + " is larger than "
                                    + MAX_SELFIE_BYTES / (1024 * 1024) + " MB; nothing was sent to Astria");
                        }
                        output.write(buffer, 0, n);
                    }
                    total += size;
                    if (total > MAX_TOTAL_BYTES) {
                        throw new EncodeException("The selfies together are larger than "
                                + MAX_TOTAL_BYTES / (1024 * 1024) + " MB; nothing was sent to Astria");
                    }
                    output.write("\r\n");
                } catch (IOException | UncheckedIOException e) {
                    throw new EncodeException("Reading selfie " + number + " failed; nothing was sent to Astria", e);
                }
            }
        }

        private static InputStream open(HeadshotGenerator.Selfie selfie, int number) {
            InputStream in = selfie.bytes().get();
            if (in == null) {
                throw new EncodeException("Selfie " + number + " has no bytes; nothing was sent to Astria");
            }
            return in;
        }
    }

    /** The image formats a selfie arrives in after sanitising, told by their signatures. */
    private enum Kind {
        JPEG("image/jpeg", "jpg"),
        PNG("image/png", "png"),
        WEBP("image/webp", "webp"),
        OTHER("application/octet-stream", "bin");

        final String mime;
        final String extension;

        Kind(String mime, String extension) {
            this.mime = mime;
            this.extension = extension;
        }

        static Kind of(byte[] head) {
            if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
                return JPEG;
            }
            if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return PNG;
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
                return WEBP;
            }
            return OTHER;
        }
    }
}
