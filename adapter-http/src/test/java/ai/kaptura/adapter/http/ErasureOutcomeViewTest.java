package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.out.contract.ContractFixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The person's and the auditor's view of an erasure show, per location, its evidence or its Art. 17(3) ground (R27). */
@Tag("R27")
class ErasureOutcomeViewTest {

    @Test
    @SuppressWarnings("unchecked")
    void each_location_shows_its_evidence_with_the_answer_or_its_ground_detail_and_lapse_date() {
        AccountId account = new AccountId(UUID.randomUUID());
        Instant at = ContractFixtures.days(0);
        PrivacyRequest request = ContractFixtures.erasureInProgress(account, at)
                .recordErasure(
                        Location.processor(ContractFixtures.VENDOR),
                        new LocationOutcome.LegacyRetained(
                                "model files", "kept under the DPA until the vendor deletes them", at));

        List<Map<String, Object>> items =
                (List<Map<String, Object>>) Views.request(request).get("erasure");

        assertThat(items).hasSize(4);
        Map<String, Object> database = items.get(0);
        assertThat(database)
                .containsEntry("location", "kaptura-database")
                .containsEntry("outcome", "erased")
                .containsEntry("objects", 4);
        assertThat((List<Map<String, Object>>) database.get("evidence"))
                .first()
                .satisfies(e -> assertThat(e)
                        .containsEntry("response", "committed: 1 account row changed, 2 order rows deleted")
                        .containsEntry("objects", 3));
        assertThat(items.get(1)).containsEntry("outcome", "nothing_held").containsKey("confirmation");
        assertThat(items.get(3))
                .containsEntry("location", "stripe")
                .containsEntry("outcome", "retained")
                .containsEntry("ground", "GDPR Art. 17(3)(b)")
                .containsEntry("detail", "§ 132 BAO (Austrian Federal Fiscal Code): seven years")
                .containsEntry("lapsesOn", "2033-03-02")
                .containsKey("groundDescription");
        assertThat(items.get(2))
                .containsEntry("outcome", "retained")
                .containsEntry("legacy", true)
                .containsEntry("basisAsWritten", "kept under the DPA until the vendor deletes them")
                .doesNotContainKey("ground");
    }
}
