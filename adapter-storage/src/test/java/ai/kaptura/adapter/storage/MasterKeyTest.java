package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void embedded_mode_generates_one_key_into_the_data_dir_readable_by_its_owner_only() throws IOException {
        MasterKey first = MasterKey.load(Optional.empty(), dataDir, false);
        MasterKey again = MasterKey.load(Optional.empty(), dataDir, false);

        assertThat(first.generated()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
                .isEqualTo("rw-------");
        assertThat(first.toString())
                .doesNotContain(Files.readString(dataDir.resolve("master.key")).strip());
    }

    @Test
    void processes_starting_together_agree_on_one_key_and_leave_no_temporary_file() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path dir = dataDir.resolve("round-" + round);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                var loads = java.util.stream.IntStream.range(0, 4)
                        .mapToObj(i -> pool.submit(() ->
                                MasterKey.load(Optional.empty(), dir, false).id()))
                        .toList();
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (var load : loads) {
                    ids.add(load.get());
                }
                assertThat(ids).as("round %d", round).hasSize(1);
            }
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly("master.key");
            }
        }
    }

    @Test
    void a_damaged_key_file_is_reported_by_its_path_and_never_replaced() throws IOException {
        Files.writeString(dataDir.resolve(MasterKey.FILE), "this is not base64 !\n");

        assertThatThrownBy(() -> MasterKey.load(Optional.empty(), dataDir, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The embedded master key")
                .hasMessageContaining(MasterKey.FILE)
                .hasMessageContaining("not base64");
        assertThat(Files.readString(dataDir.resolve(MasterKey.FILE))).isEqualTo("this is not base64 !\n");
    }

    @Test
    void the_same_generator_makes_other_secrets_of_the_requested_size() {
        byte[] secret = StorageAdapter.secretFile(dataDir.resolve("callback.key"), 48, "The callback secret");

        assertThat(secret).hasSize(48);
        assertThat(StorageAdapter.secretFile(dataDir.resolve("callback.key"), 48, "The callback secret"))
                .isEqualTo(secret);
    }

    @Test
    void production_requires_a_configured_key() {
        assertThatThrownBy(() -> MasterKey.load(Optional.empty(), dataDir, true))
                .hasMessageContaining("KAPTURA_MASTER_KEY is required in production");
        assertThat(Files.exists(dataDir.resolve("master.key"))).isFalse();
    }

    @Test
    void a_configured_key_must_be_32_bytes_of_base64() {
        assertThat(MasterKey.load(Optional.of(Base64.getEncoder().encodeToString(new byte[32])), dataDir, true)
                        .generated())
                .isFalse();
        assertThatThrownBy(() -> MasterKey.load(Optional.of("not base64!"), dataDir, false))
                .hasMessageContaining("KAPTURA_MASTER_KEY");
        assertThatThrownBy(() ->
                        MasterKey.load(Optional.of(Base64.getEncoder().encodeToString(new byte[16])), dataDir, false))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void an_unknown_provider_is_refused_naming_the_variable() {
        assertThatThrownBy(
                        () -> BlobStores.open("dropbox", Optional.empty(), Optional.empty(), Optional.empty(), dataDir))
                .hasMessageContaining("KAPTURA_BLOBSTORE");
        assertThatThrownBy(
                        () -> BlobStores.open("aws-s3", Optional.empty(), Optional.empty(), Optional.empty(), dataDir))
                .hasMessageContaining("KAPTURA_BLOBSTORE_IDENTITY");
    }
}
