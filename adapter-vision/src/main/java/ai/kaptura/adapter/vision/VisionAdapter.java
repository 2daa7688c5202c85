package ai.kaptura.adapter.vision;

import ai.kaptura.ports.out.PhotoAnalysis;
import java.time.Duration;

/**
 * The vision adapter's one public entry: photo-quality advice measured on this server with OpenCV (R51). Nothing it
 * computes leaves the process: no network, no file other than the face cascade copied for OpenCV to read.
 */
public final class VisionAdapter {

    /** As many analyses at once as the sanitiser has decoders, by default. */
    public static final int DEFAULT_PERMITS =
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** How long an upload waits for a free analysis before it goes on without advice. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);

    private VisionAdapter() {}

    /**
     * The analysis; OpenCV's native library is loaded on first use, and if it cannot be, every call answers
     * {@link PhotoAnalysis.Unavailable} and uploads go on without advice.
     */
    public static PhotoAnalysis analysis(int permits, Duration wait) {
        return new OpenCvPhotoAnalysis(FaceDetector::load, permits, wait);
    }

    public static PhotoAnalysis analysis() {
        return analysis(DEFAULT_PERMITS, DEFAULT_WAIT);
    }
}
