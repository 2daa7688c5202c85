package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kaptura audit verify} on a real PostgreSQL and the configured object store (R46, R50): exit 0 on an intact
 * chain, and 1, naming the entry, after each tampering someone who can write the database could do — an edited entry,
 * the chain recomputed after an edit, and the last entries deleted.
 */
@Tag("R50")
@Tag("R46")
@Tag("attack")
class AuditVerifyTest {

    private static final int ENTRIES = 8;

    @TempDir
    Path dataDir;

    private final FreshPostgres postgres = FreshPostgres.create();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Map<String, String> env;

    @AfterEach
    void dropDatabase() {
        postgres.close();
    }

    @Test
    void an_intact_chain_verifies_against_its_signed_checkpoint() {
        logAndAnchor();

        assertThat(verify()).isZero();
        assertThat(printed())
                .contains("intact: " + ENTRIES + " entries")
                .contains("latest at entry " + ENTRIES)
                .contains("audit key ");
    }

    @Test
    void an_edited_entry_fails_at_that_entry() throws SQLException {
        logAndAnchor();
        sql("UPDATE audit_log SET actor_id = 'someone-else' WHERE sequence = 3");

        assertThat(verify()).isEqualTo(1);
        assertThat(printed()).contains("fails at entry 3").contains("does not match its hash");
    }

    @Test
    void a_chain_recomputed_after_an_edit_fails_at_the_signed_checkpoint() throws SQLException {
        logAndAnchor();
        List<AuditEntry> before = read();
        // Someone who can write the database removes entry 3 on, and appends the same entries again with one edited:
        // every hash is recomputed and the chain alone is consistent.
        AuditEntry second = before.get(1);
        sql("DELETE FROM audit_log WHERE sequence >= 3");
        sql("UPDATE audit_head SET sequence = 2, hash = '" + second.hash().hex() + "' WHERE id = 1");
        try (PersistenceAdapter db = open()) {
            for (AuditEntry entry : before.subList(2, before.size())) {
                AuditEvent event = entry.sequence() == 3 ? entry.event().with("note", "rewritten") : entry.event();
                db.transactions().run(() -> db.auditLog().append(event));
            }
        }

        assertThat(verify()).isEqualTo(1);
        assertThat(printed()).contains("fails at entry " + ENTRIES).contains("rewritten");
    }

    @Test
    void entries_deleted_from_the_end_are_found_missing() throws SQLException {
        logAndAnchor();
        List<AuditEntry> before = read();
        sql("DELETE FROM audit_log WHERE sequence > 5");
        sql("UPDATE audit_head SET sequence = 5, hash = '"
                + before.get(4).hash().hex() + "' WHERE id = 1");

        assertThat(verify()).isEqualTo(1);
        assertThat(printed()).contains("fails at entry 6").contains("cut");
    }

    @Test
    @Tag("R12")
    void entries_the_retention_sweep_pruned_after_six_years_verify_from_the_checkpoint_at_the_cut() {
        logAndAnchor();
        // Six years after the fifth entry was logged (and before the sixth): the sweep prunes entries 1 to 5.
        Instant sixYearsOn = AuditedNode.T0
                .atZone(ZoneOffset.UTC)
                .plusYears(6)
                .toInstant()
                .plusSeconds(4)
                .plusMillis(500);
        KapturaComponent wired =
                DaggerKapturaComponent.factory().create(Configuration.from(env), InstantSource.fixed(sixYearsOn));
        try (PersistenceAdapter db = wired.persistence()) {
            assertThat(wired.retention().handle().auditEntriesPruned()).isEqualTo(5);
        }

        assertThat(read()).extracting(AuditEntry::sequence).startsWith(6L, 7L, 8L);
        assertThat(verify()).isZero();
        assertThat(printed()).contains("intact: 5 entries");
    }

    @Test
    void the_oldest_entries_deleted_by_hand_are_found_missing() throws SQLException {
        logAndAnchor();
        sql("DELETE FROM audit_log WHERE sequence <= 3");

        assertThat(verify()).isEqualTo(1);
        assertThat(printed()).contains("fails at entry 1").contains("no signed checkpoint at entry 3");
    }

    /** Logs {@link #ENTRIES} entries through the real database adapter, and signs a checkpoint of the head. */
    private void logAndAnchor() {
        env = Map.of(
                "KAPTURA_DATA_DIR", dataDir.toString(),
                "KAPTURA_DATABASE_URL", postgres.url(),
                "KAPTURA_DATABASE_USER", postgres.user);
        AuditedNode.logAndAnchor(env, ENTRIES);
    }

    private List<AuditEntry> read() {
        try (PersistenceAdapter db = open()) {
            return db.transactions().inTransaction(() -> db.auditLog().read(1, 1_000));
        }
    }

    private PersistenceAdapter open() {
        return DaggerKapturaComponent.factory()
                .create(Configuration.from(env), InstantSource.system())
                .persistence();
    }

    private int verify() {
        out.reset();
        return Main.run(
                new String[] {"audit", "verify"},
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code statement} as a database administrator would to tamper with the log: with triggers off for the
     * session, since the audit table refuses updates and deletes by trigger (checked first).
     */
    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                        postgres.url(), postgres.user, System.getenv("KAPTURA_TEST_DATABASE_PASSWORD"));
                Statement s = c.createStatement()) {
            if (statement.startsWith("DELETE FROM audit_log") || statement.startsWith("UPDATE audit_log")) {
                assertThatThrownBy(() -> s.execute(statement))
                        .as("the append-only trigger")
                        .hasMessageContaining("append-only");
            }
            s.execute("SET session_replication_role = replica");
            s.execute(statement);
        }
    }
}
