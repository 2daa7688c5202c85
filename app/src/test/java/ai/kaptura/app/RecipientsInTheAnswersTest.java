package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.app.AttackTarget.Visitor;
import ai.kaptura.domain.processor.TransferMechanism;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access answer, the export and the record of processing list the registry (R25, R35): a configured Google
 * Analytics appears in each, with the transfer basis its setting gives.
 */
@Tag("R25")
@Tag("R33")
@Tag("R35")
class RecipientsInTheAnswersTest {

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @Test
    void a_configured_google_analytics_is_listed_in_the_export_and_the_record_of_processing() throws Exception {
        AttackTarget target = targets.start(Map.of(
                "KAPTURA_GA4_ID", "G-ABC123XYZ",
                "KAPTURA_GA_TRANSFER", "EU_US_DATA_PRIVACY_FRAMEWORK",
                "KAPTURA_GA_DPA_REFERENCE", "Google Ads Data Processing Terms, accepted 2026-11-02"));
        Visitor ada = target.browser().signIn("ada@example.org");

        HttpResponse<byte[]> export =
                ada.sendForBytes(ada.request("POST", "/api/me/export", HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(export.statusCode()).isEqualTo(200);
        JsonNode data = AttackTarget.JSON.readTree(entry(export.body(), "data.json"));
        assertThat(data.findValues("recipients"))
                .as("the access information in the export")
                .anySatisfy(recipients -> assertThat(recipients).anySatisfy(r -> {
                    assertThat(r.path("name").asText()).isEqualTo("Google Ireland Limited");
                    assertThat(r.path("country").asText()).isEqualTo("US");
                    assertThat(r.path("transferBasis").asText())
                            .isEqualTo(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK.description());
                }));

        String processing = target.asAuditor("/api/audit/processing").body();
        assertThat(processing)
                .contains("google-analytics")
                .contains("Google Ads Data Processing Terms, accepted 2026-11-02")
                .contains(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK.description());
    }

    private static String entry(byte[] zipped, String name) throws Exception {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipped))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in the export");
    }
}
