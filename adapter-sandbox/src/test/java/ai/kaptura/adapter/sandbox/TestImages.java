package ai.kaptura.adapter.sandbox;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real images for tests: selfies drawn with Java2D, and a decoder for what the sandbox hands back. */
final class TestImages {

    private TestImages() {}

    /** A portrait-shaped "selfie" as JPEG bytes: a gradient background and an oval, coloured by {@code seed}. */
    static byte[] selfieJpeg(int seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(
                    0, 0, new Color(0x30 + seed * 20 % 200, 0x60, 0x90), 0, height, new Color(0x20, 0x20, 0x40)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0xE0, 0xAC, 0x69));
            g.fill(new Ellipse2D.Float(width * 0.3f, height * 0.2f, width * 0.4f, height * 0.35f));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The image {@code bytes} hold; fails the test when they are not one. */
    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not an image ImageIO reads (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new AssertionError("not a readable image", e);
        }
    }

    /** The mean red, green and blue of {@code image}. */
    static double[] meanColour(BufferedImage image) {
        double[] sum = new double[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                sum[0] += (p >> 16) & 0xff;
                sum[1] += (p >> 8) & 0xff;
                sum[2] += p & 0xff;
            }
        }
        double n = (double) image.getWidth() * image.getHeight();
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
