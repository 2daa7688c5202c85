package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.VendorFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PhotoVault} must do (R1, R17, R18, R27). Permits come from the real
 * {@code BiometricGuard}; the vault under test is fresh for each test.
 */
public abstract class PhotoVaultContract {

    /** Five megabytes: more than any buffer an adapter could reasonably use in one piece. */
    protected static final int LARGE = 5 * 1024 * 1024;

    /** A fresh, empty vault; called once before each test. */
    protected abstract PhotoVault vault();

    private PhotoVault vault;
    private Customer ada;
    private Customer grace;

    @BeforeEach
    void freshVault() {
        vault = vault();
        ada = VendorFixtures.draftCustomer("ada.lovelace@example.org");
        grace = VendorFixtures.draftCustomer("grace.hopper@example.net");
    }

    @Test
    void a_stored_selfie_reads_back_with_its_size_and_digest() {
        PhotoRef ref = ada.selfiePhotos().getFirst();
        byte[] content = VendorFixtures.pseudoRandomBytes(1, 48_123);

        PhotoVault.Stored stored = vault.put(ada.id(), ref, new ByteArrayInputStream(content), content.length);

        assertThat(stored.ref()).isEqualTo(ref);
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(stored.sha256()).isEqualTo(Digest.sha256(content));
        assertThat(vault.exists(ref)).isTrue();
        assertThat(VendorFixtures.readAll(vault.readSelfie(ada.ownerCopy(), ada.id(), ref)))
                .isEqualTo(content);
    }

    @Test
    void large_content_streams_in_and_out_unchanged() {
        PhotoRef ref = ada.selfiePhotos().get(1);
        Digest expected = VendorFixtures.digestOf(VendorFixtures.generatedStream(42, LARGE));

        PhotoVault.Stored stored = vault.put(ada.id(), ref, VendorFixtures.generatedStream(42, LARGE), LARGE);

        assertThat(stored.size()).isEqualTo(LARGE);
        assertThat(stored.sha256()).isEqualTo(expected);
        assertThat(VendorFixtures.digestOf(vault.readSelfie(ada.ownerCopy(), ada.id(), ref)))
                .isEqualTo(expected);
    }

    @Test
    void an_empty_photo_is_stored_as_zero_bytes() {
        PhotoRef ref = ada.selfiePhotos().get(2);

        PhotoVault.Stored stored = vault.put(ada.id(), ref, new ByteArrayInputStream(new byte[0]), 0);

        assertThat(stored.size()).isZero();
        assertThat(stored.sha256()).isEqualTo(Digest.sha256(new byte[0]));
    }

    @Test
    void a_stream_that_fails_leaves_nothing_behind() {
        PhotoRef ref = ada.selfiePhotos().getFirst();
        InputStream breaksMidway = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= 100_000) {
                    throw new IOException("connection reset by the uploader");
                }
                return served & 0xff;
            }
        };

        assertThatThrownBy(() -> vault.put(ada.id(), ref, breaksMidway, 1_000_000))
                .isInstanceOf(RuntimeException.class);
        assertThat(vault.exists(ref)).isFalse();
    }

    @Test
    void a_stream_shorter_or_longer_than_declared_leaves_nothing_behind() {
        PhotoRef ref = ada.selfiePhotos().getFirst();
        byte[] content = VendorFixtures.pseudoRandomBytes(9, 5_000);

        assertThatThrownBy(() -> vault.put(ada.id(), ref, new ByteArrayInputStream(content), 6_000))
                .isInstanceOf(RuntimeException.class);
        assertThat(vault.exists(ref)).isFalse();
        assertThatThrownBy(() -> vault.put(ada.id(), ref, new ByteArrayInputStream(content), 4_000))
                .isInstanceOf(RuntimeException.class);
        assertThat(vault.exists(ref)).isFalse();
    }

    @Test
    void a_permit_for_another_orders_selfies_is_refused() {
        PhotoRef ref = adasFirstSelfieStored(2);
        Customer adasOtherOrder = ada.anotherOrder();

        assertThat(adasOtherOrder.ownerCopy().covers(ref))
                .as("fixture: the other order's permit")
                .isFalse();
        assertThatThrownBy(() -> vault.readSelfie(adasOtherOrder.ownerCopy(), ada.id(), ref))
                .isInstanceOf(SecurityException.class);
    }

    @Test
    void another_persons_permit_is_refused() {
        PhotoRef ref = adasFirstSelfieStored(3);

        assertThatThrownBy(() -> vault.readSelfie(grace.ownerCopy(), grace.id(), ref))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> vault.readSelfie(grace.ownerCopy(), ada.id(), ref))
                .isInstanceOf(SecurityException.class);
    }

    @Test
    void a_covering_permit_does_not_open_the_selfie_as_someone_else() {
        PhotoRef ref = adasFirstSelfieStored(4);

        assertThatThrownBy(() -> VendorFixtures.readAll(vault.readSelfie(ada.ownerCopy(), grace.id(), ref)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void a_selfie_never_comes_out_through_the_headshot_door() {
        PhotoRef ref = adasFirstSelfieStored(5);

        assertThatThrownBy(() -> vault.readHeadshot(ada.id(), ref)).isInstanceOf(SecurityException.class);
    }

    @Test
    void a_headshot_reads_back_for_its_owner_only() {
        PhotoRef ref = ada.newHeadshotPhoto();
        byte[] content = VendorFixtures.pseudoRandomBytes(6, 20_000);
        vault.put(ada.id(), ref, new ByteArrayInputStream(content), content.length);

        assertThat(VendorFixtures.readAll(vault.readHeadshot(ada.id(), ref))).isEqualTo(content);
        assertThatThrownBy(() -> VendorFixtures.readAll(vault.readHeadshot(grace.id(), ref)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void deleting_answers_evidence_and_the_bytes_are_gone() {
        PhotoRef ref = adasFirstSelfieStored(7);
        String subject = ada.order().liveSelfies().getFirst().id().toString();

        DeletionEvidence evidence =
                vault.delete(ref, DataCategory.SELFIE, subject, DeletionReason.REMOVED_BY_PERSON, NOW);

        assertThat(evidence.category()).isEqualTo(DataCategory.SELFIE);
        assertThat(evidence.subject()).isEqualTo(subject);
        assertThat(evidence.where()).isEqualTo(Location.PHOTO_VAULT);
        assertThat(evidence.at()).isEqualTo(NOW);
        assertThat(evidence.reason()).isEqualTo(DeletionReason.REMOVED_BY_PERSON);
        assertThat(evidence.confirmation()).isNotBlank().doesNotContain("@");
        assertThat(vault.exists(ref)).isFalse();
        assertThatThrownBy(() -> VendorFixtures.readAll(vault.readSelfie(ada.ownerCopy(), ada.id(), ref)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void deleting_twice_succeeds_with_evidence_both_times() {
        PhotoRef ref = ada.newHeadshotPhoto();
        vault.put(ada.id(), ref, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(8, 1000)), 1000);
        Instant later = NOW.plus(Duration.ofMinutes(5));

        vault.delete(ref, DataCategory.HEADSHOT, "headshot-1", DeletionReason.HEADSHOTS_DELIVERED, NOW);
        DeletionEvidence again =
                vault.delete(ref, DataCategory.HEADSHOT, "headshot-1", DeletionReason.HEADSHOTS_DELIVERED, later);

        assertThat(again.subject()).isEqualTo("headshot-1");
        assertThat(again.where()).isEqualTo(Location.PHOTO_VAULT);
        assertThat(again.at()).isEqualTo(later);
        assertThat(vault.exists(ref)).isFalse();
    }

    @Test
    void deleting_what_was_never_stored_succeeds() {
        PhotoRef ref = ada.selfiePhotos().get(3);

        DeletionEvidence evidence =
                vault.delete(ref, DataCategory.SELFIE, "never-stored", DeletionReason.DRAFT_ABANDONED, NOW);

        assertThat(evidence.reason()).isEqualTo(DeletionReason.DRAFT_ABANDONED);
        assertThat(vault.exists(ref)).isFalse();
    }

    @Test
    void erasing_an_owner_leaves_nothing_of_theirs_readable_and_touches_no_one_else() {
        PhotoRef adaSelfie1 = ada.selfiePhotos().get(0);
        PhotoRef adaSelfie2 = ada.selfiePhotos().get(1);
        PhotoRef adaHeadshot = ada.newHeadshotPhoto();
        PhotoRef graceSelfie = grace.selfiePhotos().getFirst();
        PhotoRef graceHeadshot = grace.newHeadshotPhoto();
        byte[] graceSelfieBytes = VendorFixtures.pseudoRandomBytes(9, 3000);
        byte[] graceHeadshotBytes = VendorFixtures.pseudoRandomBytes(10, 3000);
        vault.put(ada.id(), adaSelfie1, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(11, 3000)), 3000);
        vault.put(ada.id(), adaSelfie2, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(12, 3000)), 3000);
        vault.put(ada.id(), adaHeadshot, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(13, 3000)), 3000);
        vault.put(grace.id(), graceSelfie, new ByteArrayInputStream(graceSelfieBytes), graceSelfieBytes.length);
        vault.put(grace.id(), graceHeadshot, new ByteArrayInputStream(graceHeadshotBytes), graceHeadshotBytes.length);

        List<DeletionEvidence> evidence = vault.eraseOwner(ada.id(), NOW);

        assertThat(evidence)
                .extracting(DeletionEvidence::category)
                .containsExactlyInAnyOrder(DataCategory.SELFIE, DataCategory.HEADSHOT);
        assertThat(evidence).allSatisfy(e -> {
            assertThat(e.where()).isEqualTo(Location.PHOTO_VAULT);
            assertThat(e.subject()).isEqualTo(ada.id().toString());
            assertThat(e.reason()).isEqualTo(DeletionReason.ACCOUNT_ERASED);
            assertThat(e.at()).isEqualTo(NOW);
            assertThat(e.confirmation()).isNotBlank().doesNotContain("@");
            assertThat(e.answer()).as("what the store answered (R27)").isPresent();
        });
        assertThat(evidence)
                .as("the object count of each kind")
                .extracting(e -> e.answer().orElseThrow().objectCount())
                .containsExactlyInAnyOrder(2, 1);
        for (PhotoRef ref : new PhotoRef[] {adaSelfie1, adaSelfie2, adaHeadshot}) {
            assertThat(vault.exists(ref)).as("%s after erasure", ref).isFalse();
        }
        assertThatThrownBy(() -> VendorFixtures.readAll(vault.readSelfie(ada.ownerCopy(), ada.id(), adaSelfie1)))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> VendorFixtures.readAll(vault.readHeadshot(ada.id(), adaHeadshot)))
                .isInstanceOf(RuntimeException.class);
        assertThat(VendorFixtures.readAll(vault.readSelfie(grace.ownerCopy(), grace.id(), graceSelfie)))
                .isEqualTo(graceSelfieBytes);
        assertThat(VendorFixtures.readAll(vault.readHeadshot(grace.id(), graceHeadshot)))
                .isEqualTo(graceHeadshotBytes);
    }

    @Test
    void erasing_an_owner_twice_or_one_with_nothing_stored_succeeds() {
        vault.put(
                ada.id(),
                ada.selfiePhotos().getFirst(),
                new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(14, 100)),
                100);
        AccountId nobody = new AccountId(UUID.randomUUID());

        vault.eraseOwner(ada.id(), NOW);
        List<DeletionEvidence> again = vault.eraseOwner(ada.id(), NOW.plusSeconds(60));
        List<DeletionEvidence> none = vault.eraseOwner(nobody, NOW);

        assertThat(again).isNotEmpty().allSatisfy(e -> {
            assertThat(e.subject()).isEqualTo(ada.id().toString());
            assertThat(e.at()).isEqualTo(NOW.plusSeconds(60));
        });
        assertThat(none).isNotEmpty().allSatisfy(e -> assertThat(e.subject()).isEqualTo(nobody.toString()));
        assertThat(vault.exists(ada.selfiePhotos().getFirst())).isFalse();
    }

    // ---- the listing the orphan pass reads (R10) ------------------------------------------------

    @Test
    void an_empty_vault_lists_nothing() {
        assertThat(vault.list(Optional.empty(), 10)).isEmpty();
    }

    @Test
    void the_listing_names_every_photo_once_with_its_owner_in_key_order_page_by_page() {
        List<PhotoRef> adas =
                List.of(ada.selfiePhotos().get(0), ada.selfiePhotos().get(1), ada.newHeadshotPhoto());
        PhotoRef graces = grace.selfiePhotos().getFirst();
        for (PhotoRef ref : adas) {
            vault.put(ada.id(), ref, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(20, 100)), 100);
        }
        vault.put(grace.id(), graces, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(21, 100)), 100);

        List<PhotoVault.Listed> all = new ArrayList<>();
        Optional<PhotoRef> after = Optional.empty();
        List<Integer> pages = new ArrayList<>();
        for (List<PhotoVault.Listed> page;
                !(page = vault.list(after, 3)).isEmpty();
                after = Optional.of(page.getLast().ref())) {
            pages.add(page.size());
            all.addAll(page);
            if (page.size() < 3) {
                break;
            }
        }

        assertThat(pages).containsExactly(3, 1);
        assertThat(all).extracting(l -> l.ref().key()).isSorted().doesNotHaveDuplicates();
        assertThat(all)
                .extracting(PhotoVault.Listed::ref)
                .containsExactlyInAnyOrder(adas.get(0), adas.get(1), adas.get(2), graces);
        assertThat(all)
                .allSatisfy(l -> assertThat(l.owner()).isEqualTo(l.ref().equals(graces) ? grace.id() : ada.id()));
    }

    @Test
    void a_listed_photo_is_dated_when_its_bytes_were_stored() {
        PhotoRef ref = ada.selfiePhotos().getFirst();
        Instant before = Instant.now();
        vault.put(ada.id(), ref, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(22, 100)), 100);
        Instant after = Instant.now();

        PhotoVault.Listed listed = vault.list(Optional.empty(), 10).getFirst();

        // Stores keep whole seconds, some round: a second's leeway either side.
        assertThat(listed.storedAt())
                .isBetween(before.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS), after.plusSeconds(1));
    }

    @Test
    void deleted_and_erased_photos_are_not_listed() {
        PhotoRef deleted = ada.selfiePhotos().get(0);
        PhotoRef kept = grace.selfiePhotos().get(0);
        vault.put(ada.id(), deleted, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(23, 100)), 100);
        vault.put(
                ada.id(),
                ada.newHeadshotPhoto(),
                new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(24, 100)),
                100);
        vault.put(grace.id(), kept, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(25, 100)), 100);

        vault.delete(deleted, DataCategory.SELFIE, "s1", DeletionReason.REMOVED_BY_PERSON, NOW);
        vault.eraseOwner(ada.id(), NOW);

        assertThat(vault.list(Optional.empty(), 10))
                .extracting(PhotoVault.Listed::ref)
                .containsExactly(kept);
    }

    /** Stores 1000 pseudo-random bytes (from {@code seed}) as Ada's first selfie and answers its reference. */
    private PhotoRef adasFirstSelfieStored(int seed) {
        PhotoRef ref = ada.selfiePhotos().getFirst();
        vault.put(ada.id(), ref, new ByteArrayInputStream(VendorFixtures.pseudoRandomBytes(seed, 1000)), 1000);
        return ref;
    }
}
