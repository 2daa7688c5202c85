package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.AuditAnchors;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What every keeper of signed audit checkpoints does: R50. */
@Tag("R50")
public abstract class AuditAnchorsContract {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    protected abstract AuditAnchors anchors();

    @Test
    void checkpoints_come_back_oldest_first_each_once_with_their_signatures() throws GeneralSecurityException {
        KeyPair key = KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
        AuditAnchors anchors = anchors();
        AuditCheckpoint.Signed later =
                new AuditCheckpoint(9, Digest.sha256("9"), T0.plusSeconds(60)).sign(key.getPrivate());
        AuditCheckpoint.Signed sooner = new AuditCheckpoint(4, Digest.sha256("4"), T0).sign(key.getPrivate());

        anchors.keep(later);
        anchors.keep(sooner);
        anchors.keep(later);

        assertThat(anchors.all()).containsExactly(sooner, later).allMatch(c -> c.verifiedBy(key.getPublic()));
    }
}
