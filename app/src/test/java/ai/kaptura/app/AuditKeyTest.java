package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.shared.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit key (R50): the same seed is always the same key, it signs what its public half verifies, and it is kept. */
@Tag("R50")
class AuditKeyTest {

    @TempDir
    Path dataDir;

    private final AuditCheckpoint checkpoint =
            new AuditCheckpoint(3, Digest.sha256("three"), Instant.parse("2026-12-07T09:00:00Z"));

    @Test
    void a_configured_seed_is_the_same_key_on_every_node_and_another_seed_is_not() {
        String seed = Base64.getEncoder().encodeToString("audit-key-seed-of-32-bytes-exact".getBytes());
        KeyPair here = AuditKey.load(Optional.of(seed), dataDir);
        KeyPair there = AuditKey.load(Optional.of(seed), dataDir.resolve("elsewhere"));
        KeyPair other = AuditKey.fromSeed(new byte[32]);

        assertThat(here.getPublic().getEncoded()).isEqualTo(there.getPublic().getEncoded());
        assertThat(checkpoint.sign(here.getPrivate()).verifiedBy(there.getPublic()))
                .isTrue();
        assertThat(checkpoint.sign(other.getPrivate()).verifiedBy(here.getPublic()))
                .isFalse();
        assertThat(Files.exists(dataDir.resolve(AuditKey.FILE)))
                .as("nothing generated")
                .isFalse();
    }

    @Test
    void without_a_setting_one_key_is_generated_into_the_data_dir_owner_only_and_kept_across_starts() throws Exception {
        KeyPair first = AuditKey.load(Optional.empty(), dataDir);
        KeyPair again = AuditKey.load(Optional.empty(), dataDir);

        assertThat(again.getPublic().getEncoded()).isEqualTo(first.getPublic().getEncoded());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(AuditKey.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void a_seed_that_is_not_32_bytes_of_base64_is_refused_by_its_variable_name() {
        assertThatThrownBy(() -> AuditKey.load(Optional.of("c2hvcnQ="), dataDir))
                .isInstanceOf(Configuration.Invalid.class)
                .hasMessageContaining("KAPTURA_AUDIT_KEY");
        assertThat(AuditKey.isSeed("not base64!")).isFalse();
    }
}
