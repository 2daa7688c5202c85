package ai.kaptura.adapter.http;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * {@link HttpAdapter.Limits} put into Jetty, so that a flood of connections, idle sockets, slow bodies or
 * uploads slows a node down instead of exhausting it:
 * <ul>
 *   <li>at most {@code maxConnections} open connections ({@link NetworkConnectionLimit}): at the limit the
 *       server stops accepting, and new connections wait in the operating system's accept queue until one
 *       closes (or the client gives up);</li>
 *   <li>a connection on which nothing moves for {@code idleTimeout} is closed: one that never sends a request,
 *       a keep-alive connection left open, a request whose headers or body stall. (A request a route is still
 *       working on is not cut off by it: the servlet layer ignores the idle timeout while it handles one.)</li>
 *   <li>a request body must arrive at {@code minDataRate} bytes a second or more, judged after a grace of
 *       {@link MinimumRate#GRACE} from the route's first read: a slowloris-style body that trickles in is cut off
 *       with a 408 {@code too-slow} problem, and what arrived of it is not kept;</li>
 *   <li>at most {@code uploadConcurrency} photo uploads are received at once ({@link UploadSlots}).</li>
 * </ul>
 * Jetty has no minimum rate for request headers: a client that sends a header byte just inside every idle
 * timeout keeps its connection; the connection limit bounds how many such connections there can be.
 */
final class ServerLimits {

    /** Below the common limit of 1,024 open files of a process, with room for the database and the photo store. */
    static final int DEFAULT_MAX_CONNECTIONS = 512;
    /** Jetty's own default, made explicit. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** 8 KiB a second (64 kbit/s): below the upstream of a poor mobile connection, far above a trickle. */
    static final long DEFAULT_MIN_DATA_RATE = 8 * 1024;
    /** Twice this (to be received, then to be decoded) stays under the 60 seconds proxies commonly wait for an answer. */
    static final Duration DEFAULT_UPLOAD_WAIT = Duration.ofSeconds(20);
    /** What one upload may hold while it is received: a whole photo and a buffer. */
    static final long BYTES_PER_UPLOAD = HttpAdapter.MAX_UPLOAD_BYTES + 1024 * 1024;

    static HttpAdapter.Limits defaults() {
        return new HttpAdapter.Limits(
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MIN_DATA_RATE,
                defaultUploadConcurrency(),
                DEFAULT_UPLOAD_WAIT);
    }

    /** A quarter of this JVM's heap for photos held while they are received, at least 2, at most 64 (8 with a 512 MB heap). */
    static int defaultUploadConcurrency() {
        return Math.clamp(Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_UPLOAD, 2, 64);
    }

    /** The checks of {@link HttpAdapter.Limits}, each naming its variable. */
    static void check(
            int maxConnections, Duration idleTimeout, long minDataRate, int uploadConcurrency, Duration uploadWait) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(uploadWait, "uploadWait");
        if (maxConnections < 1) {
            throw new IllegalArgumentException(
                    "KAPTURA_MAX_CONNECTIONS must be at least 1 (got " + maxConnections + ")");
        }
        if (idleTimeout.isNegative() || idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("KAPTURA_IDLE_TIMEOUT must be at least 1 ms (got " + idleTimeout + ")");
        }
        if (minDataRate < 0) {
            throw new IllegalArgumentException("KAPTURA_MIN_DATA_RATE cannot be negative (got " + minDataRate + ")");
        }
        if (uploadConcurrency < 1) {
            throw new IllegalArgumentException(
                    "KAPTURA_UPLOAD_CONCURRENCY must be at least 1 (got " + uploadConcurrency + ")");
        }
        if (uploadWait.isNegative()) {
            throw new IllegalArgumentException("KAPTURA_UPLOAD_WAIT cannot be negative (got " + uploadWait + ")");
        }
    }

    private final HttpAdapter.Limits limits;
    private final UploadSlots uploads;

    ServerLimits(HttpAdapter.Limits limits) {
        this.limits = limits;
        this.uploads = new UploadSlots(limits.uploadConcurrency(), limits.uploadWait());
    }

    /**
     * Sets the connection limit and the idle timeout on the server Javalin builds, and hands every request the
     * minimum data rate its body is read at ({@link MinimumRate}).
     *
     * <p>Jetty's own minimum rate is not used: its per-request setting ({@code HttpConfiguration.setMinRequestDataRate},
     * marked for removal in 12.1) counts from the first byte and checks every read, so a small body read a few
     * milliseconds late on a busy node was refused as a trickle; its replacement, {@code MinimumDataRateHandler},
     * measures the bytes of every request together, so one busy connection lets every trickling one pass.
     */
    void applyTo(JavalinConfig config) {
        config.routes.before(ctx -> ctx.attribute(MinimumRate.ATTRIBUTE, limits.minDataRate()));
        config.jetty.modifyServer(server -> {
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
            // Javalin adds its connector after these callbacks; it is there once the server starts.
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector instanceof AbstractConnector withTimeout) {
                            withTimeout.setIdleTimeout(limits.idleTimeout().toMillis());
                        }
                    }
                }
            });
        });
    }

    UploadSlots uploads() {
        return uploads;
    }
}
