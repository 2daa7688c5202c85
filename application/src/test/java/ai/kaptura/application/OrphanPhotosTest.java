package ai.kaptura.application;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.ports.in.ReconcileVault;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.fake.InMemoryOrders;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R10 for photos no row accounts for: a photo is stored before its row commits, so a crash in between leaves it in the
 * vault; the recurring reconciliation deletes it once its grace period is over, with evidence and an audit entry, and
 * never touches a photo whose row exists.
 */
@Tag("R10")
class OrphanPhotosTest {

    private final TestKaptura k = new TestKaptura().withPolicy();

    private PhotoRef storeWithoutRow(String kind, AccountId owner) {
        PhotoRef ref = new PhotoRef(kind + "/" + owner + "/" + UUID.randomUUID());
        k.vault.put(owner, ref, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        return ref;
    }

    @Test
    void a_selfie_whose_upload_never_committed_is_deleted_after_the_grace_period_with_evidence_and_an_audit_entry() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(2);
        PhotoRef orphan = storeWithoutRow("selfie", ada.account);

        ReconcileVault.Report early = k.reconciliation.handle();
        k.clock.advance(TestKaptura.ORPHAN_GRACE.plusMinutes(1));
        ReconcileVault.Report due = k.reconciliation.handle();

        assertThat(early).isEqualTo(new ReconcileVault.Report(3, 0, 1, 0));
        assertThat(due).isEqualTo(new ReconcileVault.Report(3, 1, 0, 0));
        assertThat(k.vault.exists(orphan)).isFalse();
        assertThat(k.vault.countOf(ada.account)).as("the uploaded selfies stay").isEqualTo(2);
        String id = orphan.key().substring(orphan.key().lastIndexOf('/') + 1);
        assertThat(k.stores.deletionRecords().since(TestKaptura.START, 10))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.category()).isEqualTo(DataCategory.SELFIE);
                    assertThat(e.subject()).isEqualTo(id);
                    assertThat(e.where()).isEqualTo(Location.PHOTO_VAULT);
                    assertThat(e.reason()).isEqualTo(DeletionReason.ORPHANED);
                    assertThat(e.rule().id()).isEqualTo("R10");
                });
        assertThat(audited(AuditAction.ORPHAN_PHOTO_DELETED)).singleElement().satisfies(e -> {
            assertThat(e.event().subject().id()).isEqualTo(id);
            assertThat(e.event().details()).containsEntry("owner", ada.account.toString());
            assertThat(e.event().details().values()).noneMatch(v -> v.contains("@"));
        });
        assertThat(k.auditor.verifyChain()).isInstanceOf(AuditChain.Verification.Intact.class);
    }

    @Test
    void a_photo_whose_row_exists_is_never_deleted_however_old() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order().upload(8);

        k.clock.advance(Duration.ofDays(3));
        ReconcileVault.Report report = k.reconciliation.handle();

        assertThat(report.deleted()).isZero();
        assertThat(k.vault.countOf(ada.account)).isEqualTo(8);
        assertThat(ada.current().liveSelfies()).hasSize(8);
    }

    @Test
    void the_photos_of_an_erased_account_that_the_erasure_missed_go_too() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        k.erase.erase(ada.account);
        k.runDueJobs();
        PhotoRef late = storeWithoutRow("selfie", ada.account);

        k.clock.advance(TestKaptura.ORPHAN_GRACE.plusSeconds(1));
        k.reconciliation.handle();

        assertThat(k.vault.exists(late)).isFalse();
    }

    @Test
    void a_headshot_of_an_account_still_generating_waits_until_its_order_leaves_production() {
        Journey ada = new Journey(k, "ada@example.com").generating();
        assertThat(ada.current().status()).isEqualTo(OrderStatus.GENERATING);
        PhotoRef copied = storeWithoutRow("headshot", ada.account);
        k.clock.advance(TestKaptura.ORPHAN_GRACE.plusMinutes(5));

        ReconcileVault.Report generating = k.reconciliation.handle();
        assertThat(generating.inProduction()).isEqualTo(1);
        assertThat(k.vault.exists(copied)).isTrue();

        ada.generationFinishes();
        k.runDueJobs();
        assertThat(ada.current().status()).isEqualTo(OrderStatus.DELIVERED);
        k.reconciliation.handle();

        assertThat(k.vault.exists(copied)).isFalse();
        assertThat(ada.current().headshots())
                .allSatisfy(h -> assertThat(k.vault.exists(h.photo())).isTrue());
    }

    @Test
    void a_row_that_commits_while_the_pass_runs_keeps_its_photo() {
        Journey ada = new Journey(k, "ada@example.com").signIn().order();
        PhotoRef racing = storeWithoutRow("selfie", ada.account);
        k.clock.advance(TestKaptura.ORPHAN_GRACE.plusMinutes(1));
        AtomicInteger lookups = new AtomicInteger();
        // The page is looked up before the row commits; the photo alone, just before its deletion, after.
        Orders committingMeanwhile = new DelegatingOrders(k.stores.orders()) {
            @Override
            public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
                return lookups.incrementAndGet() == 1 ? Set.of() : Set.of(racing);
            }
        };
        VaultReconciliation pass = new VaultReconciliation(
                k.vault,
                committingMeanwhile,
                k.stores.deletionRecords(),
                k.stores.transactions(),
                k.audit,
                k.clock,
                TestKaptura.ORPHAN_GRACE);

        ReconcileVault.Report report = pass.handle();

        assertThat(lookups).hasValue(2);
        assertThat(report.deleted()).isZero();
        assertThat(k.vault.exists(racing)).isTrue();
    }

    private List<AuditEntry> audited(AuditAction action) {
        return k.stores.auditLog().read(1, 10_000).stream()
                .filter(e -> e.event().action() == action)
                .toList();
    }

    /** Every question to the real store, but those a test overrides. */
    private static class DelegatingOrders implements Orders {
        private final InMemoryOrders real;

        DelegatingOrders(InMemoryOrders real) {
            this.real = real;
        }

        @Override
        public Optional<Order> find(OrderId id) {
            return real.find(id);
        }

        @Override
        public List<Order> ofAccount(AccountId account) {
            return real.ofAccount(account);
        }

        @Override
        public Optional<Order> findByHeadshot(HeadshotId headshot) {
            return real.findByHeadshot(headshot);
        }

        @Override
        public Order save(Order order, Optional<Instant> due) {
            return real.save(order, due);
        }

        @Override
        public List<OrderId> dueForRetention(Instant now, int limit) {
            return real.dueForRetention(now, limit);
        }

        @Override
        public List<OrderId> inProductionSince(Instant stageBegunBy, int limit) {
            return real.inProductionSince(stageBegunBy, limit);
        }

        @Override
        public List<OrderId> awaitingModelDeletion(int limit) {
            return real.awaitingModelDeletion(limit);
        }

        @Override
        public List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit) {
            return real.modelsUnconfirmedSince(trainedBy, limit);
        }

        @Override
        public List<OrderId> stalledSince(Instant stageBegunBy, int limit) {
            return real.stalledSince(stageBegunBy, limit);
        }

        @Override
        public List<OrderId> withSelfiesPendingDeletion(Instant since, int limit) {
            return real.withSelfiesPendingDeletion(since, limit);
        }

        @Override
        public List<OrderId> awaitingRefund(int limit) {
            return real.awaitingRefund(limit);
        }

        @Override
        public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
            return real.referenced(photos);
        }

        @Override
        public void delete(OrderId id) {
            real.delete(id);
        }
    }
}
