package ai.kaptura.adapter.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part, straight from the request stream:
 * nothing is buffered beyond a small window and nothing is written to disk, so a part's bytes reach the
 * use case as they arrive, and a size limit can stop them on the way.
 */
final class MultipartStream {

    /** The headers of one part may not exceed this. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /**
     * What may come before the first boundary. RFC 2046 allows a preamble, and no browser or HTTP library writes one;
     * a body that is all preamble would otherwise be read to its end before anything is refused.
     */
    static final int MAX_PREAMBLE_BYTES = 1024;
    private static final int BUFFER = 64 * 1024;

    /** One part: its form field name, its file name if it is a file, its declared type and its bytes. */
    record Part(String name, Optional<String> filename, Optional<String> contentType, InputStream body) {
    }

    /** The body does not follow the multipart syntax. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int head;
    private int tail;
    private boolean finished;
    private PartBody current;

    MultipartStream(InputStream in, String boundary) {
        this.in = in;
        // The first boundary has no CRLF before it; a virtual CRLF in front lets one delimiter find them all.
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER + delimiter.length];
        buffer[0] = '\r';
        buffer[1] = '\n';
        tail = 2;
    }

    /** The boundary of a {@code multipart/form-data} content type, if it is one. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null || !Json.mediaType(contentType).equals("multipart/form-data")) {
            return Optional.empty();
        }
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.isEmpty() && value.length() <= 70) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }

    /** The next part, or empty after the closing boundary. The previous part's unread bytes are skipped. */
    Optional<Part> next() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        } else if (!finished) {
            skipToFirstDelimiter();
        }
        if (finished) {
            return Optional.empty();
        }
        // After a delimiter: "--" closes the body; otherwise optional whitespace, then CRLF and the headers.
        ensure(2);
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            finished = true;
            return Optional.empty();
        }
        String afterDelimiter = line(998);
        if (!afterDelimiter.isBlank()) {
            throw new Malformed("Unexpected characters after a multipart boundary");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        while (true) {
            String line = line(MAX_HEADER_BYTES);
            headerBytes += line.length() + 2;
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new Malformed("The headers of a part are larger than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("A part header has no name");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new Malformed("A part has no 'Content-Disposition: form-data' header");
        }
        String name = parameter(disposition, "name").orElseThrow(() -> new Malformed("A part has no field name"));
        current = new PartBody();
        return Optional.of(new Part(name, parameter(disposition, "filename"),
                Optional.ofNullable(headers.get("content-type")), current));
    }

    private void skipToFirstDelimiter() throws IOException {
        // The preamble before the first boundary is ignored, as RFC 2046 says, up to MAX_PREAMBLE_BYTES.
        PartBody preamble = new PartBody();
        byte[] sink = new byte[MAX_PREAMBLE_BYTES + 1];
        long skipped = 0;
        int n;
        while ((n = preamble.read(sink, 0, sink.length)) >= 0) {
            skipped += n;
            if (skipped > MAX_PREAMBLE_BYTES) {
                throw new Malformed("The upload has more than " + MAX_PREAMBLE_BYTES + " bytes before its first part");
            }
        }
    }

    private static Optional<String> parameter(String header, String name) {
        for (String piece : header.split(";")) {
            String p = piece.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = p.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** One CRLF-terminated line (UTF-8), at most {@code max} bytes. */
    private String line(int max) throws IOException {
        int scanned = 0;
        while (true) {
            while (tail - head < scanned + 2) {
                if (head == 0 && tail == buffer.length) {
                    throw new Malformed("A multipart header line is too long");
                }
                if (!fill()) {
                    throw new EOFException("The upload ended in the middle of a part's headers");
                }
            }
            if (buffer[head + scanned] == '\r' && buffer[head + scanned + 1] == '\n') {
                String text = new String(buffer, head, scanned, StandardCharsets.UTF_8);
                head += scanned + 2;
                return text;
            }
            scanned++;
            if (scanned > max) {
                throw new Malformed("A multipart header line is too long");
            }
        }
    }

    private void ensure(int bytes) throws IOException {
        while (tail - head < bytes) {
            if (!fill()) {
                throw new EOFException("The upload ended before its closing boundary");
            }
        }
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
        if (tail == buffer.length) {
            return true;
        }
        int read = in.read(buffer, tail, buffer.length - tail);
        if (read < 0) {
            return false;
        }
        tail += read;
        return true;
    }

    private int indexOfDelimiter() {
        int last = tail - delimiter.length;
        outer:
        for (int i = head; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The bytes of the current part, up to (not including) the next delimiter. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int found = indexOfDelimiter();
                int available = found >= 0 ? found - head : Math.max(0, tail - head - (delimiter.length - 1));
                if (available > 0) {
                    int n = Math.min(available, length);
                    System.arraycopy(buffer, head, into, offset, n);
                    head += n;
                    return n;
                }
                if (found >= 0) {
                    head += delimiter.length;
                    done = true;
                    return -1;
                }
                if (!fill()) {
                    throw new EOFException("The upload ended before its closing boundary");
                }
            }
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discarded
            }
        }

        @Override
        public void close() {
            // The request stream stays open for the parts after this one.
        }
    }
}
