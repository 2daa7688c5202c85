package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

    @TempDir
    Path dataDir;

    private final CommandLine cli = new CommandLine();

    @Test
    void migrate_brings_the_embedded_database_up_to_date_and_is_idempotent() {
        Map<String, String> env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());

        assertThat(cli.run(env, "migrate")).isZero();
        assertThat(cli.out())
                .as("every migration, however many there are by now")
                .containsPattern("up to date \\([1-9]\\d* migrations applied now\\)");
        assertThat(cli.run(env, "migrate")).isZero();
        assertThat(cli.out()).contains("(0 migrations applied now)");
    }

    @Test
    void a_wrong_database_url_is_reported_by_its_variable_name_without_echoing_it() {
        int code = cli.run(Map.of("KAPTURA_DATABASE_URL", "mysql://root:hunter2@db/kaptura"), "migrate");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).contains("KAPTURA_DATABASE_URL").doesNotContain("hunter2");
    }

    @Test
    void an_unknown_command_says_what_exists() {
        assertThat(cli.run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(cli.err()).contains("migrate");
    }

    /** A policy version in the directory layout of {@link PolicyFiles}, effective at {@code effectiveAt}. */
    private Path policy(String version, String effectiveAt, boolean material, String... skip) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("policy-" + version));
        Files.writeString(
                dir.resolve("policy.properties"),
                "version=" + version + "\neffective-at=" + effectiveAt + "\nmaterial-for-biometrics=" + material
                        + "\nsummary=Selfies now also train a second model for lighting\n");
        for (String notice :
                List.of("biometric-processing", "vendor-disclosure", "adult-attestation", "privacy-policy")) {
            if (!List.of(skip).contains(notice)) {
                Files.writeString(
                        dir.resolve(notice + ".en.txt"), "The " + notice + " notice of version " + version + ".\n");
            }
        }
        return dir;
    }

    @Test
    @Tag("R6")
    @Tag("R9")
    void publish_policy_publishes_a_future_version_once_and_audits_it() throws IOException {
        Map<String, String> env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());
        Path dir = policy("2027-01", Instant.now().plus(Duration.ofDays(14)).toString(), true);

        assertThat(cli.run(env, "publish-policy", dir.toString())).isZero();
        assertThat(cli.out()).contains("policy version 2027-01 published").contains("material for biometrics");

        assertThat(cli.run(env, "publish-policy", dir.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("nothing published").contains("already published");
        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            assertThat(db.policyVersions().history().versions())
                    .singleElement()
                    .satisfies(v -> assertThat(v.version().value()).isEqualTo("2027-01"));
            assertThat(db.auditLog().read(1, 100))
                    .anySatisfy(e -> assertThat(e.event().action())
                            .isEqualTo(ai.kaptura.domain.audit.AuditAction.POLICY_PUBLISHED));
        }
    }

    @Test
    @Tag("R6")
    void publish_policy_refuses_a_past_date_a_missing_notice_and_an_unknown_file_saying_which() throws IOException {
        Map<String, String> env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());

        assertThat(cli.run(
                        env,
                        "publish-policy",
                        policy("past", "2020-01-01T00:00:00Z", false).toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("would take effect in the past");

        Path incomplete = policy("gap", Instant.now().plus(Duration.ofDays(3)).toString(), false, "vendor-disclosure");
        assertThat(cli.run(env, "publish-policy", incomplete.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("lacks notices [VENDOR_DISCLOSURE]");

        Path stray = policy("stray", Instant.now().plus(Duration.ofDays(3)).toString(), false);
        Files.writeString(stray.resolve("notes.txt"), "draft");
        assertThat(cli.run(env, "publish-policy", stray.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("notes.txt: not a notice file");

        assertThat(cli.run(env, "publish-policy")).isEqualTo(2);
        assertThat(cli.err()).contains("usage: kaptura publish-policy <directory>");
        try (PersistenceAdapter db = PersistenceAdapter.open(null, null, null, dataDir)) {
            db.migrate();
            assertThat(db.policyVersions().history().versions())
                    .as("nothing was published")
                    .isEmpty();
        }
    }

    /** Each broken piece of a policy directory is refused, named, and nothing is published. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no properties file      | policy.properties |                                   | policy.properties is missing",
                "an unknown key          | policy.properties | color=blue                        | unknown key 'color'",
                "material not a boolean  | policy.properties | material-for-biometrics=yes       | must be true or false, not 'yes'",
                "a date, not an instant  | policy.properties | effective-at=2027-01-15           | effective-at must be an instant",
                "a version with a space  | policy.properties | version=Jan 2027                  | notice version",
                "a notice not in UTF-8   | privacy-policy.en.txt | \\xff\\xfe                     | privacy-policy.en.txt is not UTF-8 text",
                "a language that is none | privacy-policy.e.txt  | text                          | privacy-policy.e.txt: not a notice file"
            })
    @Tag("R6")
    void publish_policy_names_what_is_wrong_with_the_directory(String what, String file, String content, String said)
            throws IOException {
        Map<String, String> env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());
        Path dir = policy("broken", Instant.now().plus(Duration.ofDays(3)).toString(), false);
        Path target = dir.resolve(file);
        if (content == null) {
            Files.delete(target);
        } else if (content.startsWith("\\x")) {
            Files.write(target, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        } else if (file.equals(PolicyFiles.PROPERTIES)) {
            String key = content.substring(0, content.indexOf('='));
            List<String> lines = Files.readAllLines(target).stream()
                    .filter(l -> !l.startsWith(key + "="))
                    .toList();
            Files.write(
                    target,
                    java.util.stream.Stream.concat(lines.stream(), java.util.stream.Stream.of(content))
                            .toList());
        } else {
            Files.writeString(target, content);
        }

        assertThat(cli.run(env, "publish-policy", dir.toString())).as(what).isEqualTo(2);
        assertThat(cli.err()).contains("nothing published").contains(said);
        assertThat(cli.run(env, "publish-policy", dataDir.resolve("no-such-dir").toString()))
                .isEqualTo(2);
        assertThat(cli.err()).contains("is not a directory");
    }
}
