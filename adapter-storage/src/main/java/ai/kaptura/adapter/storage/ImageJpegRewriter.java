package ai.kaptura.adapter.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;

/**
 * Rewrites a JPEG's segments without touching its compressed picture: everything that is not needed to
 * draw the picture is dropped, by an allow-list rather than a deny-list, in one pass over the segments
 * (a walk simpler than a general parser, and tested on the hostile corpus); then, for a headshot, the XMP
 * packet given is written as the one APP1 segment by commons-imaging's {@link JpegXmpRewriter}.
 *
 * <p>Kept: the tables, frame and scans; a JFIF APP0 header without a thumbnail; Adobe's colour-transform
 * marker (APP14 {@code Adobe}), without which some pictures decode with wrong colours. Dropped: EXIF (and
 * with it GPS and thumbnails), XMP, IPTC and other Photoshop resources (APP13), comments, JFXX
 * thumbnails, ICC profiles (whose description and copyright tags are free text; generated images are
 * sRGB, which is what a JPEG without a profile is taken to be), MPF preview pictures, maker-specific
 * APPn segments, and any bytes after the end-of-image marker (where polyglot files hide a second file
 * and MPF keeps its extra pictures).
 */
final class ImageJpegRewriter {

    private ImageJpegRewriter() {}

    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
    /** A JFIF APP0 without a thumbnail: the identifier, version, units, densities and a 0 x 0 thumbnail size. */
    private static final int JFIF_WITHOUT_THUMBNAIL = 14;

    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.ISO_8859_1);

    /** {@code jpeg} (a complete JPEG stream, see {@link #endOfImage}) carrying only picture data and the {@code xmp} packet. */
    static byte[] withOnly(byte[] jpeg, String xmp) throws ImagingException, IOException {
        byte[] stripped = jpeg.clone();
        stripped = Arrays.copyOf(stripped, stripInPlace(stripped));
        ByteArrayOutputStream marked = new ByteArrayOutputStream(jpeg.length + xmp.length() + 64);
        new JpegXmpRewriter().updateXmpXml(stripped, marked, xmp);
        return marked.toByteArray();
    }

    /**
     * Rewrites {@code jpeg} (a complete JPEG stream, see {@link #endOfImage}) in place so that its first bytes
     * carry only what draws the picture: the allow-list above, applied in one pass over the segments, the
     * compressed data moved as it is, never decoded or re-encoded; nothing after the end-of-image marker is
     * kept. Answers how many bytes are now the picture; the rest of the array is to be ignored.
     *
     * @throws IllegalArgumentException when the stream has no end-of-image marker
     */
    static int stripInPlace(byte[] jpeg) {
        int written = 2; // SOI stays where it is
        int pos = 2;
        while (pos + 1 < jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9) {
                jpeg[written++] = (byte) 0xFF;
                jpeg[written++] = (byte) 0xD9;
                return written;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            int next = pos + 2 + length;
            if (marker == 0xDA) {
                next = afterEntropyCodedData(jpeg, next);
            }
            if (keeps(marker, jpeg, pos + 4, length - 2)) {
                if (written != pos) {
                    System.arraycopy(jpeg, pos, jpeg, written, next - pos); // written <= pos: a move to the left
                }
                written += next - pos;
            }
            pos = next;
        }
        throw new IllegalArgumentException("The JPEG stream has no end-of-image marker");
    }

    /** The allow-list: whether a segment with this marker and data draws the picture. */
    private static boolean keeps(int marker, byte[] jpeg, int dataStart, int dataLength) {
        if (marker == 0xE0) {
            return dataLength == JFIF_WITHOUT_THUMBNAIL
                    && startsWith(Arrays.copyOfRange(jpeg, dataStart, dataStart + JFIF.length), JFIF);
        }
        if (marker == 0xEE) {
            return dataLength >= ADOBE.length
                    && startsWith(Arrays.copyOfRange(jpeg, dataStart, dataStart + ADOBE.length), ADOBE);
        }
        return !(marker >= 0xE0 && marker <= 0xEF) && marker != 0xFE;
    }

    /**
     * Whether the picture is a baseline (or extended sequential) JPEG, one scan per component: the kind
     * cameras write, cheap to decode. Progressive, lossless or arithmetic-coded pictures answer false.
     * Only the segments before the first scan are looked at.
     */
    static boolean isSequential(byte[] jpeg) {
        int pos = 2;
        while (pos + 3 < jpeg.length) {
            int marker = jpeg[pos + 1] & 0xff;
            if ((jpeg[pos] & 0xff) != 0xFF || marker == 0xDA || marker == 0xD9) {
                return false;
            }
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            boolean startOfFrame =
                    marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return marker == 0xC0 || marker == 0xC1;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
        }
        return false;
    }

    /**
     * Where the JPEG stream in {@code jpeg} ends: just after the end-of-image marker that follows its last
     * scan, found by stepping over segments by their lengths and over entropy-coded data to the next marker.
     * Empty when the stream never ends (a file cut short) or its structure is broken.
     */
    static OptionalInt endOfImage(byte[] jpeg) {
        int pos = 2; // after SOI
        while (pos + 1 < jpeg.length) {
            if ((jpeg[pos] & 0xff) != 0xFF) {
                return OptionalInt.empty();
            }
            int marker = jpeg[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker == 0xD9) {
                return OptionalInt.of(pos + 2);
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length
                continue;
            }
            if (pos + 3 >= jpeg.length) {
                return OptionalInt.empty();
            }
            int length = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (length < 2) {
                return OptionalInt.empty();
            }
            pos += 2 + length;
            if (marker == 0xDA) {
                pos = afterEntropyCodedData(jpeg, pos);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The position of the first marker after a scan's entropy-coded data (stuffed zero bytes and restarts are
     * data). Eight bytes are looked at in one step while none of them is 0xFF: most of a photo is this data.
     */
    private static int afterEntropyCodedData(byte[] jpeg, int pos) {
        while (pos + 1 < jpeg.length) {
            if (pos + Long.BYTES <= jpeg.length && !holdsFF((long) WORD.get(jpeg, pos))) {
                pos += Long.BYTES;
                continue;
            }
            if ((jpeg[pos] & 0xff) == 0xFF) {
                int next = jpeg[pos + 1] & 0xff;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    pos += 2;
                    continue;
                }
                if (next != 0xFF) {
                    return pos;
                }
            }
            pos++;
        }
        return jpeg.length;
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Whether any of the eight bytes in {@code word} is 0xFF: a zero byte in its complement (the classic test). */
    static boolean holdsFF(long word) {
        long inverted = ~word;
        return ((inverted - ONES) & ~inverted & HIGHS) != 0;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
