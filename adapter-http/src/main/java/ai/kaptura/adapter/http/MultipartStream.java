package ai.kaptura.adapter.http;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.core.ParameterParser;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part, straight from the request stream:
 * nothing is buffered beyond a small window and nothing is written to disk, so a part's bytes reach the
 * use case as they arrive, and a size limit can stop them on the way.
 *
 * <p>The boundaries, the buffering and the part headers are commons-fileupload2's {@link MultipartInput}. Its
 * higher-level API ({@code JakartaServletFileUpload.getItemIterator}) is not used, for three limits it cannot keep:
 * it reads the servlet's own stream, so the minimum data rate ({@link MinimumRate}) and the upload's bookkeeping of
 * a body cut off or ended ({@code SelfieUploads}) would not see the bytes; it fixes a part's headers at 512 bytes
 * (a long file name in UTF-8 goes past that), where this reader allows {@value #MAX_HEADER_BYTES}; and it skips
 * a preamble of any length (and reads a body with no boundary at all to its end), where this reader stops after
 * {@value #MAX_PREAMBLE_BYTES} bytes. So the preamble is read here, and {@link MultipartInput} takes over at the
 * first boundary. Where this reader is stricter than the library: a part without a {@code form-data} disposition
 * or with a header line that has no name is refused, not skipped; a nested {@code multipart/mixed} part is just
 * a part. Where the library is: nothing may follow a boundary on its line (RFC 2046's transport padding, which no
 * browser writes, is refused); a boundary line ended by a bare LF is accepted.
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
    record Part(String name, Optional<String> filename, Optional<String> contentType, InputStream body) {}

    /** The body does not follow the multipart syntax. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final Source source;
    private final byte[] delimiter;
    private MultipartInput input;
    private boolean finished;
    private PartBody current;

    MultipartStream(InputStream in, String boundary) {
        this.source = new Source(in);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The boundary of a {@code multipart/form-data} content type, if it is one. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null || !Json.mediaType(contentType).equals("multipart/form-data")) {
            return Optional.empty();
        }
        String value = parameters(contentType).get("boundary");
        return value == null || value.isEmpty() || value.length() > 70 ? Optional.empty() : Optional.of(value);
    }

    /** The next part, or empty after the closing boundary. The previous part's unread bytes are skipped. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (current != null) {
            current.skipRest();
            current = null;
        } else {
            input = afterPreamble();
        }
        // After a delimiter: "--" closes the body; otherwise CRLF and the headers.
        Map<String, String> headers;
        try {
            if (!input.readBoundary()) {
                finished = true;
                return Optional.empty();
            }
            headers = headers(input.readHeaders());
        } catch (FileUploadSizeException e) {
            throw new Malformed("The headers of a part are larger than " + MAX_HEADER_BYTES + " bytes");
        } catch (MultipartInput.MalformedStreamException e) {
            throw source.translate(e);
        }
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new Malformed("A part has no 'Content-Disposition: form-data' header");
        }
        Map<String, String> parameters = parameters(disposition);
        String name = parameter(parameters, "name").orElseThrow(() -> new Malformed("A part has no field name"));
        current = new PartBody(input.newInputStream(), source);
        return Optional.of(new Part(
                name, parameter(parameters, "filename"), Optional.ofNullable(headers.get("content-type")), current));
    }

    /**
     * Reads the preamble and the first boundary here, then hands the rest to {@link MultipartInput}, positioned on a
     * delimiter. The preamble before the first boundary is ignored, as RFC 2046 says, up to MAX_PREAMBLE_BYTES.
     */
    private MultipartInput afterPreamble() throws IOException {
        // The first boundary has no CRLF before it; a virtual CRLF in front lets one delimiter find it.
        int limit = MAX_PREAMBLE_BYTES + delimiter.length; // the virtual CRLF is counted in the preamble
        byte[] seen = Arrays.copyOf(new byte[] {'\r', '\n'}, limit);
        int length = 2;
        while (!endsWithDelimiter(seen, length)) {
            if (length == limit) {
                throw new Malformed("The upload has more than " + MAX_PREAMBLE_BYTES + " bytes before its first part");
            }
            int b = source.read();
            if (b < 0) {
                throw new EOFException("The upload ended before its closing boundary");
            }
            seen[length++] = (byte) b;
        }
        // Put the delimiter back in front of the rest, so that the reader stands on it.
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(delimiter), source);
        MultipartInput multipart = MultipartInput.builder()
                .setInputStream(rest)
                .setBoundary(Arrays.copyOfRange(delimiter, 4, delimiter.length))
                .setBufferSize(BUFFER)
                .setPartHeaderSizeMax(MAX_HEADER_BYTES)
                .get();
        multipart.setHeaderCharset(StandardCharsets.UTF_8);
        multipart.discardBodyData(); // an empty body before the delimiter
        return multipart;
    }

    private boolean endsWithDelimiter(byte[] seen, int length) {
        return length >= delimiter.length
                && Arrays.equals(seen, length - delimiter.length, length, delimiter, 0, delimiter.length);
    }

    /** A part's header lines (their names in lower case), ended by the empty line {@link MultipartInput} includes. */
    private static Map<String, String> headers(String block) throws Malformed {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("A part header has no name");
            }
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** A parameter that is there, empty if it has no value ({@code filename=""}). */
    private static Optional<String> parameter(Map<String, String> parameters, String name) {
        return parameters.containsKey(name)
                ? Optional.of(Optional.ofNullable(parameters.get(name)).orElse(""))
                : Optional.empty();
    }

    /** The {@code ;}-separated parameters of a header value, names in lower case, quotes removed. */
    private static Map<String, String> parameters(String header) {
        ParameterParser parser = new ParameterParser();
        parser.setLowerCaseNames(true);
        return parser.parse(header, ';');
    }

    /**
     * The request's stream as the library reads it, remembering whether it ended or failed: the library reports both
     * as a malformed stream, and they are told apart again here.
     */
    private static final class Source extends ReadFilterStream {
        private boolean ended;
        private IOException failure;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        /** What the library's complaint means: the request failed, it ended too soon, or it is not multipart. */
        IOException translate(MultipartInput.MalformedStreamException e) {
            if (failure != null) {
                return failure;
            }
            if (ended) {
                return new EOFException("The upload ended before its closing boundary");
            }
            return new Malformed(e.getMessage());
        }
    }

    /** The bytes of the current part, up to (not including) the next delimiter; closing it leaves the request open. */
    private static final class PartBody extends ReadFilterStream {
        private final Source source;
        private boolean done;

        PartBody(MultipartInput.ItemInputStream body, Source source) {
            super(body);
            this.source = source;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1; // the library's stream must not be read once the reader has gone past its delimiter
            }
            try {
                int n = super.read(b, off, len);
                done = n < 0;
                return n;
            } catch (MultipartInput.MalformedStreamException e) {
                throw source.translate(e);
            }
        }

        void skipRest() throws IOException {
            skip(Long.MAX_VALUE);
        }
    }
}
