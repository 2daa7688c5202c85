package ai.kaptura.application.common;

import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Jobs;
import java.time.Instant;
import java.util.Map;

/**
 * The retention consequences of an order's transition, drawn in the transaction that saves it. A transition of
 * {@link Order} ({@code deliver}, {@code fail}, {@code cancel}, {@code refunded}, ...) records only what happened; what that
 * makes due is the retention policy's decision, {@link BiometricRetention#apply}, read from the order's history, the
 * account, its consents and its erasure request — the one policy the public schedule is rendered from (R12).
 * {@link #saveTransition} takes the changed order and, in the caller's transaction (state and jobs commit together):
 * <ul>
 *   <li>marks what the policy now makes due: the selfies (R10, R11) and the vendor model (R2, R14);</li>
 *   <li>saves the order with the next instant it becomes due, for the sweep ({@link OrderBook#save(BiometricRetention.Situation)});</li>
 *   <li>selfies due for deletion: audits them when newly due (R46) and queues the durable job that deletes them (R48);</li>
 *   <li>a vendor model whose deletion is requested: audits the request when new and queues the job that deletes and
 *       verifies it (R14, R48);</li>
 *   <li>an order paid for whose purpose ended before delivery ({@link Order#needsRefund()}): queues its refund.</li>
 * </ul>
 * Every transition that can end a purpose is saved through here; the retention sweep saves due orders through here
 * unchanged, so that time alone (an abandoned draft, the absolute cap) makes their data due.
 */
@Implements({Rule.R10, Rule.R14})
public final class RetentionConsequences {

    private final OrderBook book;
    private final Jobs jobs;
    private final AuditTrail audit;

    public RetentionConsequences(OrderBook book, Jobs jobs, AuditTrail audit) {
        this.book = book;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** Saves {@code changed} with what the retention policy makes due by {@code now}; answers the saved order. */
    public Order saveTransition(Order changed, Instant now) {
        BiometricRetention.Situation situation = book.situation(changed);
        Order applied = BiometricRetention.apply(situation, book.policy(), now);
        Order saved = book.save(situation.withOrder(applied));
        long pending = saved.selfies().stream()
                .filter(Selfie.PendingDeletion.class::isInstance)
                .count();
        long newlyDue = pending
                - changed.selfies().stream()
                        .filter(Selfie.PendingDeletion.class::isInstance)
                        .count();
        if (newlyDue > 0) {
            Selfie.PendingDeletion any = (Selfie.PendingDeletion) saved.selfies().stream()
                    .filter(Selfie.PendingDeletion.class::isInstance)
                    .findFirst()
                    .orElseThrow();
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.SELFIE_DELETION_DUE,
                    Subject.of("order", saved.id()),
                    any.reason().rule(),
                    Map.of("selfies", newlyDue, "reason", any.reason()));
        }
        if (pending > 0) {
            jobs.enqueue(JobRequests.deleteSelfies(saved, now));
        }
        if (saved.model().isPresent() && saved.model().get() instanceof VendorModel.DeletionRequested requested) {
            boolean newlyRequested =
                    !(changed.model().isPresent() && changed.model().get() instanceof VendorModel.DeletionRequested);
            if (newlyRequested) {
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.MODEL_DELETION_REQUESTED,
                        Subject.of("model", requested.ref()),
                        requested.reason().rule(),
                        Map.of("order", saved.id(), "reason", requested.reason()));
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
}
