package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The segment walk under the selfie fast path: word-at-a-time scanning must find every marker a byte-wise scan finds. */
@Tag("R37")
class ImageJpegRewriterTest {

    @Test
    void a_word_holds_ff_wherever_the_byte_is_and_never_otherwise() {
        for (int at = 0; at < 8; at++) {
            for (int other : new int[] {0x00, 0x7F, 0x80, 0xFE}) {
                long word = 0;
                for (int i = 0; i < 8; i++) {
                    word |= (long) (i == at ? 0xFF : other) << (8 * i);
                }
                assertThat(ImageJpegRewriter.holdsFF(word))
                        .as("0xFF at byte %d among 0x%02X", at, other)
                        .isTrue();
            }
        }
        for (int b = 0; b < 0xFF; b++) {
            assertThat(ImageJpegRewriter.holdsFF(b * 0x0101010101010101L))
                    .as("eight bytes of 0x%02X", b)
                    .isFalse();
        }
        assertThat(ImageJpegRewriter.holdsFF(0xFEFF_FEFE_FEFE_FEFEL)).isTrue();
    }

    @Test
    void the_end_of_a_scan_is_found_at_every_offset_within_a_word() {
        for (int dataLength = 0; dataLength < 24; dataLength++) {
            byte[] data = new byte[dataLength];
            Arrays.fill(data, (byte) 0x5A);
            if (dataLength > 3) {
                data[dataLength / 2] = (byte) 0xFF; // a stuffed 0xFF00 in the middle is data, not a marker
                data[dataLength / 2 + 1] = 0x00;
            }
            byte[] jpeg = concat(
                    hex("FFD8" + "FFE1000645786966" /* APP1 "Exif" */ + "FFDA0008010100003F00"),
                    data,
                    hex("FFD9"),
                    hex("504B0304") /* a hidden zip after the end */);
            OptionalInt end = ImageJpegRewriter.endOfImage(jpeg);
            assertThat(end).as("data of %d bytes", dataLength).hasValue(jpeg.length - 4);

            int kept = ImageJpegRewriter.stripInPlace(jpeg);
            byte[] expected = concat(hex("FFD8FFDA0008010100003F00"), data, hex("FFD9"));
            assertThat(Arrays.copyOf(jpeg, kept))
                    .as("data of %d bytes", dataLength)
                    .isEqualTo(expected);
        }
    }

    @Test
    void a_stream_without_its_end_is_refused_by_both_walks() {
        byte[] cut = hex("FFD8FFDA0008010100003F00" + "1122334455667788990011");
        assertThat(ImageJpegRewriter.endOfImage(cut)).isEmpty();
        assertThatThrownBy(() -> ImageJpegRewriter.stripInPlace(cut)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
