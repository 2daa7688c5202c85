package ai.kaptura.application.order;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.SelfieAdvices;
import ai.kaptura.ports.out.Transactions;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Photo-quality advice (R51), computed by a durable job after the upload was answered
 * ({@link ai.kaptura.ports.out.JobKind#ADVISE_SELFIE}, enqueued in the upload's own transaction): the new selfie, read
 * back sanitised from the vault, is measured on this server by the {@link PhotoAnalysis} and compared with the order's
 * live selfies uploaded before it. The {@link AdvicePolicy} turns the measures into flags, and only those flags are
 * kept ({@link SelfieAdvices}), with a {@link AuditAction#PHOTO_ADVICE_COMPUTED} entry: no face box, no hash, no pixel.
 *
 * <p>Whose processing this is: the job reads the photos through the consent guard's owner's-copy permit
 * ({@link BiometricGuard#forOwnerCopy}), the same permit the person's own thumbnails and export use. That permit is
 * bound to the order's owner and the order's live photos only, not to a request or a session, so it is as valid in a
 * job as in the upload's request: the job acts for the owner, on their own draft, to tell them (and nobody else) about
 * their own photos, which never leave this server. It is the owner's processing under R51, not a use of the selfies
 * for anyone else, which is why the consent to vendor training is neither needed nor asked for here. The job checks
 * again, when it runs, that this still holds: the account may still be processed, the order is still before payment
 * and the selfie is still live; otherwise it does nothing.
 *
 * <p>Why the earlier selfies are read again rather than their hashes kept: a perceptual hash of a face photo is a
 * derivative of biometric data that would have to be kept, protected and deleted like the photo; reading the photos
 * that are kept anyway costs time in the job (one small decode each, bounded by the order's twenty selfies) and keeps
 * nothing new.
 *
 * <p>Advice is optional: an analysis that fails, is busy or cannot load its native library gives no advice, one
 * warning in the log, and the job ends as done (it is not retried). Nothing here refuses an upload or a checkout.
 *
 * <p>Idempotent: the flags and the audit entry are written in one transaction, only if the selfie has no advice yet,
 * so a job run again after a crash (before or after that transaction) records them once.
 *
 * @param policy the thresholds that turn measures into advice
 */
@Implements(Rule.R51)
public record PhotoAdvisor(
        PhotoAnalysis analysis,
        SelfieAdvices advices,
        PhotoVault vault,
        AdvicePolicy policy,
        Orders orders,
        Accounts accounts,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock) {

    private static final System.Logger LOG = System.getLogger(PhotoAdvisor.class.getName());

    public PhotoAdvisor {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(advices, "advices");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(tx, "tx");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(clock, "clock");
    }

    /** Whether an order is one whose photos are advised on: before payment (a draft, or one at checkout). */
    public static boolean advisable(Order order) {
        return order.status() == OrderStatus.DRAFT || order.status() == OrderStatus.AWAITING_PAYMENT;
    }

    /**
     * The job: computes and records the advice of {@code selfie} of {@code order}, once. Does nothing when the selfie
     * was removed, the order moved past payment or is gone, the account is being erased (or may not be processed), or
     * the selfie already has advice; records nothing when the analysis could not run. Throws only when the database
     * does, so that the job is tried again.
     */
    public void adviseStored(OrderId order, SelfieId selfie) {
        Optional<Target> target = target(order, selfie);
        if (target.isEmpty()) {
            return;
        }
        Optional<SelfieAdvice> advice =
                analyse(target.get().owner(), target.get().order(), selfie, clock.instant());
        if (advice.isEmpty()) {
            return;
        }
        Retry.onConflict(() -> tx.inTransaction(() -> {
            // Checked again in the transaction that records: the person may have removed the photo meanwhile.
            if (target(order, selfie).isEmpty()) {
                return false;
            }
            advices.record(order, selfie, advice.get());
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.PHOTO_ADVICE_COMPUTED,
                    Subject.of("selfie", selfie),
                    Rule.R51,
                    Map.of("order", order, "flags", advice.get().flags().toString()));
            return true;
        }));
    }

    /** The order and owner of a selfie still to be advised on, if it is. */
    private Optional<Target> target(OrderId orderId, SelfieId selfie) {
        Optional<Order> order = orders.find(orderId)
                .filter(PhotoAdvisor::advisable)
                .filter(o -> o.selfie(selfie).filter(Selfie::isLive).isPresent());
        if (order.isEmpty()) {
            return Optional.empty();
        }
        Optional<Account> owner = accounts.find(order.get().account()).filter(Account::mayProcess);
        if (owner.isEmpty() || advices.of(orderId).containsKey(selfie)) {
            return Optional.empty();
        }
        return Optional.of(new Target(owner.get(), order.get()));
    }

    private record Target(Account owner, Order order) {}

    /**
     * The advice for {@code selfie}, a live selfie of {@code order}, compared with the order's live selfies uploaded
     * before it, all read through the owner's-copy permit; empty (with one warning logged) when the analysis could not
     * run. Never throws for the photo's sake. The job's work without its checks and its record, for the benchmark too.
     */
    public Optional<SelfieAdvice> analyse(Account owner, Order order, SelfieId selfie, Instant now) {
        try {
            if (!(BiometricGuard.forOwnerCopy(owner, order, now) instanceof Result.Ok<SelfieReadPermit>(var permit))) {
                return Optional.empty();
            }
            PhotoRef photo = order.selfie(selfie).flatMap(Selfie::photo).orElseThrow();
            List<PhotoAnalysis.Earlier> earlier = new ArrayList<>();
            for (Selfie before : order.liveSelfies()) {
                if (before.id().equals(selfie)) {
                    break;
                }
                before.photo()
                        .ifPresent(ref -> earlier.add(new PhotoAnalysis.Earlier(
                                before.id(), () -> vault.readSelfie(permit, owner.id(), ref))));
            }
            PhotoAnalysis.Result result;
            try (InputStream in = vault.readSelfie(permit, owner.id(), photo)) {
                result = analysis.analyse(in, earlier);
            }
            return switch (result) {
                case PhotoAnalysis.Measured(var measures, var likeness) ->
                    Optional.of(policy.advise(measures, likeness));
                case PhotoAnalysis.Unavailable(String why) -> {
                    LOG.log(System.Logger.Level.WARNING, "No photo-quality advice for this upload: " + why);
                    yield Optional.empty();
                }
            };
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Photo-quality advice failed; the selfie stays without it", e);
            return Optional.empty();
        }
    }
}
