package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.fake.InMemoryDataKeys;
import ai.kaptura.ports.out.fake.InMemoryDatabase;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit chain's signed checkpoints kept in the object store, apart from the photos, on every kind of store: R50. */
@Tag("R50")
class JcloudsAuditAnchorsTest {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    @TempDir
    static Path work;

    static S3ProxyServer s3;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start(work);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private final KeyPair key = ed25519();

    @ParameterizedTest
    @ValueSource(strings = {"filesystem", "aws-s3"})
    void checkpoints_are_kept_apart_from_the_photos_in_order_once_each_and_outlive_a_restart(String provider) {
        String container = "kaptura-anchors-" + CONTAINERS.incrementAndGet();
        Path dataDir = work.resolve(provider + "-" + container);
        AuditAnchors anchors = anchors(provider, container, dataDir);
        AuditCheckpoint.Signed second = checkpoint(12, T0.plusSeconds(300));
        AuditCheckpoint.Signed first = checkpoint(7, T0);

        anchors.keep(second);
        anchors.keep(first);
        anchors.keep(second);

        assertThat(anchors.all()).containsExactly(first, second);
        assertThat(anchors(provider, container, dataDir).all())
                .as("read again through a new connection, as after a restart")
                .containsExactly(first, second)
                .allMatch(c -> c.verifiedBy(key.getPublic()));
        PhotoVault vault = vault(provider, container, dataDir);
        assertThat(vault.list(Optional.empty(), 100))
                .as("the photo vault never sees them")
                .isEmpty();
    }

    private AuditCheckpoint.Signed checkpoint(long sequence, Instant at) {
        return new AuditCheckpoint(sequence, Digest.sha256("entry " + sequence), at).sign(key.getPrivate());
    }

    private static AuditAnchors anchors(String provider, String container, Path dataDir) {
        boolean isS3 = provider.equals("aws-s3");
        return StorageAdapter.auditAnchors(
                provider,
                isS3 ? Optional.of(s3.endpoint()) : Optional.empty(),
                isS3 ? Optional.of(S3ProxyServer.IDENTITY) : Optional.empty(),
                isS3 ? Optional.of(S3ProxyServer.CREDENTIAL) : Optional.empty(),
                container,
                dataDir);
    }

    private static PhotoVault vault(String provider, String container, Path dataDir) {
        boolean isS3 = provider.equals("aws-s3");
        return StorageAdapter.vault(
                provider,
                isS3 ? Optional.of(s3.endpoint()) : Optional.empty(),
                isS3 ? Optional.of(S3ProxyServer.IDENTITY) : Optional.empty(),
                isS3 ? Optional.of(S3ProxyServer.CREDENTIAL) : Optional.empty(),
                container,
                dataDir,
                Optional.of(JcloudsPhotoVaultTest.MASTER_KEY),
                false,
                new InMemoryDataKeys(new InMemoryDatabase()),
                java.time.Clock.systemUTC());
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
