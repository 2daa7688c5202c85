package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.NOTICES;
import static ai.kaptura.adapter.persistence.schema.Tables.POLICY_VERSIONS;

import ai.kaptura.adapter.persistence.schema.tables.records.NoticesRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.PolicyVersionsRecord;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.ports.out.PolicyVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * {@link PolicyVersions} in {@code policy_versions} and {@code notices}: every notice text kept exactly,
 * at its position in its version, so a version reads back equal to the one published (R5, R6). Rows are
 * only ever inserted. A label already stored, or an instant another version already takes effect at,
 * is refused: the history could not be read back otherwise.
 */
record SqlPolicyVersions(Database db) implements PolicyVersions {

    private static final String NOTICES_TABLE = "notices";

    @Override
    public PolicyHistory history() {
        return db.inTransaction(() -> {
            // One statement, so a version being added concurrently is seen whole or not at all.
            Map<String, PolicyVersionsRecord> versions = new LinkedHashMap<>();
            Map<String, List<Notice>> notices = new LinkedHashMap<>();
            for (Record row : db.ctx()
                    .select(POLICY_VERSIONS.fields())
                    .select(NOTICES.fields())
                    .from(POLICY_VERSIONS)
                    .join(NOTICES)
                    .on(NOTICES.VERSION.eq(POLICY_VERSIONS.VERSION))
                    .orderBy(POLICY_VERSIONS.EFFECTIVE_AT, NOTICES.POSITION)
                    .fetch()) {
                PolicyVersionsRecord version = row.into(POLICY_VERSIONS);
                NoticesRecord notice = row.into(NOTICES);
                versions.putIfAbsent(version.getVersion(), version);
                notices.computeIfAbsent(version.getVersion(), v -> new ArrayList<>())
                        .add(new Notice(
                                Rows.enumValue(NoticeKind.class, notice.getKind(), NOTICES_TABLE, "kind"),
                                new Language(notice.getLanguage()),
                                notice.getBody()));
            }
            return new PolicyHistory(versions.values().stream()
                    .map(v -> new PolicyVersion(
                            new NoticeVersion(v.getVersion()),
                            v.getEffectiveAt(),
                            v.getMaterial(),
                            v.getSummary(),
                            notices.get(v.getVersion())))
                    .toList());
        });
    }

    @Override
    public void add(PolicyVersion version) {
        db.run(() -> {
            String label = version.version().value();
            // Checked first so that the usual refusal leaves the caller's transaction usable; the
            // primary key and the unique effective instant still decide a race.
            if (db.ctx().fetchExists(POLICY_VERSIONS, POLICY_VERSIONS.VERSION.eq(label))) {
                throw alreadyPublished(version);
            }
            if (db.ctx().fetchExists(POLICY_VERSIONS, POLICY_VERSIONS.EFFECTIVE_AT.eq(version.effectiveAt()))) {
                throw sameInstant(version);
            }
            try {
                db.ctx()
                        .insertInto(POLICY_VERSIONS)
                        .set(POLICY_VERSIONS.VERSION, label)
                        .set(POLICY_VERSIONS.EFFECTIVE_AT, version.effectiveAt())
                        .set(POLICY_VERSIONS.MATERIAL, version.materialForBiometrics())
                        .set(POLICY_VERSIONS.SUMMARY, version.summaryOfChanges())
                        .execute();
            } catch (DataAccessException e) {
                if (Database.isUniqueViolation(e)) {
                    throw new IllegalStateException("Policy version " + label + " collides with a version published"
                            + " concurrently (same label or same effective instant)");
                }
                throw e;
            }
            List<NoticesRecord> rows = new ArrayList<>();
            List<Notice> notices = version.notices();
            for (int i = 0; i < notices.size(); i++) {
                Notice n = notices.get(i);
                NoticesRecord row = new NoticesRecord();
                row.setVersion(label);
                row.setPosition(i);
                row.setKind(n.kind().name());
                row.setLanguage(n.language().tag());
                row.setBody(n.text());
                rows.add(row);
            }
            db.ctx().batchInsert(rows).execute();
        });
    }

    private static IllegalStateException alreadyPublished(PolicyVersion version) {
        return new IllegalStateException(
                "Policy version " + version.version() + " is already published; published texts are never edited (R6)");
    }

    private static IllegalStateException sameInstant(PolicyVersion version) {
        return new IllegalStateException("Another policy version already takes effect at " + version.effectiveAt()
                + "; version " + version.version() + " is not stored");
    }
}
