package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PhotoSanitizer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A small, honest sanitiser for PNG and JPEG uploads. It first checks the file structure without
 * decoding pixels (PNG chunk lengths and checksums, JPEG segments through to the end of the scan) and
 * reads the dimensions from the header, refusing decompression bombs before anything is decoded.
 *
 * <p>A selfie is then decoded with {@code javax.imageio}, turned upright by its EXIF orientation and
 * re-encoded as a fresh JPEG: nothing of the original file's metadata (EXIF, GPS, XMP, IPTC,
 * comments, text chunks) can survive (R37). A headshot keeps its format and pixels: its metadata
 * blocks are dropped at the container level and the AI marker is written as XMP (R43, R45), an iTXt
 * chunk in PNG or an APP1 segment in JPEG.
 *
 * <p>What it does not do: other formats (HEIC, WebP), colour profiles, or CMYK JPEGs.
 */
public final class FakePhotoSanitizer implements PhotoSanitizer {

    public static final long MAX_BYTES = 25L * 1024 * 1024;
    public static final int MAX_SIDE = 12_000;
    public static final long MAX_PIXELS = 50_000_000L;

    /** The XMP namespace header of a JPEG APP1 segment, and the keyword of a PNG iTXt chunk, carrying XMP. */
    public static final String JPEG_XMP_HEADER = "http://ns.adobe.com/xap/1.0/\0";

    public static final String PNG_XMP_KEYWORD = "XML:com.adobe.xmp";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Chunks that draw the picture; everything else (tEXt, zTXt, iTXt, eXIf, tIME, iCCP, ...) is dropped. */
    private static final Set<String> PNG_KEPT =
            Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT");

    private static final Set<String> PNG_CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");
    private static final byte[] MINIMAL_JFIF = {
        (byte) 0xFF,
        (byte) 0xE0,
        0x00,
        0x10,
        'J',
        'F',
        'I',
        'F',
        0x00,
        0x01,
        0x01,
        0x00,
        0x00,
        0x01,
        0x00,
        0x01,
        0x00,
        0x00
    };

    private record Image(String mediaType, int width, int height, byte[] bytes, int orientation) {}

    @Override
    public Outcome sanitizeSelfie(InputStream upload) {
        return switch (check(upload, Optional.empty())) {
            case Result.Ok<Image> ok -> reencoded(ok.value());
            case Result.Refused<Image> no -> new Outcome.Rejected(no.why());
        };
    }

    @Override
    public Outcome markHeadshot(InputStream generated, AiMarker marker) {
        Objects.requireNonNull(marker, "marker");
        return switch (check(generated, Optional.of(xmpPacket(marker)))) {
            case Result.Ok<Image> ok -> new Outcome.Accepted(new InMemoryClean(ok.value()));
            case Result.Refused<Image> no -> new Outcome.Rejected(no.why());
        };
    }

    /** Decodes the image and writes it at most {@code maxSide} pixels a side as a fresh JPEG. */
    @Override
    public Outcome thumbnail(InputStream sanitisedSelfie, int maxSide) {
        try {
            BufferedImage decoded = ImageIO.read(sanitisedSelfie);
            if (decoded == null) {
                return rejected("The image could not be decoded");
            }
            double scale = Math.min(1.0, (double) maxSide / Math.max(decoded.getWidth(), decoded.getHeight()));
            int width = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.drawImage(decoded, 0, 0, width, height, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpeg", out);
            return new Outcome.Accepted(
                    new InMemoryClean(new Image("image/jpeg", width, height, out.toByteArray(), 1)));
        } catch (IOException | RuntimeException e) {
            return rejected("The image could not be decoded");
        }
    }

    /** Decodes the checked image, turns it upright and writes it as a fresh JPEG carrying nothing else. */
    private static Outcome reencoded(Image checked) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(checked.bytes()));
            if (decoded == null) {
                return rejected("The image could not be decoded");
            }
            BufferedImage upright = upright(decoded, checked.orientation());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.92f);
                writer.write(null, new IIOImage(upright, null, null), param);
            } finally {
                writer.dispose();
            }
            return new Outcome.Accepted(new InMemoryClean(
                    new Image("image/jpeg", upright.getWidth(), upright.getHeight(), out.toByteArray(), 1)));
        } catch (IOException | RuntimeException e) {
            return rejected("The image could not be decoded");
        }
    }

    /** The picture as a person sees it: EXIF orientation 2 to 8 applied, on an opaque RGB canvas. */
    private static BufferedImage upright(BufferedImage source, int orientation) {
        int w = source.getWidth();
        int h = source.getHeight();
        boolean swaps = orientation >= 5 && orientation <= 8;
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.drawImage(source, 0, 0, null);
        g.dispose();
        if (orientation <= 1 || orientation > 8) {
            return rgb;
        }
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = w - 1 - x;
                        sy = y;
                    }
                    case 3 -> {
                        sx = w - 1 - x;
                        sy = h - 1 - y;
                    }
                    case 4 -> {
                        sx = x;
                        sy = h - 1 - y;
                    }
                    case 5 -> {
                        sx = y;
                        sy = x;
                    }
                    case 6 -> {
                        sx = y;
                        sy = h - 1 - x;
                    }
                    case 7 -> {
                        sx = w - 1 - y;
                        sy = h - 1 - x;
                    }
                    default -> {
                        sx = w - 1 - y;
                        sy = x;
                    }
                }
                out.setRGB(x, y, rgb.getRGB(sx, sy));
            }
        }
        return out;
    }

    /** The XMP packet written for {@code marker}: the IPTC digital source type and the asset URN only. */
    public static String xmpPacket(AiMarker marker) {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\""
                + " xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\""
                + " xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\""
                + " " + AiMarker.XMP_PROPERTY + "=\"" + marker.digitalSourceType() + "\""
                + " xmpMM:DocumentID=\"" + marker.assetUrn() + "\"/>"
                + "</rdf:RDF></x:xmpmeta>"
                + "<?xpacket end=\"r\"?>";
    }

    /** The XMP packet of a PNG or JPEG file, if it carries one. */
    public static Optional<String> xmpOf(byte[] image) {
        try {
            if (startsWith(image, PNG_SIGNATURE)) {
                int pos = 8;
                while (pos + 12 <= image.length) {
                    int len = (int) u32(image, pos);
                    String type = new String(image, pos + 4, 4, StandardCharsets.ISO_8859_1);
                    if ("iTXt".equals(type)) {
                        Optional<String> xmp = xmpOfItxt(Arrays.copyOfRange(image, pos + 8, pos + 8 + len));
                        if (xmp.isPresent()) {
                            return xmp;
                        }
                    }
                    if ("IEND".equals(type)) {
                        break;
                    }
                    pos += 12 + len;
                }
            } else if (image.length > 4 && (image[0] & 0xff) == 0xFF && (image[1] & 0xff) == 0xD8) {
                int pos = 2;
                byte[] header = JPEG_XMP_HEADER.getBytes(StandardCharsets.ISO_8859_1);
                while (pos + 4 <= image.length && (image[pos] & 0xff) == 0xFF) {
                    int marker = image[pos + 1] & 0xff;
                    if (marker == 0xDA || marker == 0xD9) {
                        break;
                    }
                    int len = u16(image, pos + 2);
                    byte[] data = Arrays.copyOfRange(image, pos + 4, pos + 2 + len);
                    if (marker == 0xE1 && startsWith(data, header)) {
                        return Optional.of(
                                new String(data, header.length, data.length - header.length, StandardCharsets.UTF_8));
                    }
                    pos += 2 + len;
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** One XMP property's value (attribute or element form), e.g. {@code Iptc4xmpExt:DigitalSourceType}. */
    public static Optional<String> xmpProperty(byte[] image, String qualifiedName) {
        Optional<String> xmp = xmpOf(image);
        if (xmp.isEmpty()) {
            return Optional.empty();
        }
        String name = Pattern.quote(qualifiedName);
        Matcher attribute = Pattern.compile(name + "\\s*=\\s*\"([^\"]*)\"").matcher(xmp.get());
        if (attribute.find()) {
            return Optional.of(attribute.group(1));
        }
        Matcher element = Pattern.compile(
                        "<" + name + "(?:\\s+rdf:resource=\"([^\"]*)\"\\s*/>|>([^<]*)</" + name + ">)")
                .matcher(xmp.get());
        if (element.find()) {
            return Optional.of(
                    element.group(1) != null
                            ? element.group(1)
                            : element.group(2).strip());
        }
        return Optional.empty();
    }

    // ---- checking and rewriting -----------------------------------------------------------------

    private static Result<Image> check(InputStream in, Optional<String> xmp) {
        try {
            byte[] bytes;
            try {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            } catch (IOException e) {
                return bad("The upload could not be read to the end; please try again");
            }
            if (bytes.length > MAX_BYTES) {
                return bad("The photo is larger than " + (MAX_BYTES / (1024 * 1024)) + " MB");
            }
            if (bytes.length == 0) {
                return bad("The file is empty");
            }
            if (startsWith(bytes, PNG_SIGNATURE)) {
                return png(bytes, xmp);
            }
            if (bytes.length >= 3
                    && (bytes[0] & 0xff) == 0xFF
                    && (bytes[1] & 0xff) == 0xD8
                    && (bytes[2] & 0xff) == 0xFF) {
                return jpeg(bytes, xmp);
            }
            return bad("This is not a photo we can use: please upload a JPEG or PNG image");
        } catch (RuntimeException e) {
            return bad("The image could not be understood");
        }
    }

    private static Result<Image> png(byte[] b, Optional<String> xmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.writeBytes(PNG_SIGNATURE);
        int pos = PNG_SIGNATURE.length;
        int width = 0;
        int height = 0;
        int orientation = 1;
        boolean header = false;
        boolean data = false;
        boolean end = false;
        while (pos < b.length) {
            if (b.length - pos < 12) {
                return bad("The PNG file is cut short");
            }
            long len = u32(b, pos);
            if (len > b.length - pos - 12L) {
                return bad("The PNG file is cut short");
            }
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return bad("The PNG file is damaged");
            }
            int dataStart = pos + 8;
            int dataEnd = dataStart + (int) len;
            CRC32 crc = new CRC32();
            crc.update(b, pos + 4, 4 + (int) len);
            if (crc.getValue() != u32(b, dataEnd)) {
                return bad("The PNG file is damaged (a checksum does not match)");
            }
            if (!header) {
                if (!"IHDR".equals(type) || len != 13) {
                    return bad("The PNG file has no valid header");
                }
                long w = u32(b, dataStart);
                long h = u32(b, dataStart + 4);
                Optional<Rejection> size = sizeProblem(w, h);
                if (size.isPresent()) {
                    return Result.refused(size.get());
                }
                width = (int) w;
                height = (int) h;
                header = true;
            } else if (Character.isUpperCase(type.charAt(0)) && !PNG_CRITICAL.contains(type)) {
                return bad("The PNG file uses a feature we do not support (" + type + ")");
            }
            if ("eXIf".equals(type)) {
                orientation = exifOrientation(Arrays.copyOfRange(b, dataStart, dataEnd));
            }
            if (PNG_KEPT.contains(type)) {
                out.write(b, pos, 12 + (int) len);
                if ("IHDR".equals(type) && xmp.isPresent()) {
                    out.writeBytes(pngChunk("iTXt", itxt(xmp.get())));
                }
            }
            data |= "IDAT".equals(type);
            pos = dataEnd + 4;
            if ("IEND".equals(type)) {
                end = true;
                break;
            }
        }
        if (!end) {
            return bad("The PNG file is cut short");
        }
        if (!data) {
            return bad("The PNG file holds no picture");
        }
        return Result.ok(new Image("image/png", width, height, out.toByteArray(), orientation));
    }

    private static Result<Image> jpeg(byte[] b, Optional<String> xmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(0xFF);
        out.write(0xD8);
        boolean jfif = false;
        boolean headerWritten = false;
        int orientation = 1;
        byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
        int width = 0;
        int height = 0;
        boolean frame = false;
        boolean scan = false;
        int pos = 2;
        while (true) {
            if (pos >= b.length) {
                return bad("The JPEG file is cut short");
            }
            if ((b[pos] & 0xff) != 0xFF) {
                return bad("The JPEG file is damaged");
            }
            while (pos < b.length && (b[pos] & 0xff) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                return bad("The JPEG file is cut short");
            }
            int marker = b[pos] & 0xff;
            pos++;
            if (marker == 0xD9) {
                if (!frame || !scan) {
                    return bad("The JPEG file holds no picture");
                }
                out.write(0xFF);
                out.write(0xD9);
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0xD8 || marker == 0x00) {
                return bad("The JPEG file is damaged");
            }
            if (pos + 2 > b.length) {
                return bad("The JPEG file is cut short");
            }
            int len = u16(b, pos);
            if (len < 2 || pos + len > b.length) {
                return bad("The JPEG file is cut short");
            }
            int segStart = pos - 2;
            int segEnd = pos + len;
            boolean isApp = marker >= 0xE0 && marker <= 0xEF;
            if (marker == 0xE1 && len >= 8 && Arrays.equals(b, pos + 2, pos + 8, exifHeader, 0, 6)) {
                orientation = exifOrientation(Arrays.copyOfRange(b, pos + 8, segEnd));
            }
            if (marker == 0xE0 && len >= 7 && "JFIF\0".equals(new String(b, pos + 2, 5, StandardCharsets.ISO_8859_1))) {
                jfif = true;
            }
            if (!isApp && marker != 0xFE && !headerWritten) {
                // The first segment that draws the picture: write our own clean header before it.
                if (jfif) {
                    out.writeBytes(MINIMAL_JFIF);
                }
                xmp.ifPresent(packet -> out.writeBytes(jpegXmpSegment(packet)));
                headerWritten = true;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (len < 8) {
                    return bad("The JPEG file is damaged");
                }
                long h = u16(b, pos + 3);
                long w = u16(b, pos + 5);
                Optional<Rejection> size = sizeProblem(w, h);
                if (size.isPresent()) {
                    return Result.refused(size.get());
                }
                width = (int) w;
                height = (int) h;
                frame = true;
            }
            boolean kept = sof
                    || marker == 0xDB
                    || marker == 0xC4
                    || marker == 0xDD
                    || marker == 0xCC
                    || marker == 0xDA
                    || (marker == 0xEE
                            && len >= 7
                            && "Adobe".equals(new String(b, pos + 2, 5, StandardCharsets.ISO_8859_1)));
            if (kept) {
                out.write(b, segStart, segEnd - segStart);
            }
            pos = segEnd;
            if (marker == 0xDA) {
                if (!frame) {
                    return bad("The JPEG file is damaged (a scan before its frame)");
                }
                scan = true;
                int i = pos;
                while (true) {
                    if (i + 1 >= b.length) {
                        return bad("The JPEG file is cut short");
                    }
                    if ((b[i] & 0xff) == 0xFF) {
                        int next = b[i + 1] & 0xff;
                        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                            i += next == 0xFF ? 1 : 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                out.write(b, pos, i - pos);
                pos = i;
            }
        }
        return Result.ok(new Image("image/jpeg", width, height, out.toByteArray(), orientation));
    }

    private static Optional<Rejection> sizeProblem(long width, long height) {
        if (width <= 0 || height <= 0) {
            return Optional.of(Rejection.of(Rejection.Reason.INVALID_VALUE, "The image has no size"));
        }
        if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.INVALID_VALUE,
                    "The image is too large (" + width + " x " + height + " pixels); at most " + MAX_SIDE
                            + " pixels a side and " + (MAX_PIXELS / 1_000_000) + " megapixels"));
        }
        return Optional.empty();
    }

    /** The orientation (1 to 8) in a TIFF/EXIF block's first directory; 1 when absent or unreadable. */
    static int exifOrientation(byte[] tiff) {
        try {
            ByteOrder order;
            if (tiff[0] == 'I' && tiff[1] == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (tiff[0] == 'M' && tiff[1] == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                return 1;
            }
            ByteBuffer buffer = ByteBuffer.wrap(tiff).order(order);
            int ifd = buffer.getInt(4);
            int entries = buffer.getShort(ifd) & 0xffff;
            for (int i = 0; i < entries; i++) {
                int entry = ifd + 2 + i * 12;
                if ((buffer.getShort(entry) & 0xffff) == 0x0112 && (buffer.getShort(entry + 2) & 0xffff) == 3) {
                    int value = buffer.getShort(entry + 8) & 0xffff;
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
        } catch (RuntimeException e) {
            return 1;
        }
        return 1;
    }

    // ---- XMP containers -------------------------------------------------------------------------

    private static byte[] itxt(String xmp) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(PNG_XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
        data.writeBytes(
                new byte[] {0, 0, 0, 0, 0}); // keyword end, uncompressed, method, empty language, empty translation
        data.writeBytes(xmp.getBytes(StandardCharsets.UTF_8));
        return data.toByteArray();
    }

    private static Optional<String> xmpOfItxt(byte[] data) {
        byte[] keyword = (PNG_XMP_KEYWORD + "\0").getBytes(StandardCharsets.ISO_8859_1);
        if (!startsWith(data, keyword) || data.length < keyword.length + 2 || data[keyword.length] != 0) {
            return Optional.empty();
        }
        int pos = keyword.length + 2;
        for (int zeros = 0; zeros < 2; zeros++) {
            while (pos < data.length && data[pos] != 0) {
                pos++;
            }
            pos++;
        }
        return pos <= data.length
                ? Optional.of(new String(data, pos, data.length - pos, StandardCharsets.UTF_8))
                : Optional.empty();
    }

    private static byte[] pngChunk(String type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 12);
        writeU32(out, data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeU32(out, crc.getValue());
        return out.toByteArray();
    }

    private static byte[] jpegXmpSegment(String xmp) {
        byte[] header = JPEG_XMP_HEADER.getBytes(StandardCharsets.ISO_8859_1);
        byte[] packet = xmp.getBytes(StandardCharsets.UTF_8);
        int len = 2 + header.length + packet.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(header);
        out.writeBytes(packet);
        return out.toByteArray();
    }

    // ---- bytes ----------------------------------------------------------------------------------

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static long u32(byte[] b, int pos) {
        return ((long) (b[pos] & 0xff) << 24)
                | ((b[pos + 1] & 0xff) << 16)
                | ((b[pos + 2] & 0xff) << 8)
                | (b[pos + 3] & 0xff);
    }

    private static int u16(byte[] b, int pos) {
        return ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 24) & 0xff);
        out.write((int) (value >>> 16) & 0xff);
        out.write((int) (value >>> 8) & 0xff);
        out.write((int) value & 0xff);
    }

    private static Outcome rejected(String detail) {
        return new Outcome.Rejected(Rejection.of(Rejection.Reason.INVALID_VALUE, detail));
    }

    private static Result<Image> bad(String detail) {
        return Result.refused(Rejection.Reason.INVALID_VALUE, detail);
    }

    /** The clean image, held in memory until closed. */
    private static final class InMemoryClean implements Clean {
        private final Image image;
        private volatile boolean closed;

        InMemoryClean(Image image) {
            this.image = image;
        }

        @Override
        public String mediaType() {
            return image.mediaType();
        }

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public int height() {
            return image.height();
        }

        @Override
        public long size() {
            return image.bytes().length;
        }

        @Override
        public InputStream open() {
            if (closed) {
                throw new IllegalStateException("This sanitised image was closed");
            }
            return new ByteArrayInputStream(image.bytes());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
