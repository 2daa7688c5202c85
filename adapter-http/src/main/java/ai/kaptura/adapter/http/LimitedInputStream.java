package ai.kaptura.adapter.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code limit} bytes; once a byte beyond is seen, every further read fails, so a too-large
 * upload is stopped while it streams, before anything past the limit reaches the use case.
 */
final class LimitedInputStream extends ReadFilterStream {

    /** Thrown on the first byte beyond the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("The upload is larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;
    private boolean exceeded;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    boolean exceeded() {
        return exceeded;
    }

    long count() {
        return count;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (exceeded) {
            throw new TooLarge(limit);
        }
        // Ask for one byte more than may pass, so the excess is seen without handing it on.
        long allowed = limit - count + 1;
        int n = super.read(b, off, (int) Math.min(len, allowed));
        if (n < 0) {
            return n;
        }
        if (count + n > limit) {
            // The byte beyond the limit is seen but never handed on; the bytes before it still are, once.
            exceeded = true;
            int pass = (int) (limit - count);
            count = limit;
            if (pass > 0) {
                return pass;
            }
            throw new TooLarge(limit);
        }
        count += n;
        return n;
    }
}
