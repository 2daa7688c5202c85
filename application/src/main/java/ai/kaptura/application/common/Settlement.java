package ai.kaptura.application.common;

import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.ports.out.Jobs;
import java.time.Instant;
import java.util.Map;

/**
 * Saves an order after any change and draws its consequences in the same transaction: whatever the
 * retention policy now makes due is marked (R10, R11, R14), deletions are scheduled as durable jobs, and
 * a payment for an order that ended undelivered is refunded. Every consequence is audited (R46).
 */
public final class Settlement {

    private final OrderBook book;
    private final Jobs jobs;
    private final AuditTrail audit;

    public Settlement(OrderBook book, Jobs jobs, AuditTrail audit) {
        this.book = book;
        this.jobs = jobs;
        this.audit = audit;
    }

    public Order settle(Order changed, Instant now) {
        Order applied = BiometricRetention.apply(book.situation(changed), book.policy(), now);
        Order saved = book.save(applied);
        long pending = saved.selfies().stream().filter(Selfie.PendingDeletion.class::isInstance).count();
        long newlyDue = pending - changed.selfies().stream().filter(Selfie.PendingDeletion.class::isInstance).count();
        if (newlyDue > 0) {
            Selfie.PendingDeletion any = (Selfie.PendingDeletion) saved.selfies().stream()
                    .filter(Selfie.PendingDeletion.class::isInstance).findFirst().orElseThrow();
            audit.record(Actor.SYSTEM, AuditAction.SELFIE_DELETION_DUE, Subject.of("order", saved.id()), any.reason().rule(),
                    Map.of("selfies", newlyDue, "reason", any.reason()));
        }
        if (pending > 0) {
            jobs.enqueue(JobRequests.deleteSelfies(saved, now));
        }
        if (saved.model().isPresent() && saved.model().get() instanceof VendorModel.DeletionRequested requested) {
            boolean newlyRequested = !(changed.model().isPresent() && changed.model().get() instanceof VendorModel.DeletionRequested);
            if (newlyRequested) {
                audit.record(Actor.SYSTEM, AuditAction.MODEL_DELETION_REQUESTED, Subject.of("model", requested.ref()),
                        requested.reason().rule(), Map.of("order", saved.id(), "reason", requested.reason()));
            }
            jobs.enqueue(JobRequests.deleteVendorModel(saved, now));
        }
        if (saved.needsRefund()) {
            // The amount travels with the job, so the refund needs nothing of the order when it runs (R48: it is
            // retried until it succeeds, even after an erasure has deleted the order).
            jobs.enqueue(JobRequests.refund(saved.id(), saved.payment().orElseThrow(), saved.price(), now));
        }
        return saved;
    }

    /** Exposed for callers that only need the policy's view, e.g. the sweep. */
    public BiometricRetention.Situation situation(Order order) {
        return book.situation(order);
    }
}
