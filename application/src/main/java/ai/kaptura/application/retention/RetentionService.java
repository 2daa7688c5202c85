package ai.kaptura.application.retention;

import ai.kaptura.application.audit.AuditPruning;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.Trigger;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.RunRetention;
import ai.kaptura.ports.out.CookieChoices;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * The retention sweep. It reads only what the store's due-time index says is due, applies the one
 * retention policy to it (R12) and schedules the deletions; it also deletes expired sign-in codes,
 * sessions and cookie choices by the same policy's periods, removes rate-limit counters whose window has
 * lapsed (the policy's "at once after its counting window lapses", R12, R47), deletes privacy requests closed longer
 * ago than the policy keeps them and prunes audit entries older than it keeps them, only through a signed checkpoint
 * at the cut ({@link AuditPruning}, R12, R46). It also queues again every due
 * deletion, erasure and refund that has no live job ({@link StrandedDeletions}, R48). A vendor model still unconfirmed
 * 30 days after training (R14) is one of the promises the alarm check watches (R49), not the sweep.
 */
public record RetentionService(
        Orders orders,
        OrderBook book,
        RetentionConsequences consequences,
        SignInChallenges challenges,
        Sessions sessions,
        CookieChoices cookies,
        RateLimits rateLimits,
        RetentionPolicy policy,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock,
        StrandedDeletions stranded,
        PrivacyRequests requests,
        AuditPruning pruning)
        implements RunRetention {

    /** Orders handled per sweep; the next sweep picks up the rest. */
    static final int BATCH = 500;

    @Override
    public Report handle() {
        Instant now = clock.instant();
        int examined = 0;
        int selfiesDue = 0;
        int modelsRequested = 0;
        for (OrderId id : orders.dueForRetention(now, BATCH)) {
            examined++;
            Order[] before = new Order[1];
            Order after = Retry.onConflict(() -> tx.inTransaction(() -> {
                before[0] = book.require(id);
                return consequences.saveTransition(before[0], now);
            }));
            selfiesDue += count(after, Selfie.PendingDeletion.class) - count(before[0], Selfie.PendingDeletion.class);
            if (after.model().orElse(null) instanceof VendorModel.DeletionRequested
                    && !(before[0].model().orElse(null) instanceof VendorModel.DeletionRequested)) {
                modelsRequested++;
            }
        }
        int codes = tx.inTransaction(() ->
                challenges.deleteIssuedBefore(policy.triggeredBefore(DataCategory.SIGN_IN_CODE, Trigger.CREATED, now)));
        int ended = tx.inTransaction(
                () -> sessions.deleteEndedBefore(policy.triggeredBefore(DataCategory.SESSION, Trigger.ENDED, now)));
        int choices = tx.inTransaction(() ->
                cookies.deleteMadeBefore(policy.triggeredBefore(DataCategory.COOKIE_CHOICE, Trigger.CREATED, now)));
        int closedRequests = tx.inTransaction(() ->
                requests.deleteClosedBefore(policy.triggeredBefore(DataCategory.PRIVACY_REQUEST, Trigger.CLOSED, now)));
        // Counters commit on their own (an attempt once counted stays counted), so they are removed outside a
        // transaction.
        int counters = rateLimits.removeExpired();
        // After the due orders were saved with their consequences, so a deletion decided just now has its job already
        // (R48).
        int requeued = stranded.requeue(now);
        // Last, so that what this sweep deleted is audited in entries the pruning keeps.
        int pruned = pruning.prune(now);
        int orderCount = examined;
        if (orderCount + codes + ended + choices + counters + requeued + closedRequests + pruned > 0) {
            tx.run(() -> audit.record(
                    Actor.SYSTEM,
                    AuditAction.RETENTION_APPLIED,
                    Subject.of("sweep", now.toEpochMilli()),
                    Rule.R12,
                    Map.of(
                            "orders",
                            orderCount,
                            "sign_in_codes",
                            codes,
                            "sessions",
                            ended,
                            "cookie_choices",
                            choices,
                            "rate_limit_counters",
                            counters,
                            "jobs_requeued",
                            requeued,
                            "privacy_requests",
                            closedRequests,
                            "audit_entries",
                            pruned)));
        }
        return new Report(
                examined,
                Math.max(selfiesDue, 0),
                modelsRequested,
                codes,
                ended,
                choices,
                counters,
                requeued,
                closedRequests,
                pruned);
    }

    private static int count(Order order, Class<?> state) {
        return (int) order.selfies().stream().filter(state::isInstance).count();
    }
}
