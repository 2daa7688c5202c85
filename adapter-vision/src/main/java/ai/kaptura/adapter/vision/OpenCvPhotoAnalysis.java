package ai.kaptura.adapter.vision;

import ai.kaptura.domain.advice.Likeness;
import ai.kaptura.domain.advice.PhotoMeasures;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.PhotoAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * {@link PhotoAnalysis} with OpenCV, in this process (R51). Each photo is decoded once, in grey, at the largest of
 * libjpeg's scale factors (1/2, 1/4, 1/8) that leaves its longer side at least {@value #MIN_SIDE} pixels, then scaled
 * down to at most {@value #SIDE}: every measure is taken on that small copy (its longer side 384 to 512 pixels), which
 * keeps the cost low (a 12-megapixel photo is read at 1/8, which skips most of the decoding work) and makes sharpness
 * nearly independent of the camera's resolution.
 *
 * <ul>
 *   <li>faces: OpenCV's frontal-face Haar cascade (a face detector, nothing more: it says where a face is, never whose
 *       or what kind), on a copy with its histogram equalised, faces of at least 24 pixels, window sizes 10% apart;</li>
 *   <li>sharpness: the variance of the Laplacian over the face when there is exactly one, else over the photo;</li>
 *   <li>brightness: the mean grey level over the same region;</li>
 *   <li>likeness: a 64-bit difference hash (the sign of the step between neighbours of a 9 x 8 grey copy) of each
 *       photo, compared bit by bit, then dropped.</li>
 * </ul>
 *
 * <p>Bounds, as for the sanitiser: only a JPEG whose frame header declares at most {@value JpegSize#MAX_SIDE}
 * pixels a side (what the sanitiser keeps) and of at most {@value #MAX_BYTES} bytes is decoded; the reduced decode
 * holds less than 768 x 768 grey pixels, whatever the photo; at most {@code permits} analyses run at once, each on one of as many
 * platform threads of this adapter (never on the caller's virtual thread, whose carrier a native call would pin), and
 * one that finds no permit in time is {@link PhotoAnalysis.Unavailable} (busy), as is any failure of the native library. The face boxes,
 * the hashes and the pixels live in native memory released before the call returns.
 */
@Implements(Rule.R51)
final class OpenCvPhotoAnalysis implements PhotoAnalysis {

    /** The longer side of the copy every measure is taken on. */
    static final int SIDE = 512;

    /** The shortest longer side a reduced decode may leave (a 4000-pixel photo decodes at 1/8, to 500). */
    static final int MIN_SIDE = 384;

    /** The sanitiser's own upper bound on a selfie's size. */
    static final int MAX_BYTES = 15 * 1024 * 1024;

    private static final int MIN_FACE = 24;

    /** Loads the native library and the classifiers, once; a failure is kept and answered to every call. */
    interface Loader {
        FaceDetector load(int count) throws Exception;
    }

    private final Loader loader;
    private final int permits;
    private final Semaphore running;
    private final Duration wait;
    private final ExecutorService workers;
    private volatile Object loaded; // a FaceDetector, or the Throwable that stopped it loading

    OpenCvPhotoAnalysis(Loader loader, int permits, Duration wait) {
        if (permits < 1) {
            throw new IllegalArgumentException("At least one analysis at a time, not " + permits);
        }
        this.loader = Objects.requireNonNull(loader, "loader");
        this.permits = permits;
        this.running = new Semaphore(permits, true);
        this.wait = Objects.requireNonNull(wait, "wait");
        this.workers = Executors.newFixedThreadPool(
                permits, Thread.ofPlatform().daemon().name("kaptura-vision-", 1).factory());
    }

    /** Why one analysis stopped; answered as {@link PhotoAnalysis.Unavailable}. */
    private static final class Stopped extends Exception {
        Stopped(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Result analyse(InputStream sanitisedSelfie, List<Earlier> earlier) {
        Objects.requireNonNull(sanitisedSelfie, "sanitisedSelfie");
        Objects.requireNonNull(earlier, "earlier");
        try {
            return measured(sanitisedSelfie, earlier);
        } catch (Stopped e) {
            return new Unavailable(e.getMessage());
        }
    }

    /**
     * Waits (parked, on the caller's thread) for a permit, then runs the work on one of the adapter's platform threads:
     * OpenCV's native calls would pin a virtual thread's carrier for their whole length and stall other requests.
     */
    private Measured measured(InputStream sanitisedSelfie, List<Earlier> earlier) throws Stopped {
        try {
            if (!running.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Stopped("The photo analysis is busy", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("Interrupted while waiting for the photo analysis", e);
        }
        try {
            Future<Measured> task = workers.submit(() -> work(sanitisedSelfie, earlier));
            try {
                return task.get();
            } catch (InterruptedException e) {
                task.cancel(true);
                Thread.currentThread().interrupt();
                throw new Stopped("Interrupted while the photo was analysed", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Stopped stopped) {
                    throw stopped;
                }
                throw new Stopped("The photo could not be analysed: " + e.getCause(), e.getCause());
            }
        } catch (RejectedExecutionException e) {
            throw new Stopped("The photo analysis is shut down", e);
        } finally {
            running.release();
        }
    }

    /** The analysis itself, on a worker thread. */
    private Measured work(InputStream sanitisedSelfie, List<Earlier> earlier) throws Stopped {
        FaceDetector detector = detector();
        CascadeClassifier classifier = detector.take();
        try {
            Mat photo = analysisCopy(bytes(sanitisedSelfie));
            try {
                PhotoMeasures measures = measure(photo, classifier);
                long hash = differenceHash(photo);
                List<Likeness> likeness = new ArrayList<>();
                for (Earlier other : earlier) {
                    long otherHash;
                    try (InputStream in = other.sanitised().get()) {
                        Mat copy = analysisCopy(bytes(in));
                        try {
                            otherHash = differenceHash(copy);
                        } finally {
                            copy.release();
                        }
                    }
                    likeness.add(new Likeness(other.selfie(), Long.bitCount(hash ^ otherHash) / 64.0));
                }
                return new Measured(measures, likeness);
            } finally {
                photo.release();
            }
        } catch (IOException | RuntimeException e) {
            throw new Stopped("The photo could not be analysed: " + e.getMessage(), e);
        } finally {
            detector.give(classifier);
        }
    }

    private FaceDetector detector() throws Stopped {
        Object state = loaded;
        if (state == null) {
            synchronized (this) {
                state = loaded;
                if (state == null) {
                    try {
                        state = loader.load(permits);
                    } catch (Exception | LinkageError e) {
                        state = e;
                    }
                    loaded = state;
                }
            }
        }
        if (state instanceof Throwable failure) {
            throw new Stopped("OpenCV could not be loaded: " + failure, failure);
        }
        return (FaceDetector) state;
    }

    private static byte[] bytes(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new IOException("A photo of more than " + MAX_BYTES + " bytes is not analysed");
        }
        return bytes;
    }

    /** The photo in grey, its longer side {@link #MIN_SIDE} to {@link #SIDE} pixels; the caller releases it. */
    static Mat analysisCopy(byte[] jpeg) throws IOException {
        JpegSize size = JpegSize.of(jpeg, jpeg.length)
                .orElseThrow(() -> new IOException("Not a JPEG of at most " + JpegSize.MAX_SIDE + " pixels a side"));
        int factor = size.reduction(MIN_SIDE);
        IntFunction<Integer> flag = f -> switch (f) {
            case 8 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
            case 4 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
            case 2 -> Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
            default -> Imgcodecs.IMREAD_GRAYSCALE;
        };
        MatOfByte encoded = new MatOfByte(jpeg);
        Mat decoded;
        try {
            decoded = Imgcodecs.imdecode(encoded, flag.apply(factor));
        } finally {
            encoded.release();
        }
        if (decoded.empty()
                || decoded.cols() > (size.width() + factor - 1) / factor
                || decoded.rows() > (size.height() + factor - 1) / factor) {
            decoded.release();
            throw new IOException("OpenCV could not decode the photo within its declared size");
        }
        int longer = Math.max(decoded.cols(), decoded.rows());
        if (longer <= SIDE) {
            return decoded;
        }
        double scale = (double) SIDE / longer;
        Mat small = new Mat();
        try {
            Imgproc.resize(
                    decoded,
                    small,
                    new Size(
                            Math.max(1, Math.round(decoded.cols() * scale)),
                            Math.max(1, Math.round(decoded.rows() * scale))),
                    0,
                    0,
                    Imgproc.INTER_AREA);
        } finally {
            decoded.release();
        }
        return small;
    }

    /** Faces, their size, and the sharpness and brightness of the face (or of the photo); nothing of it kept. */
    static PhotoMeasures measure(Mat grey, CascadeClassifier classifier) {
        Mat equalised = new Mat();
        MatOfRect found = new MatOfRect();
        try {
            Imgproc.equalizeHist(grey, equalised);
            classifier.detectMultiScale(equalised, found, 1.1, 5, 0, new Size(MIN_FACE, MIN_FACE), new Size());
            Rect[] faces = found.toArray();
            int widest = 0;
            for (Rect face : faces) {
                widest = Math.max(widest, face.width);
            }
            double share = (double) widest / Math.min(grey.cols(), grey.rows());
            Mat region = faces.length == 1 ? grey.submat(faces[0]) : grey;
            try {
                return new PhotoMeasures(
                        faces.length,
                        Math.min(share, 2.0),
                        laplacianVariance(region),
                        Math.clamp(Core.mean(region).val[0], 0.0, 255.0));
            } finally {
                if (region != grey) {
                    region.release();
                }
            }
        } finally {
            equalised.release();
            found.release();
        }
    }

    static double laplacianVariance(Mat grey) {
        Mat laplacian = new Mat();
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble deviation = new MatOfDouble();
        try {
            Imgproc.Laplacian(grey, laplacian, CvType.CV_64F);
            Core.meanStdDev(laplacian, mean, deviation);
            double sd = deviation.get(0, 0)[0];
            return sd * sd;
        } finally {
            laplacian.release();
            mean.release();
            deviation.release();
        }
    }

    /** The 64-bit difference hash: bit i set when a pixel of the 9 x 8 copy is brighter than its right neighbour. */
    static long differenceHash(Mat grey) {
        Mat tiny = new Mat();
        try {
            Imgproc.resize(grey, tiny, new Size(9, 8), 0, 0, Imgproc.INTER_AREA);
            byte[] pixels = new byte[72];
            tiny.get(0, 0, pixels);
            long hash = 0;
            int bit = 0;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int left = pixels[y * 9 + x] & 0xff;
                    int right = pixels[y * 9 + x + 1] & 0xff;
                    if (left > right) {
                        hash |= 1L << bit;
                    }
                    bit++;
                }
            }
            return hash;
        } finally {
            tiny.release();
        }
    }
}
