package ai.kaptura.adapter.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter whose single-byte {@code read} and {@code skip} go through {@link #read(byte[], int, int)}, so a subclass
 * that counts, limits or checks the bytes there sees every one of them; it supports no marks, and closing it leaves
 * the stream below open (the server, or the multipart reader, owns it).
 */
class ReadFilterStream extends FilterInputStream {

    ReadFilterStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        int r;
        while (skipped < n && (r = read(sink, 0, (int) Math.min(sink.length, n - skipped))) >= 0) {
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        // The stream below belongs to whoever opened it.
    }
}
