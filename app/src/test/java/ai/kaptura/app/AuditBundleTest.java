package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaptura audit bundle FILE} and {@code kaptura audit verify --bundle FILE}: the auditor's offline copy of the log
 * verifies against its signed checkpoints with no database at all, and an edited or shortened copy fails (R46, R50).
 */
@Tag("R50")
@Tag("R46")
class AuditBundleTest {

    private static final int ENTRIES = 6;

    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Map<String, String> env;
    private Path bundle;

    @BeforeEach
    void logAnchorAndBundle() {
        env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());
        AuditedNode.logAndAnchor(env, ENTRIES);
        bundle = elsewhere.resolve("kaptura-audit.zip");
        assertThat(run("audit", "bundle", bundle.toString())).isZero();
        assertThat(printed()).contains(ENTRIES + " audit entries, 1 signed checkpoints");
        out.reset();
    }

    @Test
    void the_bundle_verifies_without_the_database() throws IOException {
        deleteRecursively(dataDir); // nothing of the node is left: only the bundle

        assertThat(run("audit", "verify", "--bundle", bundle.toString())).isZero();
        assertThat(printed()).contains("intact: " + ENTRIES + " entries").contains("latest at entry " + ENTRIES);
    }

    @Test
    void the_bundle_holds_the_rules_where_kept_and_tested_the_record_the_schedule_the_requests_and_the_counts()
            throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
            java.util.function.Function<String, String> part = name -> {
                java.util.zip.ZipEntry entry = zip.getEntry(name);
                assertThat(entry).as("the bundle's part " + name).isNotNull();
                try {
                    return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            assertThat(part.apply("rules.tsv"))
                    .contains("R50\t")
                    .contains("ai.kaptura.application.operator.OperatorDeskService")
                    .contains("OperatorDeskTest");
            assertThat(part.apply("record-of-processing.txt")).isNotBlank();
            assertThat(part.apply("retention-schedule.txt")).startsWith("Retention schedule");
            assertThat(part.apply("requests.tsv")).startsWith("id\tkind\tchannel\treceived_at\tdue_on");
            assertThat(part.apply("consent-counts.tsv")).startsWith("notice_version\tpurpose\tdecision");
            assertThat(part.apply("deletion-evidence-counts.tsv")).startsWith("category\tlocation\treason");
            assertThat(part.apply("README.txt")).contains("kaptura audit verify --bundle");
        }
    }

    @Test
    void an_edited_entry_in_the_bundle_fails_where_it_was_edited() throws IOException {
        rewriteLog(lines -> {
            List<String> edited = new ArrayList<>(lines);
            String[] words = edited.get(2).split(" ");
            String canonical = new String(java.util.Base64.getDecoder().decode(words[4]), StandardCharsets.UTF_8);
            // The last field is the "count" detail, 3 in entry 3: someone makes it 9 (the sequence, also 3, stays).
            int count = canonical.lastIndexOf("1:3\n");
            String forged = canonical.substring(0, count) + "1:9\n" + canonical.substring(count + 4);
            words[4] = java.util.Base64.getEncoder().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            edited.set(2, String.join(" ", words));
            return edited;
        });

        assertThat(run("audit", "verify", "--bundle", bundle.toString())).isEqualTo(1);
        assertThat(printed()).contains("fails at entry 3").contains("does not match its hash");
    }

    @Test
    void a_bundle_whose_last_entries_were_cut_fails_against_its_checkpoint() throws IOException {
        rewriteLog(lines -> lines.subList(0, 4));

        assertThat(run("audit", "verify", "--bundle", bundle.toString())).isEqualTo(1);
        assertThat(printed()).contains("fails at entry 5").contains("cut");
    }

    @Test
    void a_file_that_is_no_bundle_is_named_and_nothing_is_verified() throws IOException {
        Path junk = Files.writeString(elsewhere.resolve("junk.zip"), "not a zip");

        assertThat(run("audit", "verify", "--bundle", junk.toString())).isEqualTo(2);
        assertThat(printed()).contains("nothing verified");
    }

    /** Rewrites the bundle's log as someone holding the file could, keeping its other parts. */
    private void rewriteLog(UnaryOperator<List<String>> change) throws IOException {
        Path rewritten = elsewhere.resolve("rewritten.zip");
        try (ZipFile zip = new ZipFile(bundle.toFile());
                OutputStream file = Files.newOutputStream(rewritten);
                ZipOutputStream copy = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = in.readAllBytes();
                }
                if (entry.getName().equals(AuditBundle.LOG)) {
                    List<String> lines = List.of(new String(content, StandardCharsets.UTF_8).split("\n"));
                    content = (String.join("\n", change.apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8);
                }
                copy.putNextEntry(new ZipEntry(entry.getName()));
                copy.write(content);
            }
        }
        Files.move(rewritten, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private int run(String... args) {
        out.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Main.run(args, env, print, print);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
