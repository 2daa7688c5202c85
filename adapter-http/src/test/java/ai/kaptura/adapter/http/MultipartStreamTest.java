package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader, on bodies that arrive whole or one byte at a time. */
class MultipartStreamTest {

    private static final String B = "XyZ-boundary";

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Hands out at most one byte per read, as a slow network might. */
    private static InputStream trickle(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    private static final String TWO_PARTS = "ignored preamble\r\n--" + B + "\r\n"
            + "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
            + "hello\r\n--" + B + "\r\n"
            + "Content-Disposition: form-data; name=\"selfie\"; filename=\"me.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            + "\r\n--XyZ-not-quite\r\n--XyZ-boundarX\r\nbinary\r\n--" + B + "--\r\nepilogue";

    @Test
    void reads_every_part_with_its_headers_and_exact_bytes_whole_or_trickled() throws IOException {
        for (InputStream in : new InputStream[] {body(TWO_PARTS), trickle(body(TWO_PARTS))}) {
            MultipartStream stream = new MultipartStream(in, B);

            MultipartStream.Part note = stream.next().orElseThrow();
            assertThat(note.name()).isEqualTo("note");
            assertThat(note.filename()).isEmpty();
            assertThat(new String(note.body().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("hello");

            MultipartStream.Part selfie = stream.next().orElseThrow();
            assertThat(selfie.name()).isEqualTo("selfie");
            assertThat(selfie.filename()).hasValue("me.jpg");
            assertThat(selfie.contentType()).hasValue("image/jpeg");
            assertThat(new String(selfie.body().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("\r\n--XyZ-not-quite\r\n--XyZ-boundarX\r\nbinary");

            assertThat(stream.next()).isEmpty();
        }
    }

    @Test
    void an_unread_part_is_skipped_to_reach_the_next() throws IOException {
        MultipartStream stream = new MultipartStream(body(TWO_PARTS), B);

        stream.next().orElseThrow();
        Optional<MultipartStream.Part> second = stream.next();

        assertThat(second).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("selfie"));
    }

    @Test
    void a_part_read_to_its_end_stays_ended_once_the_next_part_has_begun() throws IOException {
        MultipartStream stream = new MultipartStream(body(TWO_PARTS), B);
        MultipartStream.Part note = stream.next().orElseThrow();
        assertThat(note.body().readAllBytes()).hasSize(5);

        MultipartStream.Part selfie = stream.next().orElseThrow();

        assertThat(note.body().read()).isEqualTo(-1);
        assertThat(note.body().read(new byte[10], 0, 10)).isEqualTo(-1);
        assertThat(selfie.filename()).hasValue("me.jpg");
        assertThat(new String(selfie.body().readAllBytes(), StandardCharsets.ISO_8859_1))
                .endsWith("binary");
    }

    @Test
    void a_body_without_its_closing_boundary_is_an_end_of_file_not_a_silent_truncation() throws IOException {
        MultipartStream stream = new MultipartStream(
                body("--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut off"), B);
        MultipartStream.Part part = stream.next().orElseThrow();

        assertThatThrownBy(() -> part.body().readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void a_part_without_form_data_disposition_is_refused() {
        MultipartStream stream =
                new MultipartStream(body("--" + B + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + B + "--"), B);

        assertThatThrownBy(stream::next).isInstanceOf(MultipartStream.Malformed.class);
    }

    @Test
    void overlong_headers_are_refused() {
        String huge = "X-Pad: " + "a".repeat(MultipartStream.MAX_HEADER_BYTES + 10) + "\r\n";
        MultipartStream stream = new MultipartStream(body("--" + B + "\r\n" + huge + "\r\nx\r\n--" + B + "--"), B);

        assertThatThrownBy(stream::next).isInstanceOf(MultipartStream.Malformed.class);
    }

    @Test
    void the_boundary_is_read_from_the_content_type() {
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=\"a b\""))
                .hasValue("a b");
        assertThat(MultipartStream.boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=abc"))
                .hasValue("abc");
        assertThat(MultipartStream.boundary("application/json")).isEmpty();
        assertThat(MultipartStream.boundary("multipart/form-data")).isEmpty();
    }

    @Test
    void the_limit_stops_at_the_first_byte_beyond_it() throws IOException {
        LimitedInputStream limited = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);
        byte[] into = new byte[1000];

        int first = limited.read(into, 0, 1000);
        assertThat(first).isEqualTo(100);
        assertThat(limited.exceeded()).isTrue();
        assertThatThrownBy(() -> limited.read(into, 0, 1000)).isInstanceOf(LimitedInputStream.TooLarge.class);
        assertThat(limited.exceeded()).isTrue();
        assertThat(new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100).readAllBytes())
                .hasSize(100);
    }

    @Test
    @Tag("R47")
    void a_preamble_longer_than_a_kilobyte_is_refused_before_the_body_is_read_to_its_end() throws IOException {
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                read[0] += len;
                return len;
            }
        };
        MultipartStream parts = new MultipartStream(endless, B);

        assertThatThrownBy(parts::next)
                .isInstanceOf(MultipartStream.Malformed.class)
                .hasMessageContaining("before its first part");
        assertThat(read[0])
                .as("stopped after the bound, not at the end of an endless body")
                .isLessThan(256 * 1024);

        String shortPreamble = "p".repeat(MultipartStream.MAX_PREAMBLE_BYTES - 2) + "\r\n--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--" + B + "--\r\n";
        assertThat(new MultipartStream(body(shortPreamble), B).next())
                .hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("note"));
    }
}
