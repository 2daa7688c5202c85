package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.out.DeletionRecords;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link DeletionRecords} store must do (R10): keep each evidence exactly, once, and list it by date. */
public abstract class DeletionRecordsContract {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");

    /** A fresh, empty store, called once per test. */
    protected abstract DeletionRecords records();

    static DeletionEvidence orphan(DataCategory category, Instant at) {
        return new DeletionEvidence(
                category,
                UUID.randomUUID().toString(),
                Location.PHOTO_VAULT,
                at,
                DeletionReason.ORPHANED,
                "removed selfie/" + UUID.randomUUID() + "/" + UUID.randomUUID()
                        + " from the filesystem store; no row named it");
    }

    @Test
    void recorded_evidence_is_listed_exactly_oldest_first_from_a_date_on() {
        DeletionRecords records = records();
        DeletionEvidence early = orphan(DataCategory.SELFIE, T0);
        DeletionEvidence late = orphan(DataCategory.HEADSHOT, T0.plusSeconds(60));
        DeletionEvidence middle = orphan(DataCategory.SELFIE, T0.plusSeconds(30));

        List.of(late, early, middle).forEach(records::record);

        assertThat(records.since(T0, 10)).containsExactly(early, middle, late);
        assertThat(records.since(T0.plusSeconds(30), 10)).containsExactly(middle, late);
        assertThat(records.since(T0, 2)).containsExactly(early, middle);
        assertThat(records.since(T0.plusSeconds(61), 10)).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Tag("R50")
    void evidence_is_counted_per_category_location_and_reason() {
        DeletionRecords records = records();
        records.record(orphan(DataCategory.SELFIE, T0));
        records.record(orphan(DataCategory.SELFIE, T0.plusSeconds(1)));
        records.record(orphan(DataCategory.HEADSHOT, T0.plusSeconds(2)));

        assertThat(records.counts())
                .containsExactly(
                        new DeletionRecords.Count(
                                DataCategory.HEADSHOT,
                                "PHOTO_VAULT:" + Location.PHOTO_VAULT.name(),
                                DeletionReason.ORPHANED,
                                1),
                        new DeletionRecords.Count(
                                DataCategory.SELFIE,
                                "PHOTO_VAULT:" + Location.PHOTO_VAULT.name(),
                                DeletionReason.ORPHANED,
                                2));
    }

    @Test
    void recording_the_same_evidence_twice_keeps_it_once() {
        DeletionRecords records = records();
        DeletionEvidence evidence = orphan(DataCategory.SELFIE, T0);

        records.record(evidence);
        records.record(evidence);

        assertThat(records.since(T0, 10)).containsExactly(evidence);
    }
}
