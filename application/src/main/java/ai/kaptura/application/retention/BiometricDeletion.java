package ai.kaptura.application.retention;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.privacy.ErasureWake;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out biometric deletions decided elsewhere: selfies marked for deletion leave the vault with
 * evidence (R10) unless a legal hold keeps them (R11), and the vendor's model (which no hold keeps) is deleted and confirmed gone only on the vendor's own answer
 * (R14). A check that finds the model still there throws, so the durable job retries with backoff, without limit
 * (R48). When the last of an account's biometric data is confirmed gone, its open erasure goes on at once
 * ({@link ErasureWake}).
 */
public record BiometricDeletion(
        OrderBook book,
        PhotoVault vault,
        HeadshotGenerator generator,
        Transactions tx,
        AuditTrail audit,
        ErasureWake erasures,
        InstantSource clock) {

    /**
     * Deletes every selfie of the order that is due for deletion. Running it twice deletes nothing twice. While a legal
     * hold is in force on the order's account nothing is deleted: the deletion waits, audited, and lifting the hold
     * queues it again (R11).
     */
    public int deleteSelfies(OrderId orderId) {
        Optional<Order> order = book.find(orderId);
        List<Selfie.PendingDeletion> pending = order.stream()
                .flatMap(o -> o.selfies().stream())
                .filter(Selfie.PendingDeletion.class::isInstance)
                .map(Selfie.PendingDeletion.class::cast)
                .toList();
        Optional<AccountHold.Active> hold = pending.isEmpty()
                ? Optional.empty()
                : book.hold(order.orElseThrow().account());
        if (hold.isPresent()) {
            tx.run(() -> audit.record(
                    Actor.SYSTEM,
                    AuditAction.DELETION_HELD,
                    Subject.of("order", orderId),
                    Rule.R11,
                    Map.of(
                            "selfies",
                            pending.size(),
                            "hold",
                            hold.get().id(),
                            "basis",
                            hold.get().hold().basis())));
            return 0;
        }
        for (Selfie.PendingDeletion selfie : pending) {
            DeletionEvidence evidence = vault.delete(
                    selfie.stored(), DataCategory.SELFIE, selfie.id().toString(), selfie.reason(), clock.instant());
            Retry.onConflict(() -> tx.inTransaction(() -> {
                Order saved = book.save(book.require(orderId).selfieDeleted(evidence));
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.SELFIE_DELETED,
                        Subject.of("selfie", selfie.id()),
                        evidence.rule(),
                        Map.of("order", orderId, "reason", evidence.reason(), "location", evidence.where()));
                erasures.afterBiometricDeletion(saved.account(), evidence.at());
                return saved;
            }));
        }
        return pending.size();
    }

    /**
     * Asks the vendor to delete {@code model}, which no order holds: the vendor trained it for an order that was erased
     * before it learned of the model (its submission's answer lost), so the vendor's callback is its only trace (R14).
     * Audited, without an order, once the vendor confirms it gone.
     *
     * @throws IllegalStateException while the vendor still has it (the job retries, without limit: R48)
     */
    public void deleteUnclaimedModel(ModelRef model) {
        String asked = generator.requestDeletion(model);
        switch (generator.verifyDeletion(model)) {
            case HeadshotGenerator.DeletionCheck.Gone gone ->
                tx.run(() -> audit.record(
                        Actor.SYSTEM,
                        AuditAction.MODEL_DELETION_CONFIRMED,
                        Subject.of("model", model),
                        Rule.R14,
                        Map.of(
                                "why",
                                "trained for an order that no longer exists",
                                "asked",
                                asked,
                                "verified",
                                gone.confirmation())));
            case HeadshotGenerator.DeletionCheck.StillThere still ->
                throw new IllegalStateException("The vendor still holds model " + model + ": " + still.detail());
        }
    }

    /**
     * Asks the vendor to delete the order's model and checks that it is gone.
     *
     * @throws IllegalStateException while the vendor still has it (the job retries)
     */
    public void deleteVendorModel(OrderId orderId) {
        // An order that no longer exists was erased, which waits for its model's deletion to be confirmed: nothing is
        // left.
        if (!(book.find(orderId).flatMap(Order::model).orElse(null)
                instanceof VendorModel.DeletionRequested requested)) {
            return;
        }
        String asked = generator.requestDeletion(requested.ref());
        HeadshotGenerator.DeletionCheck check = generator.verifyDeletion(requested.ref());
        Instant now = clock.instant();
        switch (check) {
            case HeadshotGenerator.DeletionCheck.Gone gone ->
                Retry.onConflict(() -> tx.inTransaction(() -> {
                    DeletionEvidence evidence = new DeletionEvidence(
                            DataCategory.VENDOR_MODEL,
                            requested.ref().value(),
                            Location.processor(generator.recordedName()),
                            now,
                            requested.reason(),
                            "deletion asked: " + asked + "; verified: " + gone.confirmation());
                    Order saved = book.save(book.require(orderId).modelDeletionConfirmed(evidence));
                    audit.record(
                            Actor.SYSTEM,
                            AuditAction.MODEL_DELETION_CONFIRMED,
                            Subject.of("model", requested.ref()),
                            evidence.rule(),
                            Map.of("order", orderId));
                    erasures.afterBiometricDeletion(saved.account(), now);
                    return saved;
                }));
            case HeadshotGenerator.DeletionCheck.StillThere still -> {
                Retry.onConflict(() ->
                        tx.inTransaction(() -> book.save(book.require(orderId).modelDeletionAttemptFailed(now))));
                throw new IllegalStateException(
                        "The vendor still holds model " + requested.ref() + ": " + still.detail());
            }
        }
    }
}
