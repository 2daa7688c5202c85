package ai.kaptura.adapter.storage;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.commons.imaging.formats.png.PngImageParser;
import org.apache.commons.imaging.formats.png.PngImagingParameters;

/**
 * The photo sanitiser (R37, R43, R45): JPEG, PNG and WebP through ImageIO (TwelveMonkeys for JPEG and
 * WebP), HEIC and AVIF through libheif's {@code heif-convert} when one is configured.
 *
 * <p>Every upload goes through the same gates, in this order, and the first that fails answers a
 * {@link Outcome.Rejected} with {@code INVALID_VALUE} and a sentence for the person who sent it:
 * <ol>
 *   <li>at most {@value #MAX_BYTES} bytes are read (15 MB; one more byte means "too large");</li>
 *   <li>the format is recognised by its first bytes, never by a name or a claimed content type;</li>
 *   <li>the size is read from the header, before any pixel is decoded: more than 40 megapixels (a
 *       decompression bomb, or a photo far larger than a headshot needs) or less than 512 x 512 is refused
 *       (for HEIF, the largest size any of its images declares is checked before heif-convert starts);</li>
 *   <li>a JPEG must end with its end-of-image marker, and a decoder reporting data that ends early is a
 *       refusal too (a file cut short is refused, not half-shown);</li>
 *   <li>the pixels are decoded with source subsampling so that the longer side is at most 4096 pixels:
 *       memory is bounded by that, whatever the file (a 40 MP photo would otherwise take 160 MB). A picture
 *       so long and narrow that its shorter side would then fall under 512 pixels is refused.</li>
 * </ol>
 * The same gates apply to generated headshots: a vendor's file is input like any other.
 *
 * <p>A selfie that is an upright baseline JPEG of at most 4096 pixels a side (what most cameras write)
 * keeps its compressed picture byte for byte and loses every other segment by {@link ImageJpegRewriter}'s
 * allow-list. Any other selfie is turned upright by its EXIF orientation and written as a fresh baseline
 * JPEG: only pixels cross over. Either way no EXIF, GPS, XMP, IPTC, comment, ICC profile or thumbnail of
 * the upload survives. A headshot keeps its format and, for JPEG, its compressed pixels: its segments are rewritten
 * by {@link ImageJpegRewriter}; any other format is decoded and written as PNG. Either way it carries
 * {@link ImageXmp}'s marker and nothing else.
 *
 * <p>Decoder failures of any kind are refusals; nothing thrown for a bad input leaves this class.
 *
 * <p>The upload's bytes are read on the caller's thread (a virtual thread of the HTTP server parks while they
 * arrive); everything after that, from recognising the format to writing the clean JPEG, runs in the
 * {@link DecodeGate}: at most its permits at once, on its platform threads. A selfie that finds no decoder free in
 * time is refused as busy ({@code SERVER_BUSY}), not as invalid; a headshot, which a job marks, waits for one.
 */
final class ImageSanitizer implements PhotoSanitizer {

    static final int MAX_BYTES = 15 * 1024 * 1024;
    static final long MAX_PIXELS = 40_000_000L;
    static final int MIN_SIDE = 512;
    static final int MAX_DECODED_SIDE = 4096;
    static final Duration HEIF_TIMEOUT = Duration.ofSeconds(30);
    private static final float JPEG_QUALITY = 0.9f;

    static final String EMPTY = "The file is empty; please choose a photo and upload it again.";
    static final String TOO_LARGE =
            "This file is larger than 15 MB; please upload a smaller photo (a phone photo saved as JPEG is usually 2 to 6 MB).";
    static final String BROKE_OFF = "The upload stopped before the whole photo arrived; please try again.";
    static final String NOT_A_PHOTO =
            "This file is not a photo we can read; please upload a JPEG, PNG, WebP or HEIC photo.";
    static final String UNREADABLE =
            "This photo could not be read; the file may be damaged. Please upload it again, or export it as JPEG.";
    static final String CUT_SHORT = "This photo is incomplete (the file ends too early); please upload it again.";

    private static final System.Logger LOG = System.getLogger(ImageSanitizer.class.getName());

    private final HeicDecoder heif;
    private final DecodeGate gate;

    /**
     * With the default limits ({@link StorageAdapter.DecodeLimits#defaults()}).
     *
     * @param heifConvert the path of libheif's {@code heif-convert} (Debian: {@code /usr/bin/heif-convert}, package
     *                    {@code libheif-examples}); without it, HEIC photos are refused with a request to export them as JPEG
     */
    ImageSanitizer(Optional<Path> heifConvert) {
        this(heifConvert, HEIF_TIMEOUT, Path.of(System.getProperty("java.io.tmpdir")));
    }

    ImageSanitizer(Optional<Path> heifConvert, Duration heifTimeout, Path tempRoot) {
        this(
                heifConvert,
                defaultGate(),
                HeicDecoder.Limits.of(
                        Objects.requireNonNull(heifTimeout, "heifTimeout"), HeicDecoder.Limits.DEFAULT_ADDRESS_SPACE),
                tempRoot);
    }

    ImageSanitizer(Optional<Path> heifConvert, DecodeGate gate, HeicDecoder.Limits heifLimits, Path tempRoot) {
        this.heif = new HeicDecoder(
                Objects.requireNonNull(heifConvert, "heifConvert"),
                Objects.requireNonNull(heifLimits, "heifLimits"),
                Objects.requireNonNull(tempRoot, "tempRoot"));
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    private static DecodeGate defaultGate() {
        StorageAdapter.DecodeLimits limits = StorageAdapter.DecodeLimits.defaults();
        return new DecodeGate(limits.concurrency(), limits.uploadWait());
    }

    @Override
    public Outcome sanitizeSelfie(InputStream upload) {
        Objects.requireNonNull(upload, "upload");
        return guarded(() -> {
            byte[] bytes = readAtMost(upload);
            return gate.within(() -> selfie(bytes));
        });
    }

    /** The gates and the cleaning of one selfie whose bytes are all here (runs in the decode gate). */
    private ImageClean selfie(byte[] bytes) throws IOException, ImageRefusal {
        ImageFormat format = recognise(bytes);
        if (format == ImageFormat.JPEG) {
            int[] end = new int[1];
            Inspected header = inspect(
                    new ByteArrayImageInputStream(bytes),
                    format,
                    () -> end[0] = completeJpeg(bytes),
                    () -> ImageOrientation.of(bytes, format));
            byte[] whole = bytes; // the walk below stops at the end-of-image marker: nothing after it is copied
            if (header.orientation() == ImageOrientation.UPRIGHT
                    && Math.max(header.width(), header.height()) <= MAX_DECODED_SIDE
                    && ImageJpegRewriter.isSequential(whole)) {
                // A camera's upright, baseline JPEG keeps its compressed picture as it is: only its segments are
                // rewritten (the allow-list drops EXIF with GPS, XMP, IPTC, ICC, comments, thumbnails and any
                // trailing data). Decoding and re-encoding would cost fifty times the storing and lose quality.
                // Anything else (turned, progressive, larger than 4096 px) is decoded and written afresh.
                int length = ImageJpegRewriter.stripInPlace(whole);
                return new ImageClean("image/jpeg", header.width(), header.height(), whole, length);
            }
        }
        Decoded decoded = decode(bytes, format);
        BufferedImage upright = ImageOrientation.upright(decoded.image(), decoded.orientation(), true);
        return new ImageClean("image/jpeg", upright.getWidth(), upright.getHeight(), jpeg(upright));
    }

    @Override
    public Outcome markHeadshot(InputStream generated, AiMarker marker) {
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(marker, "marker");
        return guarded(() -> {
            byte[] bytes = readAtMost(generated);
            return gate.whenFree(() -> headshot(bytes, marker));
        });
    }

    @Override
    public Outcome thumbnail(InputStream sanitisedSelfie, int maxSide) {
        Objects.requireNonNull(sanitisedSelfie, "sanitised selfie");
        if (maxSide < 16 || maxSide > 1024) {
            throw new IllegalArgumentException("A thumbnail is 16 to 1024 pixels a side, not " + maxSide);
        }
        return guarded(() -> {
            byte[] bytes = readAtMost(sanitisedSelfie);
            return gate.whenFree(() -> thumbnailOf(bytes, maxSide));
        });
    }

    /** Decodes a sanitised (upright, metadata-free) selfie and writes it smaller as a fresh JPEG (runs in the gate). */
    private ImageClean thumbnailOf(byte[] bytes, int maxSide) throws IOException, ImageRefusal {
        Decoded decoded = decode(bytes, recognise(bytes));
        BufferedImage image = decoded.image();
        double scale = Math.min(1.0, (double) maxSide / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } finally {
            g.dispose();
        }
        return new ImageClean("image/jpeg", width, height, jpeg(small));
    }

    /** The gates and the marking of one generated image whose bytes are all here (runs in the decode gate). */
    private ImageClean headshot(byte[] bytes, AiMarker marker) throws IOException, ImageRefusal {
        ImageFormat format = recognise(bytes);
        String xmp = ImageXmp.packet(marker);
        Decoded decoded = decode(bytes, format);
        if (format == ImageFormat.JPEG && decoded.orientation() == ImageOrientation.UPRIGHT) {
            // The picture is kept as the vendor compressed it: only its segments are rewritten.
            byte[] whole = Arrays.copyOf(bytes, completeJpeg(bytes));
            return new ImageClean(
                    "image/jpeg", decoded.width(), decoded.height(), ImageJpegRewriter.withOnly(whole, xmp));
        }
        if (format == ImageFormat.JPEG) {
            // Turned by EXIF: once EXIF is gone, only turned pixels still show the picture the right way up.
            BufferedImage upright = ImageOrientation.upright(decoded.image(), decoded.orientation(), true);
            return new ImageClean(
                    "image/jpeg",
                    upright.getWidth(),
                    upright.getHeight(),
                    ImageJpegRewriter.withOnly(jpeg(upright), xmp));
        }
        BufferedImage upright = ImageOrientation.upright(decoded.image(), decoded.orientation(), false);
        return new ImageClean("image/png", upright.getWidth(), upright.getHeight(), png(upright, xmp));
    }

    // ---- the gates ------------------------------------------------------------------------------

    /** A decoded picture, the size it has in the file, and the EXIF orientation still to apply. */
    private record Decoded(BufferedImage image, int width, int height, int orientation) {}

    private interface Step {
        ImageClean run() throws IOException, ImageRefusal;
    }

    /** Runs one sanitising job and turns every failure a bad input can cause into a refusal. */
    private static Outcome guarded(Step step) {
        try {
            return new Outcome.Accepted(step.run());
        } catch (ImageRefusal refusal) {
            return new Outcome.Rejected(refusal.why());
        } catch (IOException | RuntimeException | StackOverflowError e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "image refused as unreadable: " + e.getClass().getName());
            return new Outcome.Rejected(ImageRefusal.invalid(UNREADABLE).why());
        }
    }

    /** Reads at most {@link #MAX_BYTES} + 1 bytes: one more than the limit is enough to know it is too large. */
    private static byte[] readAtMost(InputStream in) throws ImageRefusal {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException | RuntimeException e) {
            throw ImageRefusal.invalid(BROKE_OFF);
        }
        if (bytes.length > MAX_BYTES) {
            throw ImageRefusal.invalid(TOO_LARGE);
        }
        if (bytes.length == 0) {
            throw ImageRefusal.invalid(EMPTY);
        }
        return bytes;
    }

    private static ImageFormat recognise(byte[] bytes) throws ImageRefusal {
        return ImageFormat.sniff(bytes).orElseThrow(() -> ImageRefusal.invalid(NOT_A_PHOTO));
    }

    private Decoded decode(byte[] bytes, ImageFormat format) throws IOException, ImageRefusal {
        if (format == ImageFormat.HEIF) {
            if (!heif.available()) {
                throw ImageRefusal.invalid(HeicDecoder.EXPORT_AS_JPEG);
            }
            HeicDecoder.Extent declared =
                    HeicDecoder.largestExtent(bytes).orElseThrow(() -> ImageRefusal.invalid(UNREADABLE));
            refuseBomb(declared.width(), declared.height());
            // libheif has applied the container's rotation: the EXIF orientation it copies along must not be applied
            // again.
            return heif.decode(
                    bytes,
                    jpeg -> read(
                            new FileImageInputStream(jpeg.toFile()),
                            ImageFormat.JPEG,
                            () -> {},
                            () -> ImageOrientation.UPRIGHT));
        }
        Check complete = format == ImageFormat.JPEG ? () -> completeJpeg(bytes) : () -> {};
        return read(new ByteArrayImageInputStream(bytes), format, complete, () -> ImageOrientation.of(bytes, format));
    }

    /** A check of the file's structure, made once its declared size is known to be acceptable. */
    private interface Check {
        void run() throws ImageRefusal;
    }

    /** The length of the JPEG stream up to its end-of-image marker; refused when the file ends before it. */
    private static int completeJpeg(byte[] bytes) throws ImageRefusal {
        OptionalInt end = ImageJpegRewriter.endOfImage(bytes);
        if (end.isEmpty()) {
            throw ImageRefusal.invalid(CUT_SHORT);
        }
        return end.getAsInt();
    }

    /**
     * Reads the size from the header, checks it, and only then decodes, subsampled to at most
     * {@link #MAX_DECODED_SIDE} pixels on the longer side. {@code structure} runs after the size check, so a bomb
     * is refused as a bomb even when it is also cut short; the orientation is read only from a file that passed both.
     */
    private static Decoded read(ImageInputStream input, ImageFormat format, Check structure, IntSupplier orientation)
            throws IOException, ImageRefusal {
        return sized(input, format, (reader, width, height) -> {
            int step = Math.ceilDiv(Math.max(width, height), MAX_DECODED_SIDE);
            if (Math.ceilDiv(Math.min(width, height), step) < MIN_SIDE) {
                throw ImageRefusal.invalid(String.format(
                        Locale.ROOT,
                        "This photo is %d×%d pixels, too long and narrow; please upload one closer to square, at least %d×%d.",
                        width,
                        height,
                        MIN_SIDE,
                        MIN_SIDE));
            }
            structure.run();
            int turn = orientation.getAsInt();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageReadParam param = reader.getDefaultReadParam();
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null || endedEarly(warnings)) {
                throw ImageRefusal.invalid(CUT_SHORT);
            }
            return new Decoded(image, width, height, turn);
        });
    }

    /** What the header says, checked: the size, and the orientation still to apply. */
    private record Inspected(int width, int height, int orientation) {}

    /** The checks of {@link #read} up to, not including, decoding the pixels. */
    private static Inspected inspect(
            ImageInputStream input, ImageFormat format, Check structure, IntSupplier orientation)
            throws IOException, ImageRefusal {
        return sized(input, format, (reader, width, height) -> {
            structure.run();
            return new Inspected(width, height, orientation.getAsInt());
        });
    }

    /** The rest of a read, given the reader and the size its header gave, which has passed the size checks. */
    @FunctionalInterface
    private interface Sized<T> {
        T read(ImageReader reader, int width, int height) throws IOException, ImageRefusal;
    }

    /**
     * Opens {@code input} with {@code format}'s reader, reads the size from the header and refuses a bomb or a photo
     * too small, then answers what {@code then} reads; the input is closed and the reader disposed after.
     */
    private static <T> T sized(ImageInputStream input, ImageFormat format, Sized<T> then)
            throws IOException, ImageRefusal {
        ImageReader reader = format.reader().orElseThrow(() -> ImageRefusal.invalid(NOT_A_PHOTO));
        try (input) {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            refuseBomb(width, height);
            refuseSmall(width, height);
            return then.read(reader, width, height);
        } finally {
            reader.dispose();
        }
    }

    /** The JPEG decoders' words for data that stops before the picture does (TwelveMonkeys, libjpeg). */
    private static boolean endedEarly(List<String> warnings) {
        return warnings.stream()
                .map(w -> String.valueOf(w).toLowerCase(Locale.ROOT))
                .anyMatch(w -> w.contains("premature end") || w.contains("missing eoi") || w.contains("truncated"));
    }

    private static void refuseBomb(long width, long height) throws ImageRefusal {
        if (width * height > MAX_PIXELS) {
            throw ImageRefusal.invalid(String.format(
                    Locale.ROOT,
                    "This photo is %d×%d pixels (%d megapixels); please upload one of at most %d megapixels.",
                    width,
                    height,
                    Math.ceilDiv(width * height, 1_000_000L),
                    MAX_PIXELS / 1_000_000));
        }
    }

    private static void refuseSmall(int width, int height) throws ImageRefusal {
        if (width < MIN_SIDE || height < MIN_SIDE) {
            throw ImageRefusal.invalid(String.format(
                    Locale.ROOT,
                    "This photo is %d×%d pixels; please upload one of at least %d×%d.",
                    width,
                    height,
                    MIN_SIDE,
                    MIN_SIDE));
        }
    }

    // ---- writing --------------------------------------------------------------------------------

    /** A fresh baseline JPEG of the pixels: a JFIF header and the picture, nothing else. */
    private static byte[] jpeg(BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            if (param instanceof JPEGImageWriteParam jpegParam) {
                jpegParam.setOptimizeHuffmanTables(true);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A PNG of the pixels whose only metadata is {@code xmp}, as an iTXt chunk keyed {@code XML:com.adobe.xmp}. */
    private static byte[] png(BufferedImage image, String xmp) throws IOException {
        PngImagingParameters params = new PngImagingParameters();
        params.setXmpXml(xmp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PngImageParser().writeImage(image, out, params);
        return out.toByteArray();
    }
}
