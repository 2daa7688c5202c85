package ai.kaptura.adapter.astria;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET of one image, on a socket this class opens to an address {@link ImagePolicy} has already
 * checked: the host name is never looked up here (no second look-up, so no DNS rebinding), yet TLS is
 * verified against the name — SNI carries it, and the certificate must match it (endpoint identification
 * {@code HTTPS}). A redirect is an answer like any other and is never followed; the whole exchange has a
 * deadline, and the body a size bound. No credential, cookie or proxy is involved.
 */
final class ImageFetcher {

    /** The largest image accepted; one byte more fails the download. */
    static final long MAX_IMAGE_BYTES = 32L * 1024 * 1024;

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    /** An answer: its status, and its body (an empty stream for anything but 200); closing it closes the connection. */
    record Answer(int status, InputStream body) {}

    /** The image host broke the protocol, sent too much, or took too long. */
    static final class Broken extends IOException {
        Broken(String message) {
            super(message);
        }
    }

    private final Duration connectTimeout;
    private final Duration deadline;
    private final long maxBytes;
    private final SSLSocketFactory tls;

    ImageFetcher(Duration connectTimeout, Duration deadline, long maxBytes, SSLSocketFactory tls) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connect timeout");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.maxBytes = maxBytes;
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** With the JDK's trust store. */
    static ImageFetcher of(Duration connectTimeout, Duration deadline) {
        return new ImageFetcher(
                connectTimeout, deadline, MAX_IMAGE_BYTES, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * GETs {@code target}: connects to its checked addresses in turn (the first that accepts), sends one request
     * and reads the status line and headers. The body of a 200 is returned to be read (bounded, within the same
     * deadline); any other status closes the connection at once.
     *
     * @throws IOException if no checked address accepts, or the host breaks the protocol or the deadline
     */
    Answer get(ImagePolicy.Fetch target) throws IOException {
        long until = System.nanoTime() + deadline.toNanos();
        Socket socket = connect(target.addresses(), target.port(), until);
        try {
            Socket channel = socket;
            if (target.tls()) {
                channel = handshake(socket, target, until);
            }
            Timed in = new Timed(channel, until);
            OutputStream out = channel.getOutputStream();
            out.write(request(target).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedInputStream buffered = new BufferedInputStream(in, 16 * 1024);
            Head head = readHead(buffered);
            if (head.status != 200) {
                channel.close();
                return new Answer(head.status, InputStream.nullInputStream());
            }
            if (head.length > maxBytes) {
                throw new Broken(
                        "the image host announces " + head.length + " bytes, more than the " + maxBytes + " accepted");
            }
            InputStream body = head.chunked
                    ? new Chunked(buffered)
                    : head.length >= 0 ? new Exactly(buffered, head.length) : buffered;
            return new Answer(200, new Bounded(body, maxBytes, channel));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private Socket connect(List<InetAddress> addresses, int port, long until) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                int wait = (int) Math.max(1, Math.min(connectTimeout.toMillis(), remainingMillis(until)));
                socket.connect(new InetSocketAddress(address, port), wait);
                return socket;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private Socket handshake(Socket socket, ImagePolicy.Fetch target, long until) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(target.host())));
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remainingMillis(until))));
        ssl.startHandshake();
        return ssl;
    }

    private static String request(ImagePolicy.Fetch target) throws Broken {
        URI ascii = URI.create(target.location().toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String requestTarget = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        if (!requestTarget.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Broken("the image address has characters a request line cannot carry");
        }
        boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
        return "GET " + requestTarget + " HTTP/1.1\r\n"
                + "Host: " + target.host() + (defaultPort ? "" : ":" + target.port()) + "\r\n"
                + "Accept: image/png, image/jpeg, image/webp, image/*;q=0.8\r\n"
                + "Accept-Encoding: identity\r\n"
                + "User-Agent: Kaptura\r\n"
                + "Connection: close\r\n\r\n";
    }

    private static long remainingMillis(long until) {
        return Math.max(0, (until - System.nanoTime()) / 1_000_000);
    }

    // ---- the answer's head ----------------------------------------------------------------------

    private record Head(int status, long length, boolean chunked) {}

    private static Head readHead(InputStream in) throws IOException {
        int[] budget = {MAX_HEADER_BYTES};
        while (true) {
            String statusLine = readLine(in, budget);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new Broken("the image host did not answer HTTP/1.1");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new Broken("the image host answered no status");
            }
            long length = -1;
            boolean chunked = false;
            for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new Broken("the image host sent a malformed header");
                }
                String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    long announced = parseLength(value);
                    if (length >= 0 && announced != length) {
                        throw new Broken("the image host announced two lengths");
                    }
                    length = announced;
                } else if (name.equals("transfer-encoding")) {
                    if (!value.toLowerCase(Locale.ROOT).equals("chunked")) {
                        throw new Broken("the image host used a transfer encoding other than chunked");
                    }
                    chunked = true;
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (103 Early Hints): the real one follows
            }
            return new Head(status, chunked ? -1 : length, chunked);
        }
    }

    private static long parseLength(String value) throws Broken {
        if (!value.matches("[0-9]{1,18}")) {
            throw new Broken("the image host announced a length that is not a number");
        }
        return Long.parseLong(value);
    }

    /** One line without its CR LF, ASCII, within what is left of the head's budget. */
    private static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new Broken("the image host closed the connection mid-answer");
            }
            if (--budget[0] < 0 || line.size() > MAX_LINE) {
                throw new Broken("the image host sent a line longer than " + MAX_LINE
                        + " bytes, or headers longer than " + MAX_HEADER_BYTES);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    // ---- the body -------------------------------------------------------------------------------

    /** The socket's stream, each read waiting at most until the deadline. */
    private static final class Timed extends FilterInputStream {
        private final Socket socket;
        private final long until;

        Timed(Socket socket, long until) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.until = until;
        }

        private void arm() throws IOException {
            long left = remainingMillis(until);
            if (left <= 0) {
                throw new SocketTimeoutException("the image host did not finish within the deadline");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }
    }

    /** A filter whose one-byte read goes through its block read, so that each filter states its rule once. */
    private abstract static class BlockFilter extends FilterInputStream {
        BlockFilter(InputStream in) {
            super(in);
        }

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Exactly {@code length} bytes, then the end; an earlier end is a broken answer. */
    private static final class Exactly extends BlockFilter {
        private long left;

        Exactly(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new Broken("the image host closed the connection before the announced length");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding (RFC 9112, 7.1): sizes in hex, extensions and trailers skipped. */
    private static final class Chunked extends BlockFilter {
        private long inChunk;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (inChunk == 0) {
                String size = readLine(in, new int[] {MAX_LINE});
                int semicolon = size.indexOf(';');
                String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).strip();
                if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                    throw new Broken("the image host sent a malformed chunk");
                }
                inChunk = Long.parseLong(hex, 16);
                if (inChunk == 0) {
                    int[] trailers = {MAX_HEADER_BYTES};
                    for (String trailer = readLine(in, trailers);
                            !trailer.isEmpty();
                            trailer = readLine(in, trailers)) {
                        // trailers carry nothing the image needs
                    }
                    done = true;
                    return -1;
                }
            }
            int n = super.read(b, off, (int) Math.min(len, inChunk));
            if (n < 0) {
                throw new Broken("the image host closed the connection mid-chunk");
            }
            inChunk -= n;
            if (inChunk == 0 && !readLine(in, new int[] {MAX_LINE}).isEmpty()) {
                throw new Broken("the image host sent a malformed chunk");
            }
            return n;
        }
    }

    /** At most {@code max} bytes; one more is a failure. Closing it closes the connection. */
    private static final class Bounded extends BlockFilter {
        private final long max;
        private final Socket connection;
        private long read;

        Bounded(InputStream in, long max, Socket connection) {
            super(in);
            this.max = max;
            this.connection = connection;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, max - read + 1));
            if (n > 0) {
                read += n;
                if (read > max) {
                    throw new Broken("the image is larger than the " + max + " bytes accepted");
                }
            }
            return n;
        }

        /** Skipped bytes count as read: they go through {@link #read(byte[], int, int)}. */
        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(8192, Math.max(0, n))];
            long skipped = 0;
            while (skipped < n) {
                int got = read(discard, 0, (int) Math.min(discard.length, n - skipped));
                if (got < 0) {
                    break;
                }
                skipped += got;
            }
            return skipped;
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }
}
