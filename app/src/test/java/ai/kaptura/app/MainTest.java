package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void migrate_brings_the_embedded_database_up_to_date_and_is_idempotent() {
        Map<String, String> env = Map.of("KAPTURA_DATA_DIR", dataDir.toString());

        assertThat(run(env, "migrate")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("up to date (5 migrations applied now)");
        assertThat(run(env, "migrate")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(0 migrations applied now)");
    }

    @Test
    void a_wrong_database_url_is_reported_by_its_variable_name_without_echoing_it() {
        int code = run(Map.of("KAPTURA_DATABASE_URL", "mysql://root:hunter2@db/kaptura"), "migrate");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("KAPTURA_DATABASE_URL").doesNotContain("hunter2");
    }

    @Test
    void an_unknown_command_says_what_exists() {
        assertThat(run(Map.of(), "frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("migrate");
    }
}
