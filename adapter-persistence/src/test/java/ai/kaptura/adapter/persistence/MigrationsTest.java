package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/** The migrations run on both databases, and the PostgreSQL-only parts are where they belong. */
class MigrationsTest {

    @Test
    void the_portable_schema_migrates_on_h2_and_again_is_a_no_op() {
        try (Database db = TestDatabases.freshH2()) {
            assertThat(Migrations.migrate(db, null)).isZero();
            assertThat(Migrations.locations(db)).containsExactly("classpath:db/migration/common");
            assertThat(db.ctx().fetchCount(db.ctx().selectFrom("audit_head"))).isEqualTo(1);
        }
    }

    @Test
    void postgresql_gets_the_vendor_folder_too_and_the_consent_ledger_refuses_deletes() {
        try (Database db = TestDatabases.freshPostgres()) {
            assertThat(Migrations.locations(db))
                    .containsExactly("classpath:db/migration/common", "classpath:db/migration/postgresql");
            db.ctx()
                    .execute(
                            "INSERT INTO consent_records (id, account_id, order_id, purpose, decision, policy_version, notice_hash,"
                                    + " method, language, recorded_at, tombstone) VALUES (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),"
                                    + " 'BIOMETRIC_PROCESSING', 'GRANTED', 'v1', '" + "a".repeat(64)
                                    + "', 'CHECKBOX_AT_CHECKOUT', 'en', now(), false)");

            assertThatThrownBy(() -> db.ctx().execute("DELETE FROM consent_records"))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.ctx().execute("UPDATE consent_records SET decision = 'REFUSED'"))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("append-only");
            assertThat(db.ctx()
                            .execute("UPDATE consent_records SET tombstone = true, order_id = NULL, language = NULL"))
                    .isEqualTo(1);
        }
    }

    @Test
    void on_postgresql_the_audit_log_refuses_every_update_delete_and_truncate() {
        try (Database db = TestDatabases.freshPostgres()) {
            db.ctx()
                    .execute("INSERT INTO audit_log (sequence, occurred_at, actor_kind, actor_id, action, subject_type,"
                            + " subject_id, rule_id, details, previous_hash, hash) VALUES (1, now(), 'SYSTEM',"
                            + " 'system', 'ORDER_CREATED', 'order', 'o-1', 'R4', '', '" + "0".repeat(64)
                            + "', '" + "a".repeat(64) + "')");

            for (String tampering : new String[] {
                "UPDATE audit_log SET actor_id = 'someone-else'", "DELETE FROM audit_log", "TRUNCATE audit_log"
            }) {
                assertThatThrownBy(() -> db.ctx().execute(tampering))
                        .as(tampering)
                        .isInstanceOf(DataAccessException.class)
                        .hasMessageContaining("append-only");
            }
            assertThat(db.ctx().fetchCount(db.ctx().selectFrom("audit_log"))).isEqualTo(1);
        }
    }

    @Test
    void on_postgresql_the_audit_log_lets_only_the_pruning_delete_rows_up_to_its_cut_and_never_the_head() {
        try (Database db = TestDatabases.freshPostgres()) {
            for (int sequence = 1; sequence <= 3; sequence++) {
                db.ctx()
                        .execute("INSERT INTO audit_log (sequence, occurred_at, actor_kind, actor_id, action,"
                                + " subject_type, subject_id, rule_id, details, previous_hash, hash) VALUES ("
                                + sequence
                                + ", now(), 'SYSTEM', 'system', 'ORDER_CREATED', 'order', 'o-1', 'R4', '', '"
                                + "0".repeat(64) + "', '" + "a".repeat(64) + "')");
            }
            db.ctx().execute("UPDATE audit_head SET sequence = 3");
            String[][] refused = {
                {"1", "DELETE FROM audit_log WHERE sequence = 2"},
                {"3", "DELETE FROM audit_log WHERE sequence = 3"},
                {"2", "UPDATE audit_log SET actor_id = 'someone-else' WHERE sequence = 1"},
                {"2", "TRUNCATE audit_log"},
                {"", "DELETE FROM audit_log WHERE sequence = 1"},
                {"1 OR true", "DELETE FROM audit_log WHERE sequence = 1"}
            };
            for (String[] attempt : refused) {
                assertThatThrownBy(() -> db.run(() -> {
                            db.ctx().execute("SELECT set_config('kaptura.audit_prune', ?, true)", attempt[0]);
                            db.ctx().execute(attempt[1]);
                        }))
                        .as("cut '%s': %s", attempt[0], attempt[1])
                        .hasMessageContaining("append-only");
            }
            assertThat(db.ctx().fetchCount(db.ctx().selectFrom("audit_log"))).isEqualTo(3);

            db.run(() -> {
                db.ctx().execute("SELECT set_config('kaptura.audit_prune', '2', true)");
                assertThat(db.ctx().execute("DELETE FROM audit_log WHERE sequence <= 2"))
                        .isEqualTo(2);
            });
            assertThat(db.ctx().fetchCount(db.ctx().selectFrom("audit_log"))).isEqualTo(1);

            db.ctx()
                    .execute("INSERT INTO audit_log (sequence, occurred_at, actor_kind, actor_id, action,"
                            + " subject_type, subject_id, rule_id, details, previous_hash, hash) VALUES (4, now(), 'SYSTEM',"
                            + " 'system', 'ORDER_CREATED', 'order', 'o-1', 'R4', '', '" + "0".repeat(64) + "', '"
                            + "a".repeat(64) + "')");
            assertThatThrownBy(() -> db.ctx().execute("DELETE FROM audit_log WHERE sequence = 3"))
                    .as("the setting ends with its transaction")
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void the_embedded_default_is_an_h2_file_under_the_data_dir_written_before_each_commit_answers() {
        assertThat(Database.embeddedUrl(Path.of("/srv/kaptura")))
                .startsWith("jdbc:h2:kaptura-synced:/srv/kaptura/db/kaptura;MODE=PostgreSQL")
                .endsWith(";WRITE_DELAY=0");
        assertThatThrownBy(() -> Database.open(
                        Optional.of("jdbc:mysql://x/y?password=secret"),
                        Optional.empty(),
                        Optional.empty(),
                        Path.of("target"),
                        Optional.empty(),
                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KAPTURA_DATABASE_URL")
                .hasMessageNotContaining("secret");
    }
}
