package ai.kaptura.adapter.astria;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ServerSocketFactory;

/**
 * A raw HTTP server on 127.0.0.1 for one test: it counts the connections that send it a request, keeps each
 * request's head, and answers every one with what {@link Script} writes — a redirect, an image, a slow drip, a
 * broken answer. Raw, so a test controls every byte (lengths, chunks, interim answers), and so that a request
 * reaching it is proof that something was fetched.
 */
final class LocalServer implements AutoCloseable {

    /** Writes the answer to one request. */
    @FunctionalInterface
    interface Script {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Script script;

    private LocalServer(ServerSocketFactory factory, Script script) throws IOException {
        this.socket = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        threads.submit(this::serve);
    }

    static LocalServer answering(Script script) {
        return on(ServerSocketFactory.getDefault(), script);
    }

    /** A server whose sockets come from {@code factory} (a TLS one, for instance). */
    static LocalServer on(ServerSocketFactory factory, Script script) {
        try {
            return new LocalServer(factory, script);
        } catch (IOException e) {
            throw new AssertionError("a local server could not start", e);
        }
    }

    /** A server that answers every request with {@code status} and a short body. */
    static LocalServer status(int status) {
        return answering(out ->
                out.write(("HTTP/1.1 " + status + " Whatever\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
                        .getBytes(StandardCharsets.US_ASCII)));
    }

    /** A server that answers every request with a redirect to {@code location}. */
    static LocalServer redirectingTo(String location) {
        return answering(out -> out.write(("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    /** A server that answers {@code body} with a {@code Content-Length}. */
    static LocalServer serving(byte[] body) {
        return answering(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    /** {@code http://localhost:<port><path>} */
    String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** How many requests arrived. */
    int requests() {
        return requests.size();
    }

    /** The heads of the requests that arrived, oldest first. */
    List<String> heads() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException closed) {
                return;
            }
            threads.submit(() -> handle(connection));
        }
    }

    private void handle(Socket connection) {
        try (connection) {
            connection.setSoTimeout(5_000);
            String head = readHead(connection.getInputStream());
            if (head.isEmpty()) {
                return;
            }
            requests.add(head);
            OutputStream out = connection.getOutputStream();
            script.answer(out);
            out.flush();
        } catch (IOException | InterruptedException ignored) {
            // the client went away: nothing to answer
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == end.length) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
