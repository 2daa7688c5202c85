package ai.kaptura.adapter.storage;

import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.XMP_MM;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.accepted;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.assertCarriesNoMetadata;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.decode;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.directories;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.jpeg;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.latin1;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.markIn;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.rejected;
import static ai.kaptura.adapter.storage.ImageSanitizerFixtures.xmpProperty;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.ports.out.PhotoSanitizer;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEIC through libheif. These tests need {@code /usr/bin/heif-convert} and {@code /usr/bin/heif-enc}
 * (Debian package {@code libheif-examples}): they fail, not skip, without them, because HEIC is the iPhone
 * default and must be proven on every build. Each real HEIC is made here by heif-enc from a JPEG.
 */
class HeicTest {

    static final Path HEIF_CONVERT = Path.of("/usr/bin/heif-convert");
    static final Path HEIF_ENC = Path.of("/usr/bin/heif-enc");
    private static final int W = 720;
    private static final int H = 560;

    @TempDir
    Path work;

    @TempDir
    Path tempRoot;

    @BeforeAll
    static void libheifIsInstalled() {
        assertThat(Files.isExecutable(HEIF_CONVERT))
                .as("%s: apt-get install libheif-examples", HEIF_CONVERT)
                .isTrue();
        assertThat(Files.isExecutable(HEIF_ENC))
                .as("%s: apt-get install libheif-examples", HEIF_ENC)
                .isTrue();
    }

    private PhotoSanitizer sanitizer() {
        return new ImageSanitizer(Optional.of(HEIF_CONVERT), ImageSanitizer.HEIF_TIMEOUT, tempRoot);
    }

    @Test
    void a_heic_made_from_a720x560_jpeg_comes_out_upright_as_a_jpeg_with_nothing_else() throws IOException {
        byte[] heic = heifEnc(jpeg(W, H), "heic");
        assertThat(latin1(Arrays.copyOf(heic, 12)))
                .as("fixture: an ISO media file of brand heic")
                .endsWith("ftypheic");

        ImageSanitizerFixtures.Out out = accepted(sanitizer().sanitizeSelfie(new ByteArrayInputStream(heic)));

        assertThat(out.mediaType()).isEqualTo("image/jpeg");
        assertThat(out.width()).isEqualTo(W);
        assertThat(out.height()).isEqualTo(H);
        BufferedImage picture = decode(out.bytes());
        assertThat(markIn(picture, "top-left")).isEqualTo("red");
        assertThat(markIn(picture, "top-right")).isEqualTo("blue");
        assertThat(markIn(picture, "bottom-right")).isEqualTo("neither");
        assertCarriesNoMetadata(out.bytes());
        assertNoTemporaryFileLeft();
    }

    @Test
    void without_heif_convert_the_same_heic_is_refused_with_a_request_to_export_it_as_jpeg() throws IOException {
        byte[] heic = heifEnc(jpeg(W, H), "heic");

        String missing = rejected(new ImageSanitizer(Optional.empty()).sanitizeSelfie(new ByteArrayInputStream(heic)));
        String notThere = rejected(new ImageSanitizer(Optional.of(work.resolve("no-such-heif-convert")))
                .sanitizeSelfie(new ByteArrayInputStream(heic)));
        Path notExecutable = Files.writeString(work.resolve("heif-convert"), "not a program");
        String cannotRun =
                rejected(new ImageSanitizer(Optional.of(notExecutable)).sanitizeSelfie(new ByteArrayInputStream(heic)));

        assertThat(missing).contains("HEIC").contains("please export it as JPEG");
        assertThat(notThere).isEqualTo(missing);
        assertThat(cannotRun).isEqualTo(missing);
    }

    @Test
    void the_exif_and_gps_a_heic_carries_do_not_come_out_and_its_exif_orientation_is_not_applied_twice()
            throws IOException {
        // heif-enc copies the JPEG's EXIF into the HEIC: an orientation of 6 and a GPS position.
        byte[] heic = heifEnc(withOrientationAndGps(jpeg(W, H)), "heic");
        assertThat(directories(heic))
                .as("fixture")
                .anyMatch(GpsDirectory.class::isInstance)
                .anyMatch(ExifIFD0Directory.class::isInstance);

        ImageSanitizerFixtures.Out out = accepted(sanitizer().sanitizeSelfie(new ByteArrayInputStream(heic)));

        assertCarriesNoMetadata(out.bytes());
        // HEIF turns pictures with its irot/imir boxes, which libheif applies; a HEIF reader must ignore the EXIF
        // orientation (this file has no irot, so it shows as stored, as it does in every conforming viewer).
        assertThat(out.width()).isEqualTo(W);
        assertThat(markIn(decode(out.bytes()), "top-left")).isEqualTo("red");
    }

    @Test
    void an_avif_is_read_the_same_way() throws IOException {
        byte[] avif = heifEnc(jpeg(W, H), "avif");

        ImageSanitizerFixtures.Out out = accepted(sanitizer().sanitizeSelfie(new ByteArrayInputStream(avif)));

        assertThat(out.width()).isEqualTo(W);
        assertThat(markIn(decode(out.bytes()), "top-right")).isEqualTo("blue");
    }

    @Test
    void a_heic_holding_two_pictures_is_read_from_its_first() throws IOException {
        byte[] two = heifEnc(List.of(jpeg(W, H), jpeg(640, 640)), "heic");

        ImageSanitizerFixtures.Out out = accepted(sanitizer().sanitizeSelfie(new ByteArrayInputStream(two)));

        assertThat(out.width()).isEqualTo(W);
        assertNoTemporaryFileLeft();
    }

    @Test
    void a_heic_headshot_comes_out_as_a_marked_png() throws IOException {
        AiMarker marker = new AiMarker(UUID.randomUUID());

        ImageSanitizerFixtures.Out out =
                accepted(sanitizer().markHeadshot(new ByteArrayInputStream(heifEnc(jpeg(W, H), "heic")), marker));

        assertThat(out.mediaType()).isEqualTo("image/png");
        assertThat(xmpProperty(out.bytes(), XMP_MM, "DocumentID")).contains(marker.assetUrn());
    }

    @Test
    void a_heic_cut_in_half_is_refused_and_leaves_no_temporary_file() throws IOException {
        byte[] heic = heifEnc(jpeg(W, H), "heic");

        String says =
                rejected(sanitizer().sanitizeSelfie(new ByteArrayInputStream(Arrays.copyOf(heic, heic.length / 2))));

        assertThat(says).contains("could not be read");
        assertNoTemporaryFileLeft();
    }

    @Test
    void a_heic_declaring_a_huge_picture_is_refused_before_the_decoder_runs() throws IOException {
        Path ran = work.resolve("decoder-ran");
        Path decoder = script("heif-convert-probe", "touch '" + ran + "'\nexit 1\n");
        PhotoSanitizer probed = new ImageSanitizer(Optional.of(decoder), Duration.ofSeconds(10), tempRoot);
        byte[] heic = heifEnc(jpeg(W, H), "heic");
        byte[] bomb = declaring(heic, 60_000, 60_000);

        String says = rejected(probed.sanitizeSelfie(new ByteArrayInputStream(bomb)));

        assertThat(says)
                .isEqualTo(
                        "This photo is 60000×60000 pixels (3600 megapixels); please upload one of at most 40 megapixels.");
        assertThat(ran).as("the decoder was never started").doesNotExist();
        // the probe does run for an honest file, so its silence above means something
        rejected(probed.sanitizeSelfie(new ByteArrayInputStream(heic)));
        assertThat(ran).exists();
    }

    @Test
    void a_decoder_that_hangs_is_stopped_at_the_time_limit_and_its_files_are_deleted() throws IOException {
        Path decoder = script("heif-convert-hangs", "exec sleep 60\n");
        PhotoSanitizer impatient = new ImageSanitizer(Optional.of(decoder), Duration.ofSeconds(1), tempRoot);
        byte[] heic = heifEnc(jpeg(W, H), "heic");

        long start = System.nanoTime();
        String says = rejected(impatient.sanitizeSelfie(new ByteArrayInputStream(heic)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(says).contains("took too long").contains("export it as JPEG");
        assertThat(tookMillis).isBetween(900L, 8_000L);
        assertNoTemporaryFileLeft();
    }

    @Test
    void the_decoder_runs_without_the_servers_environment() throws IOException {
        Path seen = work.resolve("environment.txt");
        Path decoder = script("heif-convert-env", "env > '" + seen + "'\nexit 1\n");
        assertThat(System.getenv())
                .as("the test's own environment has variables to leak")
                .isNotEmpty();

        rejected(new ImageSanitizer(Optional.of(decoder), Duration.ofSeconds(10), tempRoot)
                .sanitizeSelfie(new ByteArrayInputStream(heifEnc(jpeg(W, H), "heic"))));

        List<String> names = Files.readAllLines(seen).stream()
                .map(line -> line.split("=", 2)[0])
                .toList();
        // the shell running the stand-in sets its own working-directory variables; nothing else may be there
        assertThat(names).as("variables the decoder saw").isSubsetOf(List.of("PWD", "OLDPWD", "SHLVL", "_"));
    }

    // ---- the converter held in: time, CPU, memory, concurrency ---------------------------------------

    @Test
    void prlimit_is_installed_so_the_converter_runs_under_memory_and_cpu_limits() {
        assertThat(HeicDecoder.SYSTEM_PRLIMIT)
                .as("/usr/bin/prlimit: apt-get install util-linux")
                .isPresent();
    }

    @Test
    void heif_convert_is_started_under_prlimit_with_the_configured_address_space_and_cpu_seconds() {
        HeicDecoder decoder = new HeicDecoder(
                Optional.of(HEIF_CONVERT),
                HeicDecoder.Limits.of(Duration.ofMillis(12_500), 512L * 1024 * 1024),
                tempRoot);

        List<String> command = decoder.command(HEIF_CONVERT, Path.of("in.heic"), Path.of("out.jpg"));

        assertThat(command)
                .containsExactly(
                        HeicDecoder.SYSTEM_PRLIMIT.orElseThrow().toString(),
                        "--as=536870912",
                        "--cpu=13",
                        "--",
                        HEIF_CONVERT.toString(),
                        "-q",
                        "95",
                        "in.heic",
                        "out.jpg");
    }

    @Test
    void a_converter_that_hangs_is_killed_at_the_time_limit_and_the_photo_refused() throws IOException {
        Path pid = work.resolve("pid");
        Path decoder = script("heif-convert-hangs-with-pid", "echo $$ > '" + pid + "'\nexec sleep 60\n");
        PhotoSanitizer impatient = new ImageSanitizer(Optional.of(decoder), Duration.ofSeconds(1), tempRoot);

        String says = rejected(impatient.sanitizeSelfie(new ByteArrayInputStream(heifEnc(jpeg(W, H), "heic"))));

        assertThat(says).isEqualTo(HeicDecoder.TOO_SLOW);
        long converter = Long.parseLong(Files.readString(pid).strip());
        assertThat(ProcessHandle.of(converter).map(ProcessHandle::isAlive))
                .as("the converter's process")
                .isNotEqualTo(Optional.of(true));
        assertNoTemporaryFileLeft();
    }

    @Test
    void a_converter_past_its_cpu_seconds_is_stopped_by_the_kernel_and_the_photo_refused() throws IOException {
        Path decoder = script("heif-convert-spins", "while :; do :; done\n");
        HeicDecoder.Limits oneCpuSecond = new HeicDecoder.Limits(
                Duration.ofSeconds(60), HeicDecoder.Limits.DEFAULT_ADDRESS_SPACE, 1, HeicDecoder.SYSTEM_PRLIMIT);
        PhotoSanitizer spinning = new ImageSanitizer(
                Optional.of(decoder), new DecodeGate(1, Duration.ofSeconds(60)), oneCpuSecond, tempRoot);

        String says = rejected(spinning.sanitizeSelfie(new ByteArrayInputStream(heifEnc(jpeg(W, H), "heic"))));

        assertThat(says)
                .as("stopped by its CPU limit, not by the 60-second clock")
                .isEqualTo(HeicDecoder.TOO_HEAVY);
        assertNoTemporaryFileLeft();
    }

    @Test
    void a_converter_cannot_allocate_past_its_address_space() throws IOException {
        Path said = work.resolve("allocation");
        Path decoder = script(
                "heif-convert-allocates",
                "if dd if=/dev/zero of=/dev/null bs=256M count=1 2>/dev/null; " + "then echo allocated > '" + said
                        + "'; else echo refused > '" + said + "'; fi\nexit 1\n");
        byte[] heic = heifEnc(jpeg(W, H), "heic");

        rejected(new ImageSanitizer(
                        Optional.of(decoder),
                        new DecodeGate(1, Duration.ofSeconds(60)),
                        HeicDecoder.Limits.of(Duration.ofSeconds(30), 64L * 1024 * 1024),
                        tempRoot)
                .sanitizeSelfie(new ByteArrayInputStream(heic)));
        String under64Mb = Files.readString(said).strip();
        rejected(new ImageSanitizer(
                        Optional.of(decoder),
                        new DecodeGate(1, Duration.ofSeconds(60)),
                        HeicDecoder.Limits.of(Duration.ofSeconds(30), 1L << 30),
                        tempRoot)
                .sanitizeSelfie(new ByteArrayInputStream(heic)));
        String under1Gb = Files.readString(said).strip();

        assertThat(under64Mb).as("256 MB under a 64 MB address space").isEqualTo("refused");
        assertThat(under1Gb).as("256 MB under a 1 GB address space").isEqualTo("allocated");
    }

    @Test
    void a_real_heic_still_converts_under_the_default_limits() throws IOException {
        StorageAdapter.Decoding decoding =
                StorageAdapter.decoding(Optional.of(HEIF_CONVERT), StorageAdapter.DecodeLimits.defaults());

        ImageSanitizerFixtures.Out out =
                accepted(decoding.sanitizer().sanitizeSelfie(new ByteArrayInputStream(heifEnc(jpeg(W, H), "heic"))));

        assertThat(out.width()).isEqualTo(W);
        assertThat(decoding.load().mostInFlight()).isEqualTo(1);
    }

    @Test
    void converters_run_inside_the_decode_gate_one_at_a_time_with_one_permit() throws Exception {
        assertThat(convertersSeenTogether(1)).as("with one permit").containsOnly(1);
        assertThat(convertersSeenTogether(2))
                .as("with two permits the same converters do meet")
                .containsOnly(2);
    }

    /**
     * Two HEIC uploads at once through a gate of {@code permits}; each stand-in converter waits up to 2 s for another
     * to be running too, and says how many it saw.
     */
    private List<Integer> convertersSeenTogether(int permits) throws Exception {
        Path running = Files.createDirectories(work.resolve("running-" + permits));
        Path seen = work.resolve("seen-" + permits);
        Path decoder = script(
                "heif-convert-meets-" + permits,
                "touch '" + running + "/'$$\n"
                        + "n=1\nfor i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do\n"
                        + "  n=$(ls '" + running + "' | wc -l)\n  [ \"$n\" -ge 2 ] && break\n  sleep 0.1\ndone\n"
                        + "echo $n >> '" + seen + "'\nsleep 0.2\nrm '" + running + "/'$$\nexit 1\n");
        DecodeGate gate = new DecodeGate(permits, Duration.ofSeconds(60));
        PhotoSanitizer sanitizer = new ImageSanitizer(
                Optional.of(decoder),
                gate,
                HeicDecoder.Limits.of(Duration.ofSeconds(30), HeicDecoder.Limits.DEFAULT_ADDRESS_SPACE),
                tempRoot);
        byte[] heic = heifEnc(jpeg(W, H), "heic");
        try (java.util.concurrent.ExecutorService callers =
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<PhotoSanitizer.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                outcomes.add(callers.submit(() -> sanitizer.sanitizeSelfie(new ByteArrayInputStream(heic))));
            }
            for (java.util.concurrent.Future<PhotoSanitizer.Outcome> outcome : outcomes) {
                rejected(outcome.get(60, TimeUnit.SECONDS));
            }
        }
        assertThat(gate.mostInFlight()).isEqualTo(permits);
        return Files.readAllLines(seen).stream()
                .map(String::strip)
                .map(Integer::valueOf)
                .toList();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void assertNoTemporaryFileLeft() throws IOException {
        try (Stream<Path> left = Files.list(tempRoot)) {
            assertThat(left.toList()).as("left in the temporary directory").isEmpty();
        }
    }

    private byte[] heifEnc(byte[] jpeg, String suffix) throws IOException {
        return heifEnc(List.of(jpeg), suffix);
    }

    /** A real HEIC (or AVIF) made by heif-enc from the JPEGs given, one top-level image each. */
    private byte[] heifEnc(List<byte[]> jpegs, String suffix) throws IOException {
        List<String> command = new ArrayList<>(List.of(HEIF_ENC.toString(), "-q", "60"));
        for (int i = 0; i < jpegs.size(); i++) {
            Path source = Files.write(work.resolve("source-" + UUID.randomUUID() + ".jpg"), jpegs.get(i));
            command.add(source.toString());
        }
        Path output = work.resolve("made-" + UUID.randomUUID() + "." + suffix);
        command.addAll(List.of("-o", output.toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("heif-enc finished")
                    .isTrue();
            assertThat(process.exitValue()).as("heif-enc exit status").isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return Files.readAllBytes(output);
    }

    private static byte[] withOrientationAndGps(byte[] jpeg) throws IOException {
        TiffOutputSet exif = new TiffOutputSet();
        exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
        exif.setGpsInDegrees(13.4050, 52.5200);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
        return out.toByteArray();
    }

    /** The HEIF with every image spatial extents property ({@code ispe}) rewritten to declare another size. */
    private static byte[] declaring(byte[] heif, int width, int height) {
        byte[] patched = heif.clone();
        byte[] ispe = "ispe".getBytes(StandardCharsets.ISO_8859_1);
        int found = 0;
        for (int i = 0; i + 16 <= patched.length; i++) {
            if (Arrays.equals(patched, i, i + 4, ispe, 0, 4)) {
                ByteBuffer.wrap(patched, i + 8, 8).putInt(width).putInt(height);
                found++;
            }
        }
        assertThat(found).as("ispe boxes in the fixture").isPositive();
        return patched;
    }

    /** An executable shell script standing in for heif-convert (the sanitiser runs it directly, as a program). */
    private Path script(String name, String body) throws IOException {
        Path script = Files.writeString(work.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
