package ai.kaptura.adapter.storage;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The EXIF orientation of a photo (1 to 8, as TIFF tag 0x0112 defines them), read with
 * metadata-extractor, and the picture turned so that it looks as its owner saw it.
 *
 * <p>HEIF files are never turned here: their rotation and mirroring are container properties
 * ({@code irot}, {@code imir}) that libheif applies while decoding, and the HEIF standard says their
 * EXIF orientation must then be ignored (applying it too would turn the picture twice).
 */
final class ImageOrientation {

    static final int UPRIGHT = 1;

    private ImageOrientation() {}

    /** The orientation in the photo's first EXIF directory; {@link #UPRIGHT} when there is none or it cannot be read. */
    static int of(byte[] image, ImageFormat format) {
        try {
            Metadata metadata = switch (format) {
                case JPEG ->
                    JpegMetadataReader.readMetadata(new ByteArrayInputStream(image), List.of(new ExifReader()));
                case PNG -> PngMetadataReader.readMetadata(new ByteArrayInputStream(image));
                case WEBP -> WebpMetadataReader.readMetadata(new ByteArrayInputStream(image));
                case HEIF -> null;
            };
            ExifIFD0Directory exif =
                    metadata == null ? null : metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif == null || !exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return UPRIGHT;
            }
            int orientation = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return orientation >= 1 && orientation <= 8 ? orientation : UPRIGHT;
        } catch (ImageProcessingException | IOException | MetadataException | RuntimeException | StackOverflowError e) {
            // A broken EXIF block says nothing reliable about orientation; the pixels are still decoded on their own.
            return UPRIGHT;
        }
    }

    /**
     * The picture turned upright. With {@code opaque}, the result is plain RGB with any transparency laid on
     * white (what a JPEG can hold); otherwise transparency is kept. The source is answered as it is when there
     * is nothing to do.
     */
    static BufferedImage upright(BufferedImage source, int orientation, boolean opaque) {
        int type = source.getType();
        boolean alreadyFits = opaque
                ? type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_INT_RGB
                : type != BufferedImage.TYPE_CUSTOM;
        if (orientation == UPRIGHT && alreadyFits) {
            return source;
        }
        int w = source.getWidth();
        int h = source.getHeight();
        boolean sideways = orientation >= 5 && orientation <= 8;
        BufferedImage target = new BufferedImage(
                sideways ? h : w, sideways ? w : h, opaque ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = target.createGraphics();
        try {
            if (opaque) {
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, target.getWidth(), target.getHeight());
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(source, transform(orientation, w, h), null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /**
     * Where each stored pixel goes on the upright canvas. The arguments are the matrix
     * {@code [m00 m01 m02; m10 m11 m12]} in AffineTransform's order (m00, m10, m01, m11, m02, m12).
     */
    private static AffineTransform transform(int orientation, int w, int h) {
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0); // mirrored left to right
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h); // turned 180 degrees
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h); // mirrored top to bottom
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transposed: x' = y, y' = x
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0); // turned 90 degrees clockwise: x' = h - y, y' = x
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w); // transversed: x' = h - y, y' = w - x
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, w); // turned 90 degrees counter-clockwise: x' = y, y' = w - x
            default -> new AffineTransform();
        };
    }
}
