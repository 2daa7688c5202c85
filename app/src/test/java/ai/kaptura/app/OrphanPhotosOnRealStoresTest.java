package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.in.ReconcileVault;
import ai.kaptura.ports.out.PhotoVault;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault's reconciliation on the embedded defaults' real stores (R10): the H2 file database and the encrypted
 * filesystem vault, dated by the file system's own clock. A photo whose row committed stays; one whose row never did is
 * deleted once the grace period is over, with its evidence in the database and an audit entry.
 */
class OrphanPhotosOnRealStoresTest {

    @TempDir
    Path dataDir;

    private PersistenceAdapter db;
    private PhotoVault vault;

    @BeforeEach
    void open() {
        db = PersistenceAdapter.open(null, null, null, dataDir);
        db.migrate();
        vault = StorageAdapter.vault(
                "filesystem",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "kaptura",
                dataDir,
                Optional.of(Base64.getEncoder().encodeToString(new byte[32])),
                false,
                db.dataKeys(),
                InstantSource.system());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private VaultReconciliation passAt(InstantSource clock) {
        return new VaultReconciliation(
                vault,
                db.orders(),
                db.deletionRecords(),
                db.transactions(),
                new AuditTrail(db.auditLog(), clock),
                clock,
                OrderModule.ORPHAN_GRACE);
    }

    @Test
    @Tag("R10")
    void a_photo_no_row_names_is_deleted_after_the_grace_period_and_one_whose_row_committed_stays() {
        AccountId ada = new AccountId(UUID.randomUUID());
        Instant now = Instant.now();
        Order order = Order.draft(
                new OrderId(UUID.randomUUID()),
                ada,
                Catalogue.plans().getFirst(),
                List.of(Catalogue.plans().getFirst().styles().getFirst().id()),
                now);
        List<PhotoRef> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SelfieId id = new SelfieId(UUID.randomUUID());
            PhotoRef ref = new PhotoRef("selfie/" + ada + "/" + id);
            PhotoVault.Stored stored = vault.put(ada, ref, new ByteArrayInputStream(new byte[] {(byte) i, 1, 2}), 3);
            order = order.addSelfie(new Selfie.Stored(id, ref, stored.sha256(), stored.size(), now))
                    .orElseThrow();
            kept.add(ref);
        }
        db.orders().save(order, Optional.empty());
        PhotoRef orphan = new PhotoRef("selfie/" + ada + "/" + UUID.randomUUID());
        vault.put(ada, orphan, new ByteArrayInputStream(new byte[] {9, 9, 9}), 3);

        ReconcileVault.Report withinGrace =
                passAt(() -> Instant.now().plus(Duration.ofMinutes(30))).handle();
        ReconcileVault.Report afterGrace = passAt(
                        () -> Instant.now().plus(OrderModule.ORPHAN_GRACE).plus(Duration.ofMinutes(1)))
                .handle();

        assertThat(withinGrace).isEqualTo(new ReconcileVault.Report(4, 0, 1, 0));
        assertThat(afterGrace).isEqualTo(new ReconcileVault.Report(4, 1, 0, 0));
        assertThat(vault.exists(orphan)).isFalse();
        assertThat(kept).allMatch(vault::exists);
        assertThat(db.deletionRecords().since(now.minus(Duration.ofMinutes(1)), 10))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(DeletionReason.ORPHANED);
                    assertThat(orphan.key()).endsWith(e.subject());
                    assertThat(e.confirmation()).contains("filesystem");
                });
        assertThat(db.auditLog().read(1, 100))
                .filteredOn(e -> e.event().action() == AuditAction.ORPHAN_PHOTO_DELETED)
                .hasSize(1);
    }
}
