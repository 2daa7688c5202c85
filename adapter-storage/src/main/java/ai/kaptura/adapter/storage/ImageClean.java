package ai.kaptura.adapter.storage;

import ai.kaptura.ports.out.PhotoSanitizer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A sanitised image held in memory (a selfie is at most 4096 pixels on its longer side, so a few MB)
 * until closed. Nothing is written to disk: there is no temporary file to forget.
 */
final class ImageClean implements PhotoSanitizer.Clean {

    private final String mediaType;
    private final int width;
    private final int height;
    private final long size;
    private byte[] bytes;

    ImageClean(String mediaType, int width, int height, byte[] bytes) {
        this(mediaType, width, height, bytes, bytes.length);
    }

    /** An image made of the first {@code length} of {@code bytes}. */
    ImageClean(String mediaType, int width, int height, byte[] bytes, int length) {
        this.mediaType = mediaType;
        this.width = width;
        this.height = height;
        this.size = length;
        this.bytes = bytes;
    }

    @Override
    public String mediaType() {
        return mediaType;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long size() {
        return size;
    }

    /** The sanitised bytes, as often as asked until closed. */
    @Override
    public synchronized InputStream open() {
        if (bytes == null) {
            throw new IllegalStateException("This sanitised image was closed");
        }
        return new ByteArrayInputStream(bytes, 0, (int) size);
    }

    /** Lets go of the bytes; streams already opened keep reading them. Closing twice is harmless. */
    @Override
    public synchronized void close() {
        bytes = null;
    }
}
