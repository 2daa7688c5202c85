package ai.kaptura.application.retention;

import ai.kaptura.application.common.JobRequests;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * R48, the sweep's half: work that is due and has no live job — its job was lost, or gave up before R48 held — is
 * queued again. That is: selfies due for deletion still in the vault, vendor models whose deletion is requested and
 * unconfirmed, open erasures, and payments owed back whose refund the processor never accepted. Each is queued
 * under the key its decision would have had, and only when no job about it is live, so sweeping again queues
 * nothing twice. Jobs of those kinds found dead are scheduled again first, under their own keys. Selfies a legal hold
 * keeps are not queued: their deletion waits for the hold, whose lifting queues it (R11).
 */
@Implements(Rule.R48)
public record StrandedDeletions(
        Orders orders, PrivacyRequests requests, Jobs jobs, AuditLog auditLog, LegalHolds holds) {

    /** Items of each kind looked at per sweep; the next sweep takes the rest. */
    static final int BATCH = 500;
    /** Audit entries read per order owed a refund, to find whether the processor accepted one. */
    static final int AUDIT_ENTRIES_PER_ORDER = 1_000;

    public StrandedDeletions {
        orders = Objects.requireNonNull(orders, "orders");
        requests = Objects.requireNonNull(requests, "requests");
        jobs = Objects.requireNonNull(jobs, "jobs");
        auditLog = Objects.requireNonNull(auditLog, "audit log");
        holds = Objects.requireNonNull(holds, "legal holds");
    }

    /** Queues again every stranded deletion, erasure and refund found; answers how many jobs were queued. */
    public int requeue(Instant now) {
        int queued = jobs.reviveDead(now);
        for (OrderId id : orders.withSelfiesPendingDeletion(now, BATCH)) {
            Optional<Order> order = orders.find(id);
            if (order.isPresent()
                    && holds.activeOn(order.get().account()).isEmpty()
                    && !jobs.anyLive(JobKind.DELETE_SELFIES, JobRequests.selfieDeletionsOf(id))
                    && jobs.enqueue(JobRequests.deleteSelfies(order.get(), now))) {
                queued++;
            }
        }
        for (OrderId id : orders.awaitingModelDeletion(BATCH)) {
            // One key per order: enqueueing it is a no-op while its job is live.
            if (jobs.enqueue(JobRequests.deleteVendorModel(id, now))) {
                queued++;
            }
        }
        for (PrivacyRequest request : requests.open(BATCH)) {
            if (request.kind() == RequestKind.ERASURE
                    && !jobs.anyLive(JobKind.ERASE_ACCOUNT, JobRequests.erasureRunsOf(request.id()))
                    && jobs.enqueue(JobRequests.erase(request.id(), now))) {
                queued++;
            }
        }
        for (OrderId id : orders.awaitingRefund(BATCH)) {
            Optional<Order> order = orders.find(id).filter(Order::needsRefund);
            if (order.isPresent()
                    && !refundAccepted(order.get())
                    && jobs.enqueue(JobRequests.refund(
                            id, order.get().payment().orElseThrow(), order.get().price(), now))) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * Whether the processor already accepted a refund of the order's own payment: the refund job's audit entry, which
     * carries the processor's reference. The order then waits for the processor's confirmation, not for a new job.
     */
    private boolean refundAccepted(Order order) {
        PaymentRef payment = order.payment().orElseThrow();
        for (AuditEntry entry : auditLog.about(order.id().toString(), AUDIT_ENTRIES_PER_ORDER)) {
            var details = entry.event().details();
            if (entry.event().action() == AuditAction.REFUND_REQUESTED
                    && details.containsKey("refund")
                    && details.getOrDefault("payment", payment.value()).equals(payment.value())) {
                return true;
            }
        }
        return false;
    }
}
