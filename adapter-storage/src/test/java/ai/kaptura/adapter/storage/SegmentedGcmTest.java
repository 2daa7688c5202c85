package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** R18: AES-256-GCM in verified segments: round trips exactly, and any alteration is an error, never garbage. */
class SegmentedGcmTest {

    private static final SecretKey KEY = key(1);
    private static final String NAME =
            "selfie/6b617074-7572-4000-8000-000000000001/6b617074-7572-4000-8000-0000000000aa";

    private static SecretKey key(int seed) {
        byte[] raw = new byte[32];
        new Random(seed).nextBytes(raw);
        return new SecretKeySpec(raw, "AES");
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static byte[] seal(byte[] plain) throws IOException {
        try (InputStream in = SegmentedGcm.seal(new ByteArrayInputStream(plain), plain.length, KEY, NAME)) {
            return in.readAllBytes();
        }
    }

    private static byte[] open(byte[] sealed, SecretKey key, String name) throws IOException {
        try (InputStream in = SegmentedGcm.open(new ByteArrayInputStream(sealed), key, name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 1_000_003})
    @Tag("R18")
    void every_size_round_trips_and_takes_exactly_the_predicted_space(int size) throws IOException {
        byte[] plain = bytes(size);

        byte[] sealed = seal(plain);

        assertThat(sealed).hasSize((int) SegmentedGcm.sealedSize(size));
        assertThat(open(sealed, KEY, NAME)).isEqualTo(plain);
        assertThat(Arrays.equals(
                        Arrays.copyOfRange(sealed, SegmentedGcm.HEADER, SegmentedGcm.HEADER + Math.min(size, 64)),
                        Arrays.copyOf(plain, Math.min(size, 64))))
                .as("not stored in clear")
                .isEqualTo(size == 0);
    }

    @Test
    @Tag("R18")
    void a_flipped_bit_anywhere_is_refused() throws IOException {
        byte[] sealed = seal(bytes(200_000));
        for (int position : new int[] {0, 5, SegmentedGcm.HEADER, 70_000, 140_000, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> open(tampered, KEY, NAME))
                    .as("byte %d", position)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    @Tag("R18")
    void truncation_at_a_segment_boundary_extension_and_reordering_are_refused() throws IOException {
        byte[] sealed = seal(bytes(3 * 65_536 + 10));
        int segment = SegmentedGcm.SEGMENT + SegmentedGcm.TAG;

        byte[] cutAtBoundary = Arrays.copyOf(sealed, SegmentedGcm.HEADER + 2 * segment);
        byte[] extended = Arrays.copyOf(sealed, sealed.length + 20);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, SegmentedGcm.HEADER, swapped, SegmentedGcm.HEADER + segment, segment);
        System.arraycopy(sealed, SegmentedGcm.HEADER + segment, swapped, SegmentedGcm.HEADER, segment);

        assertThatThrownBy(() -> open(cutAtBoundary, KEY, NAME)).isInstanceOf(SegmentedGcm.IntegrityException.class);
        assertThatThrownBy(() -> open(extended, KEY, NAME)).isInstanceOf(SegmentedGcm.IntegrityException.class);
        assertThatThrownBy(() -> open(swapped, KEY, NAME)).isInstanceOf(SegmentedGcm.IntegrityException.class);
        assertThatThrownBy(() -> open(Arrays.copyOf(sealed, 3), KEY, NAME)).hasMessageContaining("header");
    }

    @Test
    @Tag("R18")
    void the_wrong_key_or_another_objects_name_is_refused() throws IOException {
        byte[] sealed = seal(bytes(1000));

        assertThatThrownBy(() -> open(sealed, key(2), NAME))
                .isInstanceOf(SegmentedGcm.IntegrityException.class)
                .hasMessageContaining("integrity");
        assertThatThrownBy(() -> open(sealed, KEY, NAME.replace("aa", "bb")))
                .isInstanceOf(SegmentedGcm.IntegrityException.class);
    }

    @Test
    void a_stream_shorter_or_longer_than_declared_is_refused() {
        byte[] plain = bytes(100_000);

        assertThatThrownBy(() -> SegmentedGcm.seal(new ByteArrayInputStream(plain), 100_001, KEY, NAME)
                        .readAllBytes())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("declared");
        assertThatThrownBy(() -> SegmentedGcm.seal(new ByteArrayInputStream(plain), 99_999, KEY, NAME)
                        .readAllBytes())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("declared");
    }

    @Test
    void sealing_twice_gives_different_bytes() throws IOException {
        byte[] plain = bytes(10);

        assertThat(seal(plain)).isNotEqualTo(seal(plain));
    }
}
