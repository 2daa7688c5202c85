package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.advice.Likeness;
import ai.kaptura.domain.advice.PhotoMeasures;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.ports.out.PhotoAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@link PhotoAnalysis} that answers what a test sets: by default one well-sized, sharp, well-lit face and no likeness
 * (distance 0.5) to any earlier photo. It reads every earlier photo it is given, as the real analysis does, and a photo
 * whose bytes equal an earlier one's is "the same" (distance 0). It can be made unavailable or to fail outright.
 */
public final class FakePhotoAnalysis implements PhotoAnalysis {

    /** What a good selfie measures. */
    public static final PhotoMeasures GOOD = new PhotoMeasures(1, 0.35, 400, 120);

    private PhotoMeasures next = GOOD;
    private Optional<RuntimeException> crash = Optional.empty();
    private boolean unavailable;
    private final List<SelfieId> read = new ArrayList<>();
    private int calls;

    /** Every later photo measures this. */
    public synchronized FakePhotoAnalysis measuring(PhotoMeasures measures) {
        this.next = measures;
        return this;
    }

    /** Every later call answers {@link PhotoAnalysis.Unavailable} (as when OpenCV's natives cannot load). */
    public synchronized FakePhotoAnalysis unavailable() {
        this.unavailable = true;
        return this;
    }

    /** Every later call throws {@code failure}, as a bug would. */
    public synchronized FakePhotoAnalysis crashing(RuntimeException failure) {
        this.crash = Optional.of(failure);
        return this;
    }

    public synchronized int calls() {
        return calls;
    }

    /** The earlier selfies read so far, in order. */
    public synchronized List<SelfieId> earlierRead() {
        return List.copyOf(read);
    }

    @Override
    public synchronized Result analyse(InputStream sanitisedSelfie, List<Earlier> earlier) {
        calls++;
        if (unavailable) {
            return new Unavailable("OpenCV could not be loaded (fake)");
        }
        if (crash.isPresent()) {
            throw crash.get();
        }
        try {
            byte[] photo = sanitisedSelfie.readAllBytes();
            List<Likeness> likeness = new ArrayList<>();
            for (Earlier other : earlier) {
                byte[] bytes;
                try (InputStream in = other.sanitised().get()) {
                    bytes = in.readAllBytes();
                }
                read.add(other.selfie());
                likeness.add(new Likeness(other.selfie(), Arrays.equals(photo, bytes) ? 0.0 : 0.5));
            }
            return new Measured(next, likeness);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
