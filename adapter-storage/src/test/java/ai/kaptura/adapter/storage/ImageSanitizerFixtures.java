package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.contract.ImageBytes;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifInteropDirectory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.file.FileTypeDirectory;
import com.drew.metadata.icc.IccDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jfif.JfifDirectory;
import com.drew.metadata.jfxx.JfxxDirectory;
import com.drew.metadata.jpeg.HuffmanTablesDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.photoshop.PhotoshopDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcRecord;
import org.apache.commons.imaging.formats.jpeg.iptc.IptcTypes;
import org.apache.commons.imaging.formats.jpeg.iptc.JpegIptcRewriter;
import org.apache.commons.imaging.formats.jpeg.iptc.PhotoshopApp13Data;
import org.apache.commons.imaging.formats.tiff.JpegImageData;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Pictures, planted metadata and independent read-back for the sanitiser's tests. Pictures are made
 * with {@code javax.imageio}; metadata is written with commons-imaging's writers or as raw segments,
 * and read back with metadata-extractor (not with the code under test).
 */
final class ImageSanitizerFixtures {

    /** The word every planted metadata block contains; it must never come out. */
    static final String PLANTED = "PLANTEDSECRET";

    /** The side of the red square at the picture's top-left corner and of the blue one at its top-right. */
    static final int MARK = 64;

    /**
     * A real lossy WebP, 600 x 600, made once with {@code cwebp -q 50 -m 6} (libwebp 1.2.4) from a PNG of
     * {@link #picture}'s markers on flat grey (red square top-left, blue square top-right). Kept as bytes
     * so that the tests need no WebP encoder; ImageIO (TwelveMonkeys) can read WebP but not write it.
     */
    static final byte[] WEBP_LOSSY_600 = Base64.getDecoder()
            .decode(
                    "UklGRmQDAABXRUJQVlA4IFgDAAAQVQCdASpYAlgCPtFosVMoJiSioGgBABoJaW7hd/4AGdg0SONv6ADugxMcT78tejLxHLXoy8RkO6HVUfpjFjkENVSbJiHVUmyWiYkmyYWMt6l5a9GXiOWvRl4jjDLN4jlcTGLHIIaqk2TEOqpNktExJMRxndgdgdf8HMQTjkENVSbJiHVTZVYdgdgdgebO3hiHVUmyYh1VJsmIdVSbJiHVUmyYh1VJsmIdVSbJiHVUxbmyYh1VJsmIdVSbJiHVUmyYh1VJsmIdVSbJiHVUmyY3PUvLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8WV29GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWwN4Xvy16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvQ8CvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jluYMPEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejMTR5r0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5h//rxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEctejLxHLXo0ZsCghqqTZMQ6qk2TEOqpNkxDqqTZMQ6qk2TEOqpNkxDqqTZMQ6qk2TEOqpNkxDqqTZgTHfflr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZeI5a9GXiOWvRl4jlr0ZiaPNejLxHLXoy8Ry16MvEctejLxHLXoy8Ry16MvEcteioAD++tS//mLPzrNv//mi39uP8+t+d4//90QsNn44WsBC7+sF//daO///HafqgQjPktl8ZjIXi0cK/IINRoUCrZSiPICzVbcf/cW4XfjiHEvhYM7Wn5gIrjhGgD/hxRYUIEY4EABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEbYEABe3IEAAAA");

    /** The same picture as a lossless WebP (VP8L), made with {@code cwebp -lossless -z 9}. */
    static final byte[] WEBP_LOSSLESS_600 = Base64.getDecoder()
            .decode(
                    "UklGRmQAAABXRUJQVlA4TFcAAAAvV8KVABcgEEhxEMMuEEgkIh9tIoFAYhTuiHPMf+TmArORZGhSk9+oSGZsRP8noMdZusb8x3+3Tvif//mf//mf//mf//mf//mf//mf//mf//mf//n/QwwA");

    private ImageSanitizerFixtures() {}

    // ---- pictures -------------------------------------------------------------------------------

    /** A photo-like picture with a red square at its top-left corner and a blue one at its top-right. */
    static BufferedImage picture(int width, int height) {
        BufferedImage image = ImageBytes.photoLike(width, height, MARK);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(20, 20, 230));
        g.fillRect(width - MARK, 0, MARK, MARK);
        g.dispose();
        return image;
    }

    static byte[] jpeg(int width, int height) {
        return encode(picture(width, height), "jpg");
    }

    static byte[] png(int width, int height) {
        return encode(picture(width, height), "png");
    }

    static byte[] encode(BufferedImage image, String format) {
        return ImageBytes.encode(image, format);
    }

    static BufferedImage decode(byte[] bytes) {
        return ImageBytes.decode(bytes);
    }

    /** Which of the two corner marks (or neither) is at pixel (x, y). */
    static String markAt(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 180 && g < 80 && b < 80) {
            return "red";
        }
        if (b > 180 && r < 80 && g < 80) {
            return "blue";
        }
        return "neither";
    }

    /** The mark at the middle of one corner's square: top-left, top-right, bottom-left or bottom-right. */
    static String markIn(BufferedImage image, String corner) {
        int inset = MARK / 2;
        int right = image.getWidth() - 1 - inset;
        int bottom = image.getHeight() - 1 - inset;
        return switch (corner) {
            case "top-left" -> markAt(image, inset, inset);
            case "top-right" -> markAt(image, right, inset);
            case "bottom-left" -> markAt(image, inset, bottom);
            case "bottom-right" -> markAt(image, right, bottom);
            default -> throw new IllegalArgumentException(corner);
        };
    }

    // ---- planting metadata ----------------------------------------------------------------------

    /** The JPEG with an EXIF block written by commons-imaging: only an orientation. */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JPEG carrying everything a phone or an editor may leave in a photo: EXIF with a description, a GPS
     * position and a JPEG thumbnail (commons-imaging), IPTC by-line (commons-imaging), XMP with a GPS position,
     * an ICC profile whose copyright text is planted, and a comment.
     */
    static byte[] withEveryKindOfMetadata(byte[] jpeg) {
        try {
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory root = exif.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_IMAGE_DESCRIPTION, PLANTED + " at home");
            root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 1);
            exif.setGpsInDegrees(13.4050, 52.5200);
            TiffOutputDirectory thumbnailDirectory =
                    new TiffOutputDirectory(TiffDirectoryConstants.DIRECTORY_TYPE_DIR_1, exif.byteOrder);
            byte[] thumbnail = encode(picture(160, 120), "jpg");
            thumbnailDirectory.setJpegImageData(new JpegImageData(0, thumbnail.length, thumbnail));
            exif.addDirectory(thumbnailDirectory);
            ByteArrayOutputStream withExif = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg, withExif, exif);

            ByteArrayOutputStream withIptc = new ByteArrayOutputStream();
            new JpegIptcRewriter()
                    .writeIptc(
                            withExif.toByteArray(),
                            withIptc,
                            new PhotoshopApp13Data(
                                    List.of(new IptcRecord(IptcTypes.BYLINE, PLANTED + " photographer")), List.of()));

            return insertAfterSoi(
                    withIptc.toByteArray(),
                    xmpSegment(plantedXmp()),
                    segment(0xE2, iccProfileSegmentData(iccProfileWithCopyright(PLANTED + " colour lab"))),
                    segment(0xFE, ascii("Taken by " + PLANTED)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String plantedXmp() {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                + " exif:GPSLatitude=\"52,31.2N\" exif:GPSLongitude=\"13,24.3E\" dc:creator=\"" + PLANTED + "\"/>"
                + "</rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>";
    }

    static byte[] xmpSegment(String xmp) {
        return segment(0xE1, concat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp.getBytes(StandardCharsets.UTF_8)));
    }

    /** An sRGB ICC profile whose copyright tag carries {@code text}. */
    static byte[] iccProfileWithCopyright(String text) {
        ICC_Profile profile = ICC_Profile.getInstance(
                ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        byte[] textBytes = ascii(text + "\0");
        byte[] tag = ByteBuffer.allocate(8 + textBytes.length)
                .put(ascii("text"))
                .putInt(0)
                .put(textBytes)
                .array();
        profile.setData(ICC_Profile.icSigCopyrightTag, tag);
        return profile.getData();
    }

    /** An APP2 ICC_PROFILE segment's data holding the whole profile as chunk 1 of 1. */
    static byte[] iccProfileSegmentData(byte[] profile) {
        return concat(concat(ascii("ICC_PROFILE\0"), new byte[] {1, 1}), profile);
    }

    /** The JPEG with {@code segments} inserted right after its start-of-image marker. */
    static byte[] insertAfterSoi(byte[] jpeg, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (byte[] segment : segments) {
            out.writeBytes(segment);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    static byte[] segment(int marker, byte[] data) {
        int length = data.length + 2;
        assertThat(length).as("a JPEG segment holds at most 65535 bytes").isLessThanOrEqualTo(0xFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
        out.writeBytes(data);
        return out.toByteArray();
    }

    // ---- PNG building blocks --------------------------------------------------------------------

    static byte[] pngSignature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    static byte[] pngChunk(String type, byte[] data) {
        return ImageBytes.pngChunk(type, data);
    }

    /** An RGB, 8-bit PNG header chunk declaring {@code width x height}. */
    static byte[] ihdr(int width, int height) {
        return pngChunk(
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(width)
                        .putInt(height)
                        .put((byte) 8)
                        .put((byte) 2)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array());
    }

    /** A PNG of the given header, one IDAT chunk holding {@code idat} and the end chunk. */
    static byte[] png(byte[] ihdr, byte[] idat) {
        return concat(concat(concat(pngSignature(), ihdr), pngChunk("IDAT", idat)), pngChunk("IEND", new byte[0]));
    }

    /** {@code size} zero bytes compressed with zlib, without holding them: a ~1000:1 deflate ratio. */
    static byte[] deflatedZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 16];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            deflater.setInput(zeros, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** The types of a PNG's chunks, in order. */
    static List<String> pngChunkTypes(byte[] png) {
        return ImageBytes.pngChunkTypes(png);
    }

    /** The markers of a JPEG's segments up to its first scan (0xE0 for APP0, 0xC0 for a baseline frame...). */
    static List<Integer> jpegSegments(byte[] jpeg) {
        return ImageBytes.jpegSegments(jpeg);
    }

    /** The JPEG's bytes from its first scan to the end: the compressed picture itself. */
    static byte[] jpegScanData(byte[] jpeg) {
        int pos = 2;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            if ((jpeg[pos + 1] & 0xff) == 0xDA) {
                return Arrays.copyOfRange(jpeg, pos, jpeg.length);
            }
            pos += 2 + (((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff));
        }
        throw new AssertionError("no scan in the JPEG");
    }

    // ---- reading back, independently ------------------------------------------------------------

    /** XMP namespaces of the AI marker, written out here rather than taken from the code under test. */
    static final String IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

    static final String XMP_MM = "http://ns.adobe.com/xap/1.0/mm/";

    /** What metadata-extractor may find in a sanitised selfie: the JPEG's own structure, nothing about the photo. */
    static final Set<Class<? extends Directory>> STRUCTURE_ONLY =
            Set.of(JpegDirectory.class, JfifDirectory.class, HuffmanTablesDirectory.class, FileTypeDirectory.class);

    /** Every kind of metadata directory that would betray where, when, by whom or on what a photo was taken. */
    static final List<Class<? extends Directory>> PERSONAL = List.of(
            ExifIFD0Directory.class,
            ExifSubIFDDirectory.class,
            GpsDirectory.class,
            ExifThumbnailDirectory.class,
            ExifInteropDirectory.class,
            XmpDirectory.class,
            IptcDirectory.class,
            PhotoshopDirectory.class,
            IccDirectory.class,
            JpegCommentDirectory.class,
            JfxxDirectory.class);

    /**
     * A sanitised selfie read back with metadata-extractor: no EXIF, GPS, thumbnail, XMP, IPTC, ICC profile or
     * comment, a JFIF header without thumbnail, and none of the planted words anywhere in its bytes.
     */
    static void assertCarriesNoMetadata(byte[] jpeg) {
        List<Directory> found = directories(jpeg);
        for (Class<? extends Directory> kind : PERSONAL) {
            assertThat(found).as("no %s", kind.getSimpleName()).noneMatch(kind::isInstance);
        }
        assertThat(found).as("only structure").allMatch(d -> STRUCTURE_ONLY.contains(d.getClass()));
        for (Directory directory : found) {
            if (directory instanceof JfifDirectory jfif) {
                assertThat(jfif.getInteger(JfifDirectory.TAG_THUMB_WIDTH))
                        .as("JFIF thumbnail width")
                        .isIn(null, 0);
                assertThat(jfif.getInteger(JfifDirectory.TAG_THUMB_HEIGHT))
                        .as("JFIF thumbnail height")
                        .isIn(null, 0);
            }
        }
        assertThat(latin1(jpeg))
                .doesNotContain(PLANTED)
                .doesNotContain("Exif\0\0")
                .doesNotContain("ICC_PROFILE")
                .doesNotContain("http://ns.adobe.com/xap");
        assertThat(jpegSegments(jpeg))
                .as("segments: JFIF, tables, a baseline frame, a scan")
                .doesNotContain(
                        0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF, 0xFE);
    }

    /** Every metadata directory metadata-extractor finds in {@code image}. */
    static List<Directory> directories(byte[] image) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length);
            List<Directory> all = new ArrayList<>();
            metadata.getDirectories().forEach(all::add);
            return all;
        } catch (ImageProcessingException | IOException e) {
            throw new AssertionError("metadata-extractor cannot read the image", e);
        }
    }

    /** One XMP property of {@code image}, read with metadata-extractor's XMP directory (Adobe XMPCore). */
    static Optional<String> xmpProperty(byte[] image, String namespace, String name) {
        for (Directory directory : directories(image)) {
            if (directory instanceof XmpDirectory xmp) {
                XMPMeta meta = xmp.getXMPMeta();
                try {
                    String value = meta.getPropertyString(namespace, name);
                    if (value != null) {
                        return Optional.of(value);
                    }
                } catch (XMPException e) {
                    throw new AssertionError("unreadable XMP", e);
                }
            }
        }
        return Optional.empty();
    }

    // ---- outcomes -------------------------------------------------------------------------------

    /** What came out of an accepted outcome: its reported properties and its bytes (read twice, then closed). */
    record Out(String mediaType, int width, int height, byte[] bytes) {}

    static Out accepted(PhotoSanitizer.Outcome outcome) {
        assertThat(outcome).as("accepted, not %s", outcome).isInstanceOf(PhotoSanitizer.Outcome.Accepted.class);
        try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) outcome).image()) {
            byte[] bytes = readAll(clean.open());
            assertThat(readAll(clean.open())).as("opened a second time").isEqualTo(bytes);
            assertThat(clean.size()).isEqualTo(bytes.length);
            BufferedImage decoded = decode(bytes);
            assertThat(decoded.getWidth()).as("reported width").isEqualTo(clean.width());
            assertThat(decoded.getHeight()).as("reported height").isEqualTo(clean.height());
            return new Out(clean.mediaType(), clean.width(), clean.height(), bytes);
        }
    }

    /** The detail of a rejected outcome, after checking it is one a person can read. */
    static String rejected(PhotoSanitizer.Outcome outcome) {
        assertThat(outcome).as("rejected").isInstanceOf(PhotoSanitizer.Outcome.Rejected.class);
        var why = ((PhotoSanitizer.Outcome.Rejected) outcome).why();
        assertThat(why.reason()).isEqualTo(ai.kaptura.domain.shared.Rejection.Reason.INVALID_VALUE);
        assertThat(why.detail())
                .isNotBlank()
                .endsWith(".")
                .doesNotContain("Exception")
                .doesNotContain("at java.")
                .doesNotContain("/tmp")
                .doesNotContain("null");
        return why.detail();
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] ascii(String text) {
        return ImageBytes.ascii(text);
    }

    static String latin1(byte[] bytes) {
        return ImageBytes.latin1(bytes);
    }

    static byte[] concat(byte[] a, byte[] b) {
        return ImageBytes.concat(a, b);
    }
}
