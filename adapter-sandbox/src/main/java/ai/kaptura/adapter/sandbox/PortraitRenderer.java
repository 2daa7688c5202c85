package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Digest;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws the sandbox's "headshots" with plain Java2D. <strong>This is not AI and generates nothing:</strong>
 * it takes a square portrait crop of one of the selfies, lays it over a studio backdrop in a soft oval,
 * grades its colours with a look derived from the style id and darkens the corners. A selfie that is not
 * a readable image (the contract feeds random bytes) gives a drawn placeholder figure instead. The
 * output is a {@value #SIZE}×{@value #SIZE} baseline JPEG with no metadata at all; the app marks it as
 * AI-generated like any vendor image (R43) when it copies it into its vault.
 *
 * <p>It exists so the whole flow — upload, consent, payment, training, generation, delivery, deletion —
 * runs on one machine with no account and no network.
 */
final class PortraitRenderer {

    static final int SIZE = 768;

    /** The long side a decoded selfie is scaled down to before drawing. */
    private static final int WORKING_SIDE = 1024;
    /** Larger images are not decoded at all (a decompression bomb gets the placeholder). */
    private static final long MAX_SOURCE_PIXELS = 80_000_000L;

    private static final int MIN_SOURCE_SIDE = 32;
    private static final float JPEG_QUALITY = 0.9f;

    /** The colours of one style: backdrop, grade and tint, all derived from the style id. */
    record Look(
            Color backdropInner,
            Color backdropOuter,
            Color tint,
            float tintStrength,
            float saturation,
            float contrast) {

        static Look of(StyleId style) {
            byte[] h = Digest.sha256("sandbox look:" + style.value()).bytes();
            String id = style.value().toLowerCase(Locale.ROOT);
            boolean neutral = id.contains("grey") || id.contains("gray") || id.contains("mono") || id.contains("black");
            float hue = unit(h[0]);
            float backdropSaturation = neutral ? 0.03f : 0.16f + 0.22f * unit(h[1]);
            return new Look(
                    Color.getHSBColor(hue, backdropSaturation, 0.70f + 0.15f * unit(h[2])),
                    Color.getHSBColor(hue, Math.min(1f, backdropSaturation * 1.4f), 0.18f + 0.12f * unit(h[3])),
                    Color.getHSBColor(hue, 0.55f, 0.95f),
                    neutral ? 0.03f : 0.07f + 0.09f * unit(h[4]),
                    neutral ? 0.80f : 0.92f + 0.22f * unit(h[5]),
                    1.04f + 0.12f * unit(h[6]));
        }

        private static float unit(byte b) {
            return (b & 0xff) / 255f;
        }
    }

    /**
     * The image {@code bytes} hold, scaled down to at most {@value #WORKING_SIDE} pixels on its long side,
     * or empty when they are not an image ImageIO reads, or one too small or too large. Never throws for
     * hostile bytes.
     */
    static Optional<BufferedImage> decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < MIN_SOURCE_SIDE || height < MIN_SOURCE_SIDE || (long) width * height > MAX_SOURCE_PIXELS) {
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (2 * WORKING_SIDE));
                param.setSourceSubsampling(step, step, 0, 0);
                return Optional.of(working(reader.read(0, param)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One headshot of {@code style}: image number {@code variant} of that style, drawn from {@code subject}
     * (or, when empty, from a placeholder seeded by {@code seed}). Answers JPEG bytes.
     */
    byte[] render(Optional<BufferedImage> subject, long seed, StyleId style, int variant) {
        Look look = Look.of(style);
        BufferedImage canvas = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            quality(g);
            g.setPaint(new RadialGradientPaint(
                    new Point2D.Float(SIZE * 0.5f, SIZE * 0.36f), SIZE * 0.85f, new float[] {0f, 1f}, new Color[] {
                        look.backdropInner(), look.backdropOuter()
                    }));
            g.fillRect(0, 0, SIZE, SIZE);
            BufferedImage layer =
                    subject.map(image -> photoLayer(image, variant)).orElseGet(() -> placeholderLayer(seed, variant));
            g.drawImage(layer, 0, 0, null);
        } finally {
            g.dispose();
        }
        grade(canvas, look, variant);
        vignette(canvas);
        return jpeg(canvas);
    }

    // ---- layers ---------------------------------------------------------------------------------

    /** A portrait crop of the photo, faded into the backdrop at its edges. */
    private static BufferedImage photoLayer(BufferedImage photo, int variant) {
        int w = photo.getWidth();
        int h = photo.getHeight();
        double zoom = 0.84 + 0.04 * (variant % 4);
        int side = (int) Math.max(MIN_SOURCE_SIDE / 2, Math.min(w, h) * zoom);
        double shift = ((variant % 3) - 1) * 0.03 * w;
        int x = clamp((int) ((w - side) / 2.0 + shift), 0, w - side);
        // Faces sit in the upper part of a portrait photo: crop from a quarter of the spare height.
        int y = clamp(h > w ? (int) ((h - side) * 0.25) : (h - side) / 2, 0, h - side);

        BufferedImage layer = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = layer.createGraphics();
        try {
            quality(g);
            g.drawImage(photo, 0, 0, SIZE, SIZE, x, y, x + side, y + side, null);
            g.setComposite(AlphaComposite.DstIn);
            g.setPaint(new RadialGradientPaint(
                    new Point2D.Float(SIZE * 0.5f, SIZE * 0.46f),
                    SIZE * 0.70f,
                    new float[] {0f, 0.62f, 1f},
                    new Color[] {Color.BLACK, Color.BLACK, new Color(0, 0, 0, 0)},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fillRect(0, 0, SIZE, SIZE);
        } finally {
            g.dispose();
        }
        return layer;
    }

    /** A faceless figure — head, neck, shoulders — for a selfie that is not a readable image. */
    private static BufferedImage placeholderLayer(long seed, int variant) {
        SplittableRandom random = new SplittableRandom(seed);
        Color[] skins = {
            new Color(0xF1C27D),
            new Color(0xE0AC69),
            new Color(0xC68642),
            new Color(0x8D5524),
            new Color(0xFFDBAC),
            new Color(0xA86B3C)
        };
        Color[] hairs = {
            new Color(0x2C1B10), new Color(0x4A3020), new Color(0x8B5A2B), new Color(0xB8B8B8), new Color(0x111111)
        };
        Color[] clothes = {
            new Color(0x24324A), new Color(0x3B3B3B), new Color(0x5A2E2E), new Color(0x2F4F3A), new Color(0xE8E8E8)
        };
        Color skin = skins[random.nextInt(skins.length)];
        Color hair = hairs[random.nextInt(hairs.length)];
        Color cloth = clothes[random.nextInt(clothes.length)];
        float sway = ((variant % 3) - 1) * 0.02f * SIZE;

        BufferedImage layer = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = layer.createGraphics();
        try {
            quality(g);
            g.setPaint(new GradientPaint(0, SIZE * 0.68f, cloth.brighter(), 0, SIZE, cloth.darker()));
            g.fill(new RoundRectangle2D.Float(
                    SIZE * 0.12f + sway, SIZE * 0.70f, SIZE * 0.76f, SIZE * 0.55f, SIZE * 0.38f, SIZE * 0.38f));
            g.setColor(skin.darker());
            g.fill(new RoundRectangle2D.Float(
                    SIZE * 0.435f + sway, SIZE * 0.52f, SIZE * 0.13f, SIZE * 0.22f, SIZE * 0.05f, SIZE * 0.05f));
            Path2D collar = new Path2D.Float();
            collar.moveTo(SIZE * 0.40f + sway, SIZE * 0.70f);
            collar.lineTo(SIZE * 0.50f + sway, SIZE * 0.80f);
            collar.lineTo(SIZE * 0.60f + sway, SIZE * 0.70f);
            collar.closePath();
            g.fill(collar);
            g.setColor(hair);
            g.fill(new Ellipse2D.Float(SIZE * 0.325f + sway, SIZE * 0.15f, SIZE * 0.35f, SIZE * 0.30f));
            g.setPaint(new RadialGradientPaint(
                    new Point2D.Float(SIZE * 0.46f + sway, SIZE * 0.32f),
                    SIZE * 0.22f,
                    new float[] {0f, 1f},
                    new Color[] {mix(skin, Color.WHITE, 0.18f), mix(skin, Color.BLACK, 0.18f)}));
            g.fill(new Ellipse2D.Float(SIZE * 0.345f + sway, SIZE * 0.20f, SIZE * 0.31f, SIZE * 0.38f));
        } finally {
            g.dispose();
        }
        return layer;
    }

    // ---- finishing ------------------------------------------------------------------------------

    /** Saturation, contrast and tint of the style, a little different for each variant. */
    private static void grade(BufferedImage canvas, Look look, int variant) {
        int[] pixels = canvas.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
        float contrast = look.contrast() + 0.02f * (variant % 3);
        float saturation = look.saturation();
        float k = look.tintStrength();
        int tr = look.tint().getRed();
        int tg = look.tint().getGreen();
        int tb = look.tint().getBlue();
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            float r = (p >> 16) & 0xff;
            float gr = (p >> 8) & 0xff;
            float b = p & 0xff;
            float y = 0.299f * r + 0.587f * gr + 0.114f * b;
            r = y + (r - y) * saturation;
            gr = y + (gr - y) * saturation;
            b = y + (b - y) * saturation;
            r = (r - 128f) * contrast + 128f + (tr - 128f) * k;
            gr = (gr - 128f) * contrast + 128f + (tg - 128f) * k;
            b = (b - 128f) * contrast + 128f + (tb - 128f) * k;
            pixels[i] = 0xff000000 | channel(r) << 16 | channel(gr) << 8 | channel(b);
        }
        canvas.setRGB(0, 0, SIZE, SIZE, pixels, 0, SIZE);
    }

    private static void vignette(BufferedImage canvas) {
        Graphics2D g = canvas.createGraphics();
        try {
            quality(g);
            g.setPaint(new RadialGradientPaint(
                    new Point2D.Float(SIZE * 0.5f, SIZE * 0.45f),
                    SIZE * 0.78f,
                    new float[] {0f, 0.6f, 1f},
                    new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 0), new Color(0, 0, 0, 130)}));
            g.fillRect(0, 0, SIZE, SIZE);
        } finally {
            g.dispose();
        }
    }

    private static byte[] jpeg(BufferedImage canvas) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(canvas, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a JPEG in memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static BufferedImage working(BufferedImage decoded) {
        int w = decoded.getWidth();
        int h = decoded.getHeight();
        double scale = Math.min(1.0, (double) WORKING_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage working = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = working.createGraphics();
        try {
            quality(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, tw, th);
            g.drawImage(decoded, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        return working;
    }

    private static void quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
    }

    private static Color mix(Color a, Color b, float share) {
        return new Color(
                Math.round(a.getRed() + (b.getRed() - a.getRed()) * share),
                Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * share),
                Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * share));
    }

    private static int channel(float value) {
        return value <= 0f ? 0 : value >= 255f ? 255 : (int) (value + 0.5f);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
