package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Test pictures, and the structure of image files written and read byte by byte, independently of any image library
 * under test: PNG chunks and JPEG segments. Shared by the sanitiser contract and the sanitiser adapters' own tests.
 */
public final class ImageBytes {

    private ImageBytes() {}

    /** A photo-like picture (a face-coloured oval on a gradient) with a red square of {@code mark} pixels at its top-left. */
    public static BufferedImage photoLike(int width, int height, int mark) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(90, 110, 140), width, height, new Color(200, 190, 170)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(224, 172, 140));
        g.fillOval(width / 3, height / 6, width / 3, height * 2 / 3);
        g.setColor(new Color(230, 20, 20));
        g.fillRect(0, 0, mark, mark);
        g.dispose();
        return image;
    }

    /** The picture in {@code format} ("jpg", "png"), as ImageIO writes it. */
    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new AssertionError("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The picture ImageIO reads from the bytes; a test fails if they do not decode. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodes as an image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new AssertionError("the image does not decode", e);
        }
    }

    /** The types of a PNG's chunks, in order. */
    public static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos + 12 <= png.length) {
            int length = ByteBuffer.wrap(png, pos, 4).getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            types.add(type);
            if ("IEND".equals(type) || length < 0) {
                break;
            }
            pos += 12 + length;
        }
        return types;
    }

    /** The markers of a JPEG's segments up to its first scan (0xE0 for APP0, 0xE1 for APP1, 0xC0 for a baseline frame...). */
    public static List<Integer> jpegSegments(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xff;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
        }
        return markers;
    }

    /** One PNG chunk: length, type, data and the CRC of type and data. */
    public static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = ascii(type);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length)
                .put(typeBytes)
                .put(data)
                .putInt((int) crc.getValue())
                .array();
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
