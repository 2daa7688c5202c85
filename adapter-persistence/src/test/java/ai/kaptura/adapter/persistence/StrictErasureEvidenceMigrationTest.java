package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Erasures recorded before evidence was strict (V15) still load (R27): a free-text basis as {@link
 * LocationOutcome.LegacyRetained}, evidence without the location's answer as {@link LocationOutcome.LegacyErased}, each
 * as it was written.
 */
@Tag("R27")
class StrictErasureEvidenceMigrationTest {

    private static final UUID REQUEST = UUID.fromString("7f1c0000-0000-4000-8000-000000000001");
    private static final UUID ACCOUNT = UUID.fromString("7f1c0000-0000-4000-8000-000000000002");
    /** The id the evidence row got before V15: the seven fields, each length-prefixed, hashed. */
    private static final UUID EVIDENCE =
            UUID.nameUUIDFromBytes(("7:ACCOUNT36:" + ACCOUNT + "8:DATABASE16:kaptura-database"
                            + "20:2026-03-05T10:00:01Z14:ACCOUNT_ERASED30:email deleted, 1 order deleted")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Test
    void an_erasure_written_before_v15_loads_as_legacy_outcomes_on_h2() {
        String url = "jdbc:h2:mem:kaptura-before-v15-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
        try (Database db = Database.open(
                Optional.of(url), Optional.empty(), Optional.empty(), Path.of("target"), Optional.empty(), 4)) {
            migrateAcrossV15(db, null);
        }
    }

    @Test
    void an_erasure_written_before_v15_loads_as_legacy_outcomes_on_postgresql() {
        String schema = "kaptura_before_v15_" + UUID.randomUUID().toString().substring(0, 8);
        try (Database db = Database.open(
                Optional.of(TestDatabases.postgresUrl()),
                TestDatabases.postgresUser(),
                Optional.empty(),
                Path.of("target"),
                Optional.of(schema),
                4)) {
            migrateAcrossV15(db, schema);
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    /**
     * Migrates to V12, writes an erasure as it was written then (a free-text basis, evidence without the location's
     * answer), migrates to the end and reads it back.
     */
    private static void migrateAcrossV15(Database db, String schema) {
        var flyway = Flyway.configure()
                .dataSource(db.dataSource())
                .locations("classpath:db/migration/common")
                .target("12");
        if (schema != null) {
            flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        flyway.load().migrate();
        writtenBeforeV15(db);

        Migrations.migrate(db, schema);
        PrivacyRequest request =
                new SqlPrivacyRequests(db).find(new PrivacyRequestId(REQUEST)).orElseThrow();

        var items = request.checklist().orElseThrow().items();
        assertThat(items.get(Location.DATABASE))
                .hasValueSatisfying(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                LocationOutcome.LegacyErased.class,
                                erased -> assertThat(erased.evidence())
                                        .singleElement()
                                        .satisfies(e -> {
                                            assertThat(e.confirmation()).isEqualTo("email deleted, 1 order deleted");
                                            assertThat(e.answer()).isEmpty();
                                        })));
        assertThat(items.get(Location.PHOTO_VAULT))
                .hasValueSatisfying(o -> assertThat(o).isInstanceOf(LocationOutcome.NothingHeld.class));
        assertThat(items.get(Location.processor("resend")))
                .hasValueSatisfying(o -> assertThat(o)
                        .isEqualTo(new LocationOutcome.LegacyRetained(
                                "Resend's logs of the service emails",
                                "No law requires these logs; Resend's API cannot delete a sent message",
                                java.time.Instant.parse("2026-03-05T10:00:00Z"))));

        PrivacyRequest again = new SqlPrivacyRequests(db).save(request);
        assertThat(new SqlPrivacyRequests(db).find(request.id()))
                .as("a legacy outcome saved again stays as it was written")
                .contains(again);
        assertThat(db.ctx().fetchCount(db.ctx().selectFrom("deletion_evidence")))
                .as("the old evidence row, cited again, keeps its id")
                .isEqualTo(1);
    }

    /** The rows V3 to V12 wrote for a completed erasure: evidence without an answer and a free-text basis. */
    private static void writtenBeforeV15(Database db) {
        DeletionEvidence old = new DeletionEvidence(
                ai.kaptura.domain.retention.DataCategory.ACCOUNT,
                ACCOUNT.toString(),
                Location.DATABASE,
                java.time.Instant.parse("2026-03-05T10:00:01Z"),
                ai.kaptura.domain.biometric.DeletionReason.ACCOUNT_ERASED,
                "email deleted, 1 order deleted");
        UUID evidenceId = EvidenceRows.idOf(old);
        assertThat(evidenceId)
                .as("an unanswered piece of evidence keeps its old id")
                .isEqualTo(EVIDENCE);
        db.ctx()
                .execute(
                        "INSERT INTO privacy_requests (id, account_id, kind, channel, received_at, due_on, status, closed_at,"
                                + " erasure, version) VALUES (?, ?, 'ERASURE', 'ELECTRONIC', TIMESTAMP WITH TIME ZONE"
                                + " '2026-03-02 09:00:00+00', DATE '2026-04-02', 'COMPLETED', TIMESTAMP WITH TIME ZONE"
                                + " '2026-03-05 10:00:02+00', TRUE, 4)",
                        REQUEST,
                        ACCOUNT);
        db.ctx()
                .execute(
                        "INSERT INTO deletion_evidence (id, category, subject, location_kind, location_name, deleted_at, reason,"
                                + " confirmation) VALUES (?, 'ACCOUNT', ?, 'DATABASE', 'kaptura-database', TIMESTAMP WITH TIME ZONE"
                                + " '2026-03-05 10:00:01+00', 'ACCOUNT_ERASED', 'email deleted, 1 order deleted')",
                        evidenceId,
                        ACCOUNT.toString());
        db.ctx()
                .execute(
                        "INSERT INTO erasure_items (request_id, position, location_kind, location_name, outcome, outcome_at,"
                                + " what_kept, legal_basis, confirmation) VALUES"
                                + " (?, 0, 'DATABASE', 'kaptura-database', 'ERASED', TIMESTAMP WITH TIME ZONE '2026-03-05 10:00:01+00',"
                                + " NULL, NULL, NULL),"
                                + " (?, 1, 'PHOTO_VAULT', 'kaptura-photo-vault', 'NOTHING_HELD', TIMESTAMP WITH TIME ZONE"
                                + " '2026-03-05 09:00:00+00', NULL, NULL, '0 objects under the owner''s prefix'),"
                                + " (?, 2, 'PROCESSOR', 'resend', 'RETAINED_WITH_BASIS', TIMESTAMP WITH TIME ZONE"
                                + " '2026-03-05 10:00:00+00', 'Resend''s logs of the service emails', 'No law requires these"
                                + " logs; Resend''s API cannot delete a sent message', NULL)",
                        REQUEST,
                        REQUEST,
                        REQUEST);
        db.ctx()
                .execute(
                        "INSERT INTO erasure_item_evidence (request_id, position, ordinal, evidence_id) VALUES (?, 0, 0, ?)",
                        REQUEST,
                        evidenceId);
    }
}
