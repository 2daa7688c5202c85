package ai.kaptura.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: addresses a URI parser would refuse ({@code %zz}),
 * a Content-Length that does not match the body, no Content-Type at all, and bodies of any size streamed
 * while the answer is read. Each request comes from its own loopback address (127.1.x.y), so per-network
 * rate limits of the server do not end a sweep early.
 */
final class RawHttp {

    private static final AtomicInteger SOURCES = new AtomicInteger();
    private static final byte[] CHUNK = new byte[64 * 1024];

    static {
        Arrays.fill(CHUNK, (byte) 'a');
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** An answer: status, headers (names in lower case) and the body, de-chunked. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        String contentType() {
            String type = header("Content-Type");
            return type == null ? "" : type;
        }

        boolean isProblem() {
            return contentType().startsWith(Problem.MEDIA_TYPE);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + contentType() + " " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
        }
    }

    /** A request to send: method, raw target (path and query exactly as they go on the wire), headers, body. */
    static final class Request {
        final String method;
        final String target;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
        /** When set, this many bytes ({@link #body} as their start, then filler) are streamed as the body. */
        long streamed = -1;

        boolean chunked;
        /** When set, the body is written piece by piece, with {@link #pause} before every piece but the first. */
        List<byte[]> pieces;

        java.time.Duration pause;

        Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        Request body(String contentType, byte[] bytes) {
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            body = bytes;
            headers.put("Content-Length", Integer.toString(bytes.length));
            return this;
        }

        /**
         * A body of {@code bytes} bytes in all, {@code start} and then filler, streamed while the answer is read,
         * with a Content-Length or chunked.
         */
        Request huge(String contentType, String start, long bytes, boolean chunkedTransfer) {
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            body = start.getBytes(StandardCharsets.UTF_8);
            streamed = bytes;
            chunked = chunkedTransfer;
            if (chunkedTransfer) {
                headers.put("Transfer-Encoding", "chunked");
            } else {
                headers.put("Content-Length", Long.toString(bytes));
            }
            return this;
        }

        /**
         * A body written in {@code parts}, with {@code between} before each but the first, while the answer is read
         * (a slow client: one that trickles, or one whose last bytes come a moment after the rest).
         */
        Request inPieces(String contentType, java.time.Duration between, List<byte[]> parts) {
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            pieces = List.copyOf(parts);
            pause = between;
            headers.put(
                    "Content-Length",
                    Long.toString(parts.stream().mapToLong(part -> part.length).sum()));
            return this;
        }

        @Override
        public String toString() {
            return method + " " + (target.length() > 120 ? target.substring(0, 120) + "…" : target) + " "
                    + headers.keySet();
        }
    }

    Answer send(Request request) {
        StringBuilder head = new StringBuilder(request.method)
                .append(' ')
                .append(request.target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        request.headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), request, request.toString());
    }

    /** Sends {@code text} exactly as it is (ISO-8859-1), such as a request line that is not HTTP at all. */
    Answer raw(String text) {
        return exchange(
                text.getBytes(StandardCharsets.ISO_8859_1),
                null,
                text.length() > 120 ? text.substring(0, 120) + "…" : text);
    }

    private Answer exchange(byte[] head, Request request, String what) {
        int n = SOURCES.incrementAndGet();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {127, 1, (byte) (n / 250), (byte) (n % 250 + 1)}), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            Thread writer = null;
            if (request != null && request.pieces != null) {
                writer = Thread.ofVirtual().start(() -> inPieces(out, request.pieces, request.pause));
            } else if (request != null && request.streamed >= 0) {
                writer = Thread.ofVirtual().start(() -> stream(out, request.body, request.streamed, request.chunked));
            } else if (request != null && request.body != null) {
                out.write(request.body);
            }
            out.flush();
            byte[] raw = readAll(socket.getInputStream());
            if (writer != null) {
                socket.close();
                writer.join(5_000);
            }
            return parse(raw, what);
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes the pieces with a pause before each but the first; stops quietly when the server closes. */
    private static void inPieces(OutputStream out, List<byte[]> pieces, java.time.Duration pause) {
        try {
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    Thread.sleep(pause);
                }
                out.write(pieces.get(i));
                out.flush();
            }
        } catch (IOException e) {
            // The server answered and closed before taking everything.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Streams filler; the server may stop reading and close long before the end, which is fine. */
    private static void stream(OutputStream out, byte[] start, long bytes, boolean chunked) {
        try {
            if (chunked && start.length > 0) {
                out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(start);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(start);
            }
            long left = bytes - start.length;
            while (left > 0) {
                int n = (int) Math.min(CHUNK.length, left);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write(CHUNK, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                left -= n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (IOException e) {
            // The server answered and closed before taking everything.
        }
    }

    /** Everything until the server closes; a reset after the answer arrived keeps what arrived. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] raw, String request) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0 || !text.startsWith("HTTP/1.1 ")) {
            throw new AssertionError(
                    "Not an HTTP answer to " + request + ": " + text.substring(0, Math.min(200, text.length())));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(body, lineEnd + 2, Math.min(n, body.length - lineEnd - 2));
            at = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
