package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.AuditChain;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * R50: {@code GET /api/audit/bundle} hands an auditor the same offline bundle as {@code kaptura audit bundle FILE}, and
 * it verifies with no database; without the auditor's token there is nothing.
 */
@Tag("R50")
class AuditBundleOverHttpTest {

    @RegisterExtension
    final AttackTargets targets = new AttackTargets();

    @TempDir
    Path elsewhere;

    @Test
    void an_auditor_downloads_a_bundle_that_verifies_offline() throws Exception {
        AttackTarget kaptura = targets.start();
        kaptura.browser().signIn("ada.bundle@example.org");
        AttackTarget.Visitor auditor = kaptura.apiClient();

        HttpResponse<byte[]> refused =
                auditor.sendForBytes(auditor.request("GET", "/api/audit/bundle", HttpRequest.BodyPublishers.noBody())
                        .build());
        HttpResponse<byte[]> bundle =
                auditor.sendForBytes(auditor.request("GET", "/api/audit/bundle", HttpRequest.BodyPublishers.noBody())
                        .header("Authorization", "Bearer " + AttackTarget.AUDITOR_TOKEN)
                        .build());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(bundle.headers().firstValue("Content-Disposition"))
                .get()
                .asString()
                .contains("attachment");
        Path file = Files.write(elsewhere.resolve("bundle.zip"), bundle.body());
        AuditBundle.Contents contents = AuditBundle.read(file);
        assertThat(contents.entries()).as("the sign-in's audit entries").isNotEmpty();
        assertThat(AuditBundle.verify(contents)).isInstanceOf(AuditChain.Verification.Intact.class);
    }
}
