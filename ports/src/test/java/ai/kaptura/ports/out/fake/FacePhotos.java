package ai.kaptura.ports.out.fake;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Real face photos for the photo-quality advice tests (R51), all made from one public-domain portrait shipped
 * beside this class ({@code astronaut.jpg}, see its README): the photo itself; two copies side by side (two faces);
 * blurred; pasted small in a large plain frame (face too small); darkened; re-encoded slightly smaller (the same
 * photo again); mirrored (another photo of the same face). Each is a baseline JPEG of at least 512 pixels a side.
 */
public final class FacePhotos {

    private FacePhotos() {}

    /** The portrait, 512 x 512, one face. */
    public static BufferedImage portrait() {
        try (InputStream in = FacePhotos.class.getResourceAsStream("astronaut.jpg")) {
            if (in == null) {
                throw new IllegalStateException("astronaut.jpg is missing from the test resources");
            }
            BufferedImage read = ImageIO.read(in);
            BufferedImage rgb = new BufferedImage(read.getWidth(), read.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(read, 0, 0, null);
            g.dispose();
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] single() {
        return jpeg(portrait(), 0.9f);
    }

    /** Two copies side by side: 1024 x 512, two faces. */
    public static byte[] twoFaces() {
        BufferedImage one = portrait();
        BufferedImage two = new BufferedImage(one.getWidth() * 2, one.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = two.createGraphics();
        g.drawImage(one, 0, 0, null);
        g.drawImage(one, one.getWidth(), 0, null);
        g.dispose();
        return jpeg(two, 0.9f);
    }

    /** Blurred by a Gaussian of {@code sigma} pixels. */
    public static byte[] blurred(double sigma) {
        int radius = (int) Math.ceil(sigma * 3);
        float[] weights = new float[radius * 2 + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        BufferedImage image = portrait();
        BufferedImage wide = new BufferedImage(
                image.getWidth() + 2 * radius, image.getHeight() + 2 * radius, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        // Edges repeated outwards, so the blur does not darken the border.
        g.drawImage(image, 0, 0, wide.getWidth(), wide.getHeight(), null);
        g.drawImage(image, radius, radius, null);
        g.dispose();
        BufferedImage across =
                new ConvolveOp(new Kernel(weights.length, 1, weights), ConvolveOp.EDGE_NO_OP, null).filter(wide, null);
        BufferedImage down = new ConvolveOp(new Kernel(1, weights.length, weights), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null);
        return jpeg(down.getSubimage(radius, radius, image.getWidth(), image.getHeight()), 0.9f);
    }

    /** The portrait at its own size in the middle of a plain grey frame {@code side} pixels square. */
    public static byte[] smallFace(int side) {
        BufferedImage image = portrait();
        BufferedImage frame = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(150, 150, 150));
        g.fillRect(0, 0, side, side);
        g.drawImage(image, (side - image.getWidth()) / 2, (side - image.getHeight()) / 2, null);
        g.dispose();
        return jpeg(frame, 0.9f);
    }

    /** Every channel scaled by {@code factor} (0.2: a photo taken in the dark). */
    public static byte[] darkened(double factor) {
        BufferedImage image = portrait();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (int) (((rgb >> 16) & 0xff) * factor);
                int gr = (int) (((rgb >> 8) & 0xff) * factor);
                int b = (int) ((rgb & 0xff) * factor);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return jpeg(image, 0.9f);
    }

    /** The same photo re-encoded at a lower quality and {@code side} pixels square (slightly resized). */
    public static byte[] reencoded(int side) {
        BufferedImage image = portrait();
        BufferedImage smaller = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = smaller.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image, 0, 0, side, side, null);
        g.dispose();
        return jpeg(smaller, 0.7f);
    }

    /** The portrait mirrored: still one face, but another picture at a glance. */
    public static byte[] mirrored() {
        BufferedImage image = portrait();
        BufferedImage mirror = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = mirror.createGraphics();
        g.drawImage(image, image.getWidth(), 0, -image.getWidth(), image.getHeight(), null);
        g.dispose();
        return jpeg(mirror, 0.9f);
    }

    public static InputStream open(byte[] jpeg) {
        return new ByteArrayInputStream(jpeg);
    }

    /** A baseline JPEG at {@code quality}. */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
