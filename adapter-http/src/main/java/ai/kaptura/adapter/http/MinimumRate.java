package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The minimum pace of a request body, measured by the route that reads it (a slowloris-style body that trickles in
 * is cut off), after a grace period from the route's first read.
 *
 * <p>Jetty's own per-request minimum rate counts from the first byte read, and checks it at every read: a small
 * JSON body whose end is read a few milliseconds late, because the server is busy, looks like a trickle (40 bytes in
 * 10 ms is 4 KB/s) and was refused with 408. Here a body is only judged after {@link #GRACE}: by then every body a
 * person's browser sends is either complete or well on its way, and one that has sent fewer than
 * {@code rate × (time − grace)} bytes is too slow.
 */
final class MinimumRate {

    /** How long a body may take before its pace is judged at all. */
    static final Duration GRACE = Duration.ofSeconds(2);
    /** Where each request carries its node's minimum rate, in bytes a second (set before every route). */
    static final String ATTRIBUTE = "kaptura.minimumDataRate";

    private MinimumRate() {}

    /** The request's body, cut off with {@link TooSlow} if it arrives slower than the node's minimum rate. */
    static InputStream of(Context ctx, InputStream body) {
        Long rate = ctx.attribute(ATTRIBUTE);
        return rate == null || rate <= 0 ? body : guard(body, rate, GRACE, System::nanoTime);
    }

    static InputStream guard(InputStream body, long bytesPerSecond, Duration grace, LongSupplier nanoTime) {
        return new Guarded(body, bytesPerSecond, grace.toNanos(), nanoTime);
    }

    /** A body that arrived slower than the minimum rate; answered 408 {@code too-slow}. */
    static final class TooSlow extends IOException {
        TooSlow() {
            super("The request's body arrived slower than this server's minimum data rate");
        }
    }

    private static final class Guarded extends ReadFilterStream {
        private final long bytesPerSecond;
        private final long graceNanos;
        private final LongSupplier nanoTime;
        private long started = Long.MIN_VALUE;
        private long read;

        Guarded(InputStream in, long bytesPerSecond, long graceNanos, LongSupplier nanoTime) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
            this.graceNanos = graceNanos;
            this.nanoTime = nanoTime;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (started == Long.MIN_VALUE) {
                started = nanoTime.getAsLong();
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            if (n >= 0) {
                check();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close(); // the body's reader is done with the request's stream
        }

        private void check() throws TooSlow {
            long judgedMillis = (nanoTime.getAsLong() - started - graceNanos) / 1_000_000L;
            if (judgedMillis > 0 && read < bytesPerSecond * judgedMillis / 1_000L) {
                throw new TooSlow();
            }
        }
    }
}
