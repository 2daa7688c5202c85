package ai.kaptura.application.retention;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.ReconcileVault;
import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes the photos the vault holds that no selfie or headshot row accounts for (R10). A photo is stored before the row
 * that names it commits (an upload, a headshot's copy), so a crash, a failed commit or a lost write in between leaves
 * it behind, and no retention rule would ever reach it.
 *
 * <p>Never a photo whose row exists: a photo is deleted only if no row named it when its page was read, it was stored
 * longer ago than the grace period (an upload commits its row within seconds of storing the photo; the grace must
 * exceed that by far), and no row names it when it is about to go. A headshot of an account with an order still
 * generating is left alone too: the job that collects headshots stores the same photo again when it retries, and its
 * row may follow. Each deletion leaves evidence and an audit entry, with pseudonymous ids only.
 */
@Implements(Rule.R10)
public final class VaultReconciliation implements ReconcileVault {

    /** Photos read from the vault, and looked up in the database, at a time. */
    static final int PAGE = 500;

    private final PhotoVault vault;
    private final Orders orders;
    private final DeletionRecords records;
    private final Transactions tx;
    private final AuditTrail audit;
    private final InstantSource clock;
    private final Duration grace;

    /** @param grace how long after it was stored a photo no row names may still be waiting for its row */
    public VaultReconciliation(
            PhotoVault vault,
            Orders orders,
            DeletionRecords records,
            Transactions tx,
            AuditTrail audit,
            InstantSource clock,
            Duration grace) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.records = Objects.requireNonNull(records, "records");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException(
                    "The grace period of the vault's reconciliation must be positive, not " + grace);
        }
        this.grace = grace;
    }

    @Override
    public Report handle() {
        Instant storedBefore = clock.instant().minus(grace);
        int listed = 0;
        int deleted = 0;
        int tooYoung = 0;
        int inProduction = 0;
        Optional<PhotoRef> after = Optional.empty();
        while (true) {
            List<PhotoVault.Listed> page = vault.list(after, PAGE);
            listed += page.size();
            Set<PhotoRef> named =
                    orders.referenced(page.stream().map(PhotoVault.Listed::ref).toList());
            for (PhotoVault.Listed photo : page) {
                if (named.contains(photo.ref())) {
                    continue;
                }
                if (!photo.storedAt().isBefore(storedBefore)) {
                    tooYoung++;
                } else if (isHeadshot(photo.ref()) && collectingHeadshots(photo.owner())) {
                    inProduction++;
                } else if (orders.referenced(List.of(photo.ref())).isEmpty()) {
                    delete(photo);
                    deleted++;
                }
            }
            if (page.size() < PAGE) {
                return new Report(listed, deleted, tooYoung, inProduction);
            }
            after = Optional.of(page.getLast().ref());
        }
    }

    private void delete(PhotoVault.Listed photo) {
        boolean headshot = isHeadshot(photo.ref());
        String key = photo.ref().key();
        String id = key.substring(key.lastIndexOf('/') + 1);
        Instant now = clock.instant();
        DeletionEvidence evidence = vault.delete(
                photo.ref(), headshot ? DataCategory.HEADSHOT : DataCategory.SELFIE, id, DeletionReason.ORPHANED, now);
        tx.run(() -> {
            records.record(evidence);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.ORPHAN_PHOTO_DELETED,
                    Subject.of(headshot ? "headshot" : "selfie", id),
                    Rule.R10,
                    Map.of("owner", photo.owner(), "stored_at", photo.storedAt(), "location", evidence.where()));
        });
    }

    private static boolean isHeadshot(PhotoRef ref) {
        return ref.key().startsWith("headshot/");
    }

    private boolean collectingHeadshots(AccountId owner) {
        return orders.ofAccount(owner).stream().anyMatch(o -> o.status() == OrderStatus.GENERATING);
    }
}
