package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.contract.PhotoVaultContract;
import ai.kaptura.ports.out.fake.InMemoryDataKeys;
import ai.kaptura.ports.out.fake.InMemoryDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vault contract on the transient, filesystem and S3 (a real S3Proxy process) providers, and what only encryption adds. */
class JcloudsPhotoVaultTest {

    static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final AtomicInteger CONTAINERS = new AtomicInteger();
    static final Instant ANCHORED_AT = Instant.parse("2026-12-07T09:00:00Z");

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

    /** A vault on {@code provider} with data keys of its own, wrapped with the test master key. */
    static PhotoVault vault(String provider, Path dataDir) {
        return vault(provider, dataDir, new InMemoryDataKeys(new InMemoryDatabase()), MASTER_KEY);
    }

    static PhotoVault vault(String provider, Path dataDir, DataKeys keys, String masterKey) {
        return vault(provider, dataDir, keys, masterKey, "kaptura-test-" + CONTAINERS.incrementAndGet());
    }

    static PhotoVault vault(String provider, Path dataDir, DataKeys keys, String masterKey, String container) {
        Store at = Store.of(provider);
        return StorageAdapter.vault(
                provider,
                at.endpoint(),
                at.identity(),
                at.credential(),
                container,
                dataDir,
                Optional.of(masterKey),
                false,
                keys,
                Clock.systemUTC());
    }

    /** The audit chain's checkpoints kept beside a vault's photos on {@code provider}, in {@code container}-audit. */
    static AuditAnchors anchors(String provider, Path dataDir, String container) {
        Store at = Store.of(provider);
        return StorageAdapter.auditAnchors(provider, at.endpoint(), at.identity(), at.credential(), container, dataDir);
    }

    /** Where a provider is reached: the S3 server's address and keys for S3, nothing for the others. */
    private record Store(Optional<String> endpoint, Optional<String> identity, Optional<String> credential) {
        static Store of(String provider) {
            return provider.equals("aws-s3") || provider.equals("s3")
                    ? new Store(
                            Optional.of(s3.endpoint()),
                            Optional.of(S3ProxyServer.IDENTITY),
                            Optional.of(S3ProxyServer.CREDENTIAL))
                    : new Store(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    @Nested
    class OnTransient extends PhotoVaultContract {
        @Override
        protected PhotoVault vault() {
            return JcloudsPhotoVaultTest.vault("transient", work);
        }
    }

    @Nested
    class OnFilesystem extends PhotoVaultContract {
        @Override
        protected PhotoVault vault() {
            return JcloudsPhotoVaultTest.vault("filesystem", work.resolve("fs-" + UUID.randomUUID()));
        }
    }

    @Nested
    class OnS3 extends PhotoVaultContract {
        @Override
        protected PhotoVault vault() {
            return JcloudsPhotoVaultTest.vault("aws-s3", work);
        }
    }

    @Nested
    class Listing {
        @TempDir
        Path dataDir;

        @Test
        @Tag("R10")
        void objects_that_are_not_kaptura_photos_are_never_listed() throws IOException {
            AccountId ada = new AccountId(UUID.randomUUID());
            PhotoRef selfie = new PhotoRef("selfie/" + ada + "/" + UUID.randomUUID());
            PhotoVault vault = JcloudsPhotoVaultTest.vault(
                    "filesystem", dataDir, new InMemoryDataKeys(new InMemoryDatabase()), MASTER_KEY);
            vault.put(ada, selfie, new ByteArrayInputStream(new byte[10]), 10);
            Path container;
            try (Stream<Path> containers = Files.list(dataDir.resolve("photos"))) {
                container = containers.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            Files.createDirectories(container.resolve("notes"));
            Files.writeString(container.resolve("notes").resolve("readme.txt"), "an operator's note");
            Files.createDirectories(container.resolve("selfie").resolve("not-an-account"));
            Files.writeString(
                    container
                            .resolve("selfie")
                            .resolve("not-an-account")
                            .resolve(UUID.randomUUID().toString()),
                    "x");
            Files.writeString(container.resolve("backup.tar"), "y");

            assertThat(vault.list(Optional.empty(), 100))
                    .extracting(PhotoVault.Listed::ref)
                    .containsExactly(selfie);
        }
    }

    @Nested
    class Encryption {
        private final AccountId ada = new AccountId(UUID.randomUUID());
        private final PhotoRef headshot = new PhotoRef("headshot/" + ada + "/" + UUID.randomUUID());
        private final byte[] content = bytes(300_000);
        private final DataKeys keys = new InMemoryDataKeys(new InMemoryDatabase());

        @TempDir
        Path dataDir;

        private PhotoVault stored() {
            PhotoVault vault = JcloudsPhotoVaultTest.vault("filesystem", dataDir, keys, MASTER_KEY);
            vault.put(ada, headshot, new ByteArrayInputStream(content), content.length);
            return vault;
        }

        private Path objectFile() throws IOException {
            try (Stream<Path> files = Files.walk(dataDir.resolve("photos"))) {
                String id = headshot.key().substring(headshot.key().lastIndexOf('/') + 1);
                return files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().equals(id))
                        .findFirst()
                        .orElseThrow();
            }
        }

        @Test
        @Tag("R18")
        void objects_at_rest_are_ciphertext_named_by_opaque_ids_only() throws IOException {
            stored();

            byte[] atRest = Files.readAllBytes(objectFile());
            assertThat(atRest).hasSize((int) SegmentedGcm.sealedSize(content.length));
            assertThat(new String(atRest, 0, 4)).isEqualTo("KPV1");
            assertThat(indexOf(atRest, Arrays.copyOfRange(content, 1000, 1032)))
                    .as("no plain run at rest")
                    .isEqualTo(-1);
            assertThat(objectFile().toString()).doesNotContain("@");
        }

        @Test
        @Tag("R18")
        void a_tampered_object_is_an_error_never_garbage_bytes() throws IOException {
            PhotoVault vault = stored();
            Path file = objectFile();
            byte[] atRest = Files.readAllBytes(file);
            atRest[atRest.length / 2] ^= 0x40;
            Files.write(file, atRest);

            // The stream refuses the altered segment before handing out any of its bytes.
            assertThatThrownBy(() -> readAll(vault.readHeadshot(ada, headshot)))
                    .isInstanceOf(SegmentedGcm.IntegrityException.class)
                    .hasMessageContaining("integrity");
        }

        @Test
        @Tag("R18")
        void a_wrong_master_key_is_a_clear_error() {
            stored();
            PhotoVault otherKey = JcloudsPhotoVaultTest.vault(
                    "filesystem", dataDir, keys, Base64.getEncoder().encodeToString(bytes(32)));

            assertThatThrownBy(() -> otherKey.readHeadshot(ada, headshot))
                    .isInstanceOf(KeyRing.WrongMasterKey.class)
                    .hasMessageContaining("KAPTURA_MASTER_KEY");
        }

        @Test
        @Tag("R18")
        void after_crypto_shredding_no_copy_of_the_accounts_objects_can_be_decrypted() throws IOException {
            PhotoVault vault = stored();
            Path file = objectFile();
            byte[] backup = Files.readAllBytes(file);

            vault.eraseOwner(ada, Instant.now());
            assertThat(vault.exists(headshot)).isFalse();
            // The backup is put back, as a restore would: it stays unreadable, the data key is gone.
            Files.createDirectories(file.getParent());
            Files.write(file, backup);
            assertThat(vault.exists(headshot)).isTrue();

            assertThatThrownBy(() -> vault.readHeadshot(ada, headshot))
                    .isInstanceOf(KeyRing.CryptoShredded.class)
                    .hasMessageContaining("crypto-shredded");
            assertThat(keys.find(ada)).isEmpty();
        }

        @Test
        void another_owners_ref_is_refused_before_anything_is_read_or_written() {
            PhotoVault vault = stored();
            AccountId mallory = new AccountId(UUID.randomUUID());

            assertThatThrownBy(() -> vault.readHeadshot(mallory, headshot)).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> vault.put(mallory, headshot, new ByteArrayInputStream(new byte[1]), 1))
                    .isInstanceOf(SecurityException.class);
        }
    }

    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The audit chain's signed checkpoints kept in the object store, apart from the photos, on every kind of store: R50. */
    @Nested
    @Tag("R50")
    class AuditAnchorsBesideThePhotos {

        private final KeyPair key = ed25519();

        @ParameterizedTest
        @ValueSource(strings = {"filesystem", "aws-s3"})
        void checkpoints_are_kept_apart_from_the_photos_in_order_once_each_and_outlive_a_restart(String provider) {
            String container = "kaptura-anchors-" + CONTAINERS.incrementAndGet();
            Path dataDir = work.resolve(provider + "-" + container);
            AuditAnchors anchors = anchors(provider, dataDir, container);
            AuditCheckpoint.Signed second = checkpoint(12, ANCHORED_AT.plusSeconds(300));
            AuditCheckpoint.Signed first = checkpoint(7, ANCHORED_AT);

            anchors.keep(second);
            anchors.keep(first);
            anchors.keep(second);

            assertThat(anchors.all()).containsExactly(first, second);
            assertThat(anchors(provider, dataDir, container).all())
                    .as("read again through a new connection, as after a restart")
                    .containsExactly(first, second)
                    .allMatch(c -> c.verifiedBy(key.getPublic()));
            PhotoVault vault =
                    vault(provider, dataDir, new InMemoryDataKeys(new InMemoryDatabase()), MASTER_KEY, container);
            assertThat(vault.list(Optional.empty(), 100))
                    .as("the photo vault never sees them")
                    .isEmpty();
        }

        private AuditCheckpoint.Signed checkpoint(long sequence, Instant at) {
            return new AuditCheckpoint(sequence, Digest.sha256("entry " + sequence), at).sign(key.getPrivate());
        }

        private static KeyPair ed25519() {
            try {
                return KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }
}
