package ai.kaptura.adapter.storage;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Streaming authenticated encryption of a photo with AES-256-GCM, in segments (the STREAM construction):
 * the plain bytes are cut into 64 KiB segments, each sealed with its own tag under a nonce made of a
 * random per-object prefix, the segment's number and a "last segment" flag. Reading verifies every
 * segment before releasing its bytes, so a tampered, reordered, truncated or extended object, or one read
 * with the wrong key or under another name, is an error, never garbage; and neither direction ever holds
 * more than one segment in memory (the JDK's one-shot GCM decryption would buffer the whole object).
 *
 * <pre>
 * object  = header segment+
 * header  = "KPV1" nonce-prefix(7)                    — also authenticated, with the object's key
 * segment = AES-GCM(key, nonce = prefix ‖ index(4, big-endian) ‖ last(1), aad = header ‖ object key,
 *                   up to 65536 plain bytes) ‖ tag(16)
 * </pre>
 */
final class SegmentedGcm {

    static final int SEGMENT = 64 * 1024;
    static final int TAG = 16;
    private static final byte[] MAGIC = "KPV1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX = 7;
    static final int HEADER = MAGIC.length + PREFIX;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SegmentedGcm() {}

    /** How many bytes the sealed form of {@code plainSize} plain bytes takes. */
    static long sealedSize(long plainSize) {
        long segments = Math.max(1, (plainSize + SEGMENT - 1) / SEGMENT);
        return HEADER + plainSize + segments * TAG;
    }

    /** Seals exactly {@code plainSize} bytes of {@code plain}; a shorter or longer stream is an error. */
    static InputStream seal(InputStream plain, long plainSize, SecretKey key, String objectKey) {
        byte[] header = new byte[HEADER];
        System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
        byte[] prefix = new byte[PREFIX];
        RANDOM.nextBytes(prefix);
        System.arraycopy(prefix, 0, header, MAGIC.length, PREFIX);
        return new Sealing(plain, plainSize, key, header, aad(header, objectKey));
    }

    /** Opens a sealed stream; every failure of integrity surfaces as an {@link IntegrityException}. */
    static InputStream open(InputStream sealed, SecretKey key, String objectKey) throws IOException {
        byte[] header = sealed.readNBytes(HEADER);
        if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new IntegrityException("is not a Kaptura encrypted photo (bad or missing header)");
        }
        return new Opening(new PushbackInputStream(sealed, 1), key, header, aad(header, objectKey));
    }

    /** The object failed its integrity check: tampered, truncated, moved, or read with the wrong key. */
    static final class IntegrityException extends IOException {
        IntegrityException(String what) {
            super("The encrypted photo " + what);
        }

        IntegrityException(String what, Throwable cause) {
            super("The encrypted photo " + what, cause);
        }
    }

    private static byte[] aad(byte[] header, String objectKey) {
        byte[] name = objectKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + name.length)
                .put(header)
                .put(name)
                .array();
    }

    private static GCMParameterSpec nonce(byte[] header, int index, boolean last) {
        byte[] nonce = new byte[12];
        System.arraycopy(header, MAGIC.length, nonce, 0, PREFIX);
        ByteBuffer.wrap(nonce, PREFIX, 5).putInt(index).put((byte) (last ? 1 : 0));
        return new GCMParameterSpec(TAG * 8, nonce);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * Seals or opens one segment into {@code out} (update, then doFinal: the JDK's fast, intrinsic GCM
     * path); answers the length written.
     */
    private static int segment(
            Cipher cipher,
            int mode,
            SecretKey key,
            byte[] header,
            int index,
            boolean last,
            byte[] aad,
            byte[] in,
            int length,
            byte[] out)
            throws GeneralSecurityException {
        cipher.init(mode, key, nonce(header, index, last));
        cipher.updateAAD(aad);
        int n = cipher.update(in, 0, length, out, 0);
        return n + cipher.doFinal(out, n);
    }

    /**
     * A stream that hands out one transformed segment at a time: {@link #nextSegment} fills {@code out} (sets
     * {@code outLength}, {@code outPos = 0}, and {@code finished} after the last one); reading drains it.
     */
    private abstract static class Segments extends FilterInputStream {
        byte[] out;
        int outLength;
        int outPos;
        int index;
        boolean finished;

        Segments(InputStream in) {
            super(in);
        }

        abstract void nextSegment() throws IOException;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (outPos == outLength) {
                if (finished) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, outLength - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            return n;
        }
    }

    /** Produces header and sealed segments as it reads the plain stream. */
    private static final class Sealing extends Segments {
        private final long plainSize;
        private final SecretKey key;
        private final byte[] header;
        private final byte[] aad;
        private final byte[] plainSegment = new byte[SEGMENT];
        private final Cipher cipher = newCipher();
        private long consumed;

        Sealing(InputStream plain, long plainSize, SecretKey key, byte[] header, byte[] aad) {
            super(plain);
            if (plainSize < 0) {
                throw new IllegalArgumentException("A photo's size cannot be negative");
            }
            this.plainSize = plainSize;
            this.key = key;
            this.header = header;
            this.aad = aad;
            this.out = new byte[SEGMENT + TAG];
            System.arraycopy(header, 0, out, 0, header.length);
            this.outLength = header.length;
        }

        @Override
        void nextSegment() throws IOException {
            int want = (int) Math.min(SEGMENT, plainSize - consumed);
            int got = in.readNBytes(plainSegment, 0, want);
            if (got < want) {
                throw new EOFException(
                        "The photo stream ended after " + (consumed + got) + " bytes; " + plainSize + " were declared");
            }
            consumed += got;
            boolean last = consumed == plainSize;
            if (last && in.read() != -1) {
                throw new IOException("The photo stream holds more than the " + plainSize + " bytes declared");
            }
            try {
                outLength =
                        segment(cipher, Cipher.ENCRYPT_MODE, key, header, index++, last, aad, plainSegment, got, out);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Encrypting a photo segment failed", e);
            }
            outPos = 0;
            finished = last;
        }

        @Override
        public long skip(long n) {
            throw new UnsupportedOperationException("A sealing stream is read, not skipped");
        }
    }

    /** Verifies and releases one segment at a time. */
    private static final class Opening extends Segments {
        private final PushbackInputStream sealed;
        private final SecretKey key;
        private final byte[] header;
        private final byte[] aad;
        private final byte[] sealedSegment = new byte[SEGMENT + TAG];
        private final Cipher cipher = newCipher();

        Opening(PushbackInputStream sealed, SecretKey key, byte[] header, byte[] aad) {
            super(sealed);
            this.out = new byte[SEGMENT + TAG];
            this.sealed = sealed;
            this.key = key;
            this.header = header;
            this.aad = aad;
        }

        @Override
        void nextSegment() throws IOException {
            int got = sealed.readNBytes(sealedSegment, 0, sealedSegment.length);
            if (got < TAG) {
                throw new IntegrityException("is truncated (segment " + index + " is missing or cut short)");
            }
            int peek = sealed.read();
            boolean last = peek == -1;
            if (!last) {
                sealed.unread(peek);
            }
            try {
                outLength =
                        segment(cipher, Cipher.DECRYPT_MODE, key, header, index, last, aad, sealedSegment, got, out);
            } catch (AEADBadTagException e) {
                throw new IntegrityException(
                        "failed its integrity check at segment " + index
                                + ": it was altered, truncated or moved, or the key is not the one it was sealed with",
                        e);
            } catch (GeneralSecurityException e) {
                throw new IntegrityException("could not be decrypted at segment " + index, e);
            }
            index++;
            outPos = 0;
            finished = last;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            byte[] sink = new byte[8192];
            while (skipped < n) {
                int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }
    }
}
