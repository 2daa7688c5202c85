package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image operators deploy, read from the tarball {@code ./kaptura image} writes (an OCI layout): its
 * entrypoint, user, port, environment and layers, down to the files in each layer. Tagged {@code image}: it
 * needs that tarball, which only {@code ./kaptura image} builds (root, debootstrap), so {@code ./kaptura test}
 * leaves it out and {@code .ci/run} runs it after building the image. The tarball is
 * {@code -Dkaptura.image.tar=...}, else {@code app/target/kaptura-image.tar}; without it the test fails,
 * naming the command that makes it.
 */
@Tag("image")
class ContainerImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every entry of the image tarball, by name. */
    private static Map<String, byte[]> image;

    private static JsonNode manifest;
    private static JsonNode config;

    @BeforeAll
    static void read_the_tarball() throws IOException {
        Path tar = Path.of(System.getProperty("kaptura.image.tar", "target/kaptura-image.tar"));
        assertThat(tar)
                .as("the image tarball; build it first with ./kaptura image (or give -Dkaptura.image.tar=...)")
                .isRegularFile();
        try (InputStream in = Files.newInputStream(tar)) {
            image = Tar.read(in, name -> true);
        }
        JsonNode index = JSON.readTree(image.get("index.json"));
        manifest = JSON.readTree(
                blob(index.path("manifests").path(0).path("digest").asText()));
        config = JSON.readTree(blob(manifest.path("config").path("digest").asText()));
    }

    @Test
    void the_entrypoint_runs_the_server_with_the_flags_of_kaptura_serve_and_the_start_up_cache() throws IOException {
        List<String> entrypoint = strings(config.path("config").path("Entrypoint"));

        assertThat(entrypoint)
                .containsExactly(
                        "/opt/java/openjdk/bin/java",
                        "-XX:AOTCache=/app/aot/kaptura.aot",
                        "-Xlog:aot=off",
                        "-Xlog:cds=off",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-Djava.awt.headless=true",
                        "-cp",
                        "@/app/jib-classpath-file",
                        "ai.kaptura.app.Main",
                        "serve");
        // The flags ./kaptura serve starts java with (its exec line), but for where the cache is.
        String script = Files.readString(Path.of("..", "kaptura"));
        Matcher serve = Pattern.compile("exec java \"\\$aot_flag\" ([^\\n]*) \\\\\\n\\s*-cp")
                .matcher(script);
        assertThat(serve.find()).as("the java line of ./kaptura serve").isTrue();
        assertThat(entrypoint).containsAll(List.of(serve.group(1).trim().split("\\s+")));
        assertThat(config.path("config").path("Cmd").isMissingNode()
                        || config.path("config").path("Cmd").isNull())
                .as("no default arguments after serve")
                .isTrue();
    }

    @Test
    void the_server_runs_as_an_unprivileged_user_with_its_data_on_a_volume() throws IOException {
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("10001:10001");
        assertThat(c.path("Volumes").has("/var/lib/kaptura")).isTrue();
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/var/lib/kaptura");

        Map<String, byte[]> base = layerFiles(0, name -> name.equals("etc/passwd") || name.equals("etc/group"));
        assertThat(new String(base.get("etc/passwd"), StandardCharsets.UTF_8))
                .contains("kaptura:x:10001:10001:Kaptura:/var/lib/kaptura:/usr/sbin/nologin");
        assertThat(new String(base.get("etc/group"), StandardCharsets.UTF_8)).contains("kaptura:x:10001:");
        Tar.Entry dataDir = layerEntries(0).get("var/lib/kaptura/");
        assertThat(dataDir).as("/var/lib/kaptura in the base layer").isNotNull();
        assertThat(dataDir.uid()).isEqualTo(10001);
        assertThat(dataDir.gid()).isEqualTo(10001);
        assertThat(dataDir.mode() & 0777).isEqualTo(0700);
    }

    @Test
    void the_port_and_the_configuration_are_the_environment_variables_of_kaptura_serve() {
        JsonNode c = config.path("config");
        assertThat(names(c.path("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(strings(c.path("Env")))
                .contains(
                        "KAPTURA_PORT=8080",
                        "KAPTURA_DATA_DIR=/var/lib/kaptura",
                        "KAPTURA_HEIF_CONVERT=/usr/bin/heif-convert",
                        "JAVA_HOME=/opt/java/openjdk")
                .as("no secret is baked into the image")
                .noneMatch(e -> e.startsWith("KAPTURA_MASTER_KEY")
                        || e.startsWith("KAPTURA_CALLBACK_SECRET")
                        || e.startsWith("KAPTURA_AUDIT_KEY"));
        JsonNode labels = c.path("Labels");
        assertThat(labels.path("ai.kaptura.health.ready").asText()).isEqualTo("/health/ready");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Kaptura");
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void the_layers_are_debian_then_temurin_25_then_the_app_and_its_start_up_cache() throws IOException {
        JsonNode layers = manifest.path("layers");
        assertThat(layers.size()).isGreaterThanOrEqualTo(5);
        assertThat(config.path("rootfs").path("diff_ids").size()).isEqualTo(layers.size());
        for (JsonNode layer : layers) {
            byte[] blob = blob(layer.path("digest").asText());
            assertThat(blob.length).isEqualTo(layer.path("size").asLong());
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        }

        // 0: Debian's minimal root filesystem, with libheif's converter for HEIC uploads.
        Map<String, Tar.Entry> debian = layerEntries(0);
        assertThat(debian).containsKeys("usr/bin/heif-convert", "usr/bin/prlimit", "etc/debian_version");
        assertThat(new String(
                        layerFiles(0, "etc/debian_version"::equals).get("etc/debian_version"), StandardCharsets.UTF_8))
                .startsWith("12.");
        assertThat(debian.keySet()).noneMatch(name -> name.startsWith("opt/java/") || name.startsWith("app/"));

        // 1: the Java runtime, Temurin 25 trimmed by jlink.
        String release = new String(
                layerFiles(1, "opt/java/openjdk/release"::equals).get("opt/java/openjdk/release"),
                StandardCharsets.UTF_8);
        assertThat(release).contains("IMPLEMENTOR=\"Eclipse Adoptium\"").containsPattern("JAVA_VERSION=\"25[.\"]");
        assertThat(release).contains("java.se").contains("jdk.unsupported").contains("jdk.httpserver");
        assertThat(layerEntries(1)).containsKey("opt/java/openjdk/bin/java");

        // The rest: Jib's layers of the app (libraries, the app's jar, the class path) and the start-up cache.
        Map<String, Tar.Entry> app = new LinkedHashMap<>();
        for (int i = 2; i < layers.size(); i++) {
            app.putAll(layerEntries(i));
        }
        assertThat(app).containsKeys("app/jib-classpath-file", "app/aot/kaptura.aot");
        assertThat(app.keySet())
                .anyMatch(name -> name.matches("app/classpath/app-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("app/libs/adapter-http-[^/]+\\.jar"))
                .anyMatch(name -> name.matches("app/libs/logback-classic-[^/]+\\.jar"));
        assertThat(app.get("app/aot/kaptura.aot").size())
                .as("a trained cache, not an empty file")
                .isGreaterThan(1_000_000);
        // The cache matches only jars with the times it was trained on: every app file has Jib's fixed time.
        assertThat(app.values())
                .filteredOn(e -> e.name().endsWith(".jar"))
                .isNotEmpty()
                .allMatch(e -> e.mtime() == 1);
    }

    @Test
    void the_bill_of_materials_beside_the_tarball_names_every_library_in_the_image() throws IOException {
        Path tar = Path.of(System.getProperty("kaptura.image.tar", "target/kaptura-image.tar"));
        Path bom = tar.resolveSibling(tar.getFileName().toString().replaceFirst("\\.tar$", "") + ".bom.json");
        assertThat(bom)
                .as("./kaptura image writes the bill of materials beside the tarball")
                .isRegularFile();
        JsonNode sbom = JSON.readTree(bom.toFile());
        assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        Set<String> components = new HashSet<>();
        for (JsonNode c : sbom.path("components")) {
            components.add(c.path("name").asText() + "-" + c.path("version").asText() + ".jar");
        }
        List<String> libraries = new ArrayList<>();
        JsonNode layers = manifest.path("layers");
        for (int i = 2; i < layers.size(); i++) {
            layerEntries(i).keySet().stream()
                    .filter(name -> name.startsWith("app/libs/") && name.endsWith(".jar"))
                    .map(name -> name.substring("app/libs/".length()))
                    .forEach(libraries::add);
        }
        assertThat(libraries).hasSizeGreaterThan(50);
        assertThat(libraries)
                .as("every library the image ships is a component of the bill of materials")
                .allMatch(components::contains);
    }

    private static byte[] blob(String digest) {
        byte[] blob = image.get("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat(blob).as("blob " + digest).isNotNull();
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
            assertThat("sha256:" + HexFormat.of().formatHex(sha))
                    .as("content of " + digest)
                    .isEqualTo(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return blob;
    }

    private static byte[] layer(int index) {
        return blob(manifest.path("layers").path(index).path("digest").asText());
    }

    private static Map<String, Tar.Entry> layerEntries(int index) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer(index)))) {
            return Tar.entries(in);
        }
    }

    private static Map<String, byte[]> layerFiles(int index, Predicate<String> wanted) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(layer(index)))) {
            return Tar.read(in, wanted);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Just enough of the tar format (ustar, with PAX and GNU long names) to read an image and its layers. */
    static final class Tar {

        record Entry(String name, long size, int mode, int uid, int gid, long mtime, char type) {}

        private Tar() {}

        static Map<String, Entry> entries(InputStream in) throws IOException {
            Map<String, Entry> out = new LinkedHashMap<>();
            walk(in, (entry, body) -> out.put(entry.name(), entry), name -> false);
            return out;
        }

        static Map<String, byte[]> read(InputStream in, Predicate<String> wanted) throws IOException {
            Map<String, byte[]> out = new LinkedHashMap<>();
            walk(in, (entry, body) -> out.put(entry.name(), body), wanted);
            return out;
        }

        interface Visitor {
            void visit(Entry entry, byte[] body);
        }

        private static void walk(InputStream in, Visitor visitor, Predicate<String> wanted) throws IOException {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty() && header[257] == 'u') {
                    name = prefix + "/" + name;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                boolean keep = type == 'x' || type == 'L';
                String finalName = longName != null ? longName : name;
                boolean wantedBody = keep || (type != '5' && wanted.test(strip(finalName)));
                byte[] body = wantedBody ? in.readNBytes((int) size) : null;
                if (!wantedBody) {
                    in.skipNBytes(size);
                }
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'L') {
                    longName = new String(body, StandardCharsets.UTF_8).replace("\0", "");
                } else if (type == 'x') {
                    String path = paxPath(body);
                    if (path != null) {
                        longName = path;
                    }
                } else if (type != 'g') {
                    Entry entry = new Entry(
                            strip(finalName) + (type == '5' && !finalName.endsWith("/") ? "/" : ""),
                            size,
                            (int) octal(header, 100, 8),
                            (int) octal(header, 108, 8),
                            (int) octal(header, 116, 8),
                            octal(header, 136, 12),
                            type);
                    visitor.visit(entry, body == null ? new byte[0] : body);
                    longName = null;
                }
            }
        }

        private static String strip(String name) {
            String n = name.startsWith("./") ? name.substring(2) : name;
            return n.startsWith("/") ? n.substring(1) : n;
        }

        private static String paxPath(byte[] body) {
            for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
                int space = record.indexOf(' ');
                if (space > 0 && record.startsWith("path=", space + 1)) {
                    return record.substring(space + 1 + "path=".length());
                }
            }
            return null;
        }

        private static String text(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] header, int offset, int length) {
            String s = text(header, offset, length).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        }
    }
}
