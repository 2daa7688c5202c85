package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PostgreSQL keeps what it acknowledged: Kaptura refuses a server that would not, and turns asynchronous commit off. */
class PostgresDurabilityTest {

    @Test
    void the_test_server_keeps_commits_and_kapturas_sessions_commit_synchronously() {
        try (Database db = Database.open(
                Optional.of(TestDatabases.postgresUrl()),
                TestDatabases.postgresUser(),
                Optional.empty(),
                Path.of("target"),
                Optional.empty(),
                1)) {
            assertThat(setting(db, "fsync")).isEqualTo("on");
            assertThat(setting(db, "synchronous_commit")).isNotEqualTo("off");
        }
    }

    @Test
    void a_session_that_starts_with_asynchronous_commit_is_turned_synchronous() {
        String url = TestDatabases.postgresUrl() + (TestDatabases.postgresUrl().contains("?") ? "&" : "?")
                + "options=-c%20synchronous_commit%3Doff";
        try (Database db = Database.open(
                Optional.of(url),
                TestDatabases.postgresUser(),
                Optional.empty(),
                Path.of("target"),
                Optional.empty(),
                2)) {
            Object startedAs = db.read(
                    ctx -> ctx.fetchValue("SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'"));

            assertThat(startedAs)
                    .as("the connection asked for asynchronous commit")
                    .hasToString("off");
            assertThat(setting(db, "synchronous_commit"))
                    .as("what Kaptura's session commits with")
                    .isEqualTo("on");
        }
    }

    @Test
    void fsync_off_is_refused_naming_the_setting() {
        PostgresDurability.Verdict verdict = PostgresDurability.judge("off", "on", "on", "on");

        assertThat(verdict.refusals())
                .singleElement()
                .asString()
                .contains("fsync = off")
                .contains("postgresql.conf");
    }

    @Test
    void asynchronous_commit_for_the_role_is_overridden_and_logged_and_kept_only_if_it_cannot_be() {
        assertThat(PostgresDurability.judge("on", "off", "on", "on").refusals()).isEmpty();
        assertThat(PostgresDurability.judge("on", "off", "on", "on").warnings())
                .singleElement()
                .asString()
                .contains("synchronous_commit");
        assertThat(PostgresDurability.judge("on", "off", "off", "on").refusals())
                .singleElement()
                .asString()
                .contains("synchronous_commit");
        assertThat(PostgresDurability.judge("on", "remote_apply", "remote_apply", "on")
                        .refusals())
                .isEmpty();
    }

    @Test
    void full_page_writes_off_is_a_warning() {
        PostgresDurability.Verdict verdict = PostgresDurability.judge("on", "on", "on", "off");

        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).singleElement().asString().contains("full_page_writes");
    }

    @Test
    void the_defaults_give_nothing_to_say() {
        PostgresDurability.Verdict verdict = PostgresDurability.judge("on", "on", "on", "on");

        assertThat(verdict.refusals()).isEmpty();
        assertThat(verdict.warnings()).isEmpty();
    }

    private static String setting(Database db, String name) {
        Object value = db.read(ctx -> ctx.fetchValue("SELECT current_setting('" + name + "')"));
        return String.valueOf(value);
    }
}
