package ai.kaptura.ports.out;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.shared.Rejection;
import java.io.InputStream;

/**
 * Makes photos safe to keep and hand out: selfies are checked by content (format, dimensions, size)
 * and stripped of all metadata, GPS included (R37); generated headshots are marked as AI-generated
 * (R43, R45).
 */
public interface PhotoSanitizer {

    /** A sanitised image held by the sanitiser until closed (in memory or a temporary file). */
    interface Clean extends AutoCloseable {
        String mediaType();

        int width();

        int height();

        long size();

        /** The sanitised bytes; may be opened more than once. */
        InputStream open();

        @Override
        void close();
    }

    /** The outcome of checking one upload. */
    sealed interface Outcome {
        record Accepted(Clean image) implements Outcome {}

        record Rejected(Rejection why) implements Outcome {}
    }

    /**
     * Checks and cleans one uploaded selfie: the result is a JPEG, turned upright by its EXIF orientation
     * and carrying no metadata at all. Never throws for bad input: that is a {@link Outcome.Rejected}.
     */
    Outcome sanitizeSelfie(InputStream upload);

    /** Returns the generated image with the AI marker written into its XMP metadata. */
    Outcome markHeadshot(InputStream generated, AiMarker marker);

    /**
     * A small JPEG of a sanitised selfie, at most {@code maxSide} pixels a side, for its owner to recognise it; held in
     * memory only, never stored. Decoded within the same bounds as an upload.
     */
    Outcome thumbnail(InputStream sanitisedSelfie, int maxSide);
}
