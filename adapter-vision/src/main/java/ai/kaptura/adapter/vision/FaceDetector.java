package ai.kaptura.adapter.vision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.opencv.objdetect.CascadeClassifier;

/**
 * OpenCV's native library and the frontal-face cascade shipped with this adapter (Intel's licence, kept in the file's
 * header; see NOTICE), loaded once. A classifier is not safe to share between threads, so there is one per permit of
 * the analysis and each call takes one for its own while it runs.
 */
final class FaceDetector {

    static final String CASCADE = "haarcascade_frontalface_default.xml";

    private final List<CascadeClassifier> free;

    private FaceDetector(List<CascadeClassifier> classifiers) {
        this.free = new ArrayList<>(classifiers);
    }

    /** Loads the native library (extracted from the OpenCV jar) and {@code count} classifiers. */
    static FaceDetector load(int count) throws IOException {
        nu.pattern.OpenCV.loadLocally();
        Path file = Files.createTempFile("kaptura-face-cascade", ".xml");
        try {
            try (InputStream cascade = FaceDetector.class.getResourceAsStream(CASCADE)) {
                if (cascade == null) {
                    throw new IOException("The face cascade " + CASCADE + " is missing from the adapter");
                }
                Files.copy(cascade, file, StandardCopyOption.REPLACE_EXISTING);
            }
            List<CascadeClassifier> classifiers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                CascadeClassifier classifier = new CascadeClassifier(file.toString());
                if (classifier.empty()) {
                    throw new IOException("OpenCV could not read the face cascade " + CASCADE);
                }
                classifiers.add(classifier);
            }
            return new FaceDetector(classifiers);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A classifier for the calling thread's use; there is one for every permit, so one is always free here. */
    synchronized CascadeClassifier take() {
        if (free.isEmpty()) {
            throw new IllegalStateException("More analyses than permits");
        }
        return free.removeLast();
    }

    synchronized void give(CascadeClassifier classifier) {
        free.add(classifier);
    }
}
