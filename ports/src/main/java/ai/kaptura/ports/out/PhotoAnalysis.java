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

    /** What one analysis gave. */
    sealed interface Result permits Measured, Unavailable {}

    /** The measures of one selfie and its likeness to each earlier one compared. */
    record Measured(PhotoMeasures measures, List<Likeness> likeness) implements Result {
        public Measured {
            Objects.requireNonNull(measures, "measures");
            likeness = List.copyOf(likeness);
        }
    }

    /**
     * The analysis could not run for this photo (its native library did not load, it is busy, a photo could not be
     * decoded); advice is optional, so the upload goes on without it.
     */
    record Unavailable(String why) implements Result {
        public Unavailable {
            Objects.requireNonNull(why, "why");
        }
    }

    /** Measures one selfie that the {@link PhotoSanitizer} accepted; never throws for the photo's sake. */
    Result analyse(InputStream sanitisedSelfie, List<Earlier> earlier);
}
