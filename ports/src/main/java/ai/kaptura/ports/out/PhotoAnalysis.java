package ai.kaptura.ports.out;

import ai.kaptura.domain.advice.Likeness;
import ai.kaptura.domain.advice.PhotoMeasures;
import ai.kaptura.domain.biometric.SelfieId;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Measures a sanitised selfie for photo-quality advice, on this server only (R51): how many faces, how large, how
 * sharp, how bright, and how far its picture is from the order's earlier selfies. What it measures is returned and
 * forgotten; nothing it computes (face boxes, hashes, pixels) outlives the call, and nothing is sent anywhere.
 */
public interface PhotoAnalysis {

    /**
     * An earlier selfie of the same order, opened only if the analysis compares with it.
     *
     * @param sanitised opens the earlier selfie's sanitised bytes (the caller reads them through the owner's permit)
     */
    record Earlier(SelfieId selfie, Supplier<InputStream> sanitised) {
        public Earlier {
            Objects.requireNonNull(selfie, "selfie");
            Objects.requireNonNull(sanitised, "sanitised");
        }
    }

    /** The measures of one selfie and its likeness to each earlier one compared. */
    record Result(PhotoMeasures measures, List<Likeness> likeness) {
        public Result {
            Objects.requireNonNull(measures, "measures");
            likeness = List.copyOf(likeness);
        }
    }

    /**
     * Measures one selfie that the {@link PhotoSanitizer} accepted.
     *
     * @throws Unavailable when the analysis cannot run (its native library did not load, it is busy, a photo could not
     *                     be decoded); the caller goes on without advice
     */
    Result analyse(InputStream sanitisedSelfie, List<Earlier> earlier) throws Unavailable;

    /** The analysis could not run for this photo; advice is optional, so the upload goes on without it. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        public Unavailable(String message) {
            super(message);
        }
    }
}
