package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_EVIDENCE;

import ai.kaptura.adapter.persistence.schema.tables.records.DeletionEvidenceRecord;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.exception.DataAccessException;

/**
 * Deletion evidence rows, shared by the stores whose aggregates carry evidence (selfies and vendor
 * models of orders; erasure checklists of privacy requests). Evidence is written once and never
 * changed; a row's id is derived from its content, so writing the same evidence twice is one row.
 */
final class EvidenceRows {

    private EvidenceRows() {}

    /** Stores the evidence (if not stored yet) and answers its id. Call inside a transaction. */
    static UUID store(Database db, DeletionEvidence e) {
        UUID id = idOf(e);
        try {
            insert(db, e, id);
        } catch (DataAccessException race) {
            // H2 emulates ON CONFLICT with MERGE, which can still report the key a racing writer just stored.
            if (!Database.isUniqueViolation(race)) {
                throw race;
            }
        }
        return id;
    }

    private static void insert(Database db, DeletionEvidence e, UUID id) {
        db.ctx()
                .insertInto(DELETION_EVIDENCE)
                .set(DELETION_EVIDENCE.ID, id)
                .set(DELETION_EVIDENCE.CATEGORY, e.category().name())
                .set(DELETION_EVIDENCE.SUBJECT, e.subject())
                .set(DELETION_EVIDENCE.LOCATION_KIND, e.where().kind().name())
                .set(DELETION_EVIDENCE.LOCATION_NAME, e.where().name())
                .set(DELETION_EVIDENCE.DELETED_AT, e.at())
                .set(DELETION_EVIDENCE.REASON, e.reason().name())
                .set(DELETION_EVIDENCE.CONFIRMATION, e.confirmation())
                .set(
                        DELETION_EVIDENCE.RESPONSE,
                        e.answer().map(DeletionEvidence.Answer::response).orElse(null))
                .set(
                        DELETION_EVIDENCE.OBJECT_COUNT,
                        e.answer().map(DeletionEvidence.Answer::objectCount).orElse(null))
                .onConflictDoNothing()
                .execute();
    }

    /** The evidence rows with these ids, by id. */
    static Map<UUID, DeletionEvidence> load(Database db, Collection<UUID> ids) {
        Map<UUID, DeletionEvidence> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        db.ctx()
                .selectFrom(DELETION_EVIDENCE)
                .where(DELETION_EVIDENCE.ID.in(ids))
                .forEach(r -> found.put(r.getId(), map(r)));
        return found;
    }

    static DeletionEvidence map(DeletionEvidenceRecord r) {
        String table = "deletion_evidence";
        return new DeletionEvidence(
                Rows.enumValue(DataCategory.class, r.getCategory(), table, "category"),
                r.getSubject(),
                new Location(
                        Rows.enumValue(Location.Kind.class, r.getLocationKind(), table, "location_kind"),
                        r.getLocationName()),
                r.getDeletedAt(),
                Rows.enumValue(DeletionReason.class, r.getReason(), table, "reason"),
                r.getConfirmation(),
                r.getResponse() == null
                        ? Optional.empty()
                        : Optional.of(new DeletionEvidence.Answer(
                                r.getResponse(), Objects.requireNonNull(r.getObjectCount(), "object_count"))));
    }

    /**
     * A stable id for a piece of evidence: the same evidence always gets the same id, and different
     * evidence different ones (each field is length-prefixed, so no field can imitate another). Evidence without the
     * location's answer keeps the id it had before answers were recorded.
     */
    static UUID idOf(DeletionEvidence e) {
        StringBuilder key = new StringBuilder();
        List<String> fields = new ArrayList<>(List.of(
                e.category().name(),
                e.subject(),
                e.where().kind().name(),
                e.where().name(),
                e.at().toString(),
                e.reason().name(),
                e.confirmation()));
        e.answer().ifPresent(a -> {
            fields.add(a.response());
            fields.add(Integer.toString(a.objectCount()));
        });
        for (String field : fields) {
            key.append(field.length()).append(':').append(field);
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
    }
}
