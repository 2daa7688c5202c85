package ai.kaptura.adapter.vision;

import java.util.Optional;

/**
 * The width and height a JPEG declares in its frame header, read before any pixel is decoded so that the analysis
 * keeps the sanitiser's bounds: a file that is no JPEG, has no frame header before its scan, or declares a side
 * outside {@code [1, MAX_SIDE]} is not decoded at all.
 */
record JpegSize(int width, int height) {

    /** The sanitiser writes or keeps selfies of at most 4096 pixels a side; nothing larger is analysed. */
    static final int MAX_SIDE = 4096;

    static Optional<JpegSize> of(byte[] jpeg, int length) {
        if (length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
            return Optional.empty();
        }
        int at = 2;
        while (at + 4 <= length) {
            if ((jpeg[at] & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                at += 2; // markers without a length
                continue;
            }
            int segment = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            if (segment < 2 || at + 2 + segment > length) {
                return Optional.empty();
            }
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                if (segment < 7) {
                    return Optional.empty();
                }
                int height = ((jpeg[at + 5] & 0xff) << 8) | (jpeg[at + 6] & 0xff);
                int width = ((jpeg[at + 7] & 0xff) << 8) | (jpeg[at + 8] & 0xff);
                if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                    return Optional.empty();
                }
                return Optional.of(new JpegSize(width, height));
            }
            if (marker == 0xda || marker == 0xd9) {
                return Optional.empty(); // a scan or the end before any frame header
            }
            at += 2 + segment;
        }
        return Optional.empty();
    }

    /**
     * The largest of libjpeg's scale factors 1, 2, 4 and 8 that still leaves the longer side at least {@code side}
     * pixels: the decoder then reads the photo at that fraction of its size, which is what keeps the analysis cheap.
     */
    int reduction(int side) {
        int longer = Math.max(width, height);
        for (int factor = 8; factor > 1; factor /= 2) {
            if (longer / factor >= side) {
                return factor;
            }
        }
        return 1;
    }
}
