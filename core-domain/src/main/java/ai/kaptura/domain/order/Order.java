package ai.kaptura.domain.order;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A person's order: what they bought, the selfies it holds, the vendor model trained for it and the
 * headshots it produced. Every change returns a new order; a move the lifecycle does not allow throws
 * {@link IllegalTransition}; a request the person can get wrong (too many selfies, a paid order to edit)
 * is a {@link Result.Refused}.
 *
 * <p><b>What a transition makes due.</b> A lifecycle transition ({@link #deliver}, {@link #fail}, {@link #cancel},
 * {@link #refunded}) records only the new status in the history. What it makes due is read from that history by the
 * retention policy, {@link ai.kaptura.domain.biometric.BiometricRetention#apply}: delivery satisfies the selfies'
 * purpose and makes the model's deletion due (R10, R14); an order that ends undelivered ends the purpose too (R10); a
 * paid order that ends undelivered is to be refunded ({@link #needsRefund()}). The application saves every such transition through its
 * {@code RetentionConsequences}, which applies the policy, queues the deletions and the refund, and audits them, in the
 * transaction that saves the order. Only the moves that stop processing at once mark data for deletion themselves: the
 * person discarding ({@link #discard}, {@link #discardSelfie}), a withdrawal, an erasure or a minor flag
 * ({@link #stopProcessing}), and a model the vendor created after such a stop ({@link #modelCreatedAfterStop}).
 *
 * @param headshotsOrdered the number of headshots the plan promised when the order was made
 * @param checkoutAttempts how many checkouts were started; each attempt has its own idempotency key
 * @param checkouts        the checkouts the payment processor opened for the order, in the order they were recorded:
 *                         a payment counts only against one of them, at the amount it asked
 * @param lastActivityAt   the person's last action on the order (abandoned drafts count from here, R10)
 * @param version          optimistic-locking version, kept by the store
 */
@Implements({Rule.R4, Rule.R10, Rule.R14})
public record Order(
        OrderId id,
        AccountId account,
        PlanId plan,
        int headshotsOrdered,
        Money price,
        List<StyleId> styles,
        OrderStatus status,
        List<StatusChange> history,
        List<Selfie> selfies,
        Optional<PaymentRef> payment,
        int checkoutAttempts,
        List<CheckoutAttempt> checkouts,
        Optional<VendorModel> model,
        List<Headshot> headshots,
        Instant lastActivityAt,
        long version) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(lastActivityAt, "last activity");
        styles = List.copyOf(styles);
        history = List.copyOf(history);
        selfies = List.copyOf(selfies);
        headshots = List.copyOf(headshots);
        checkouts = List.copyOf(checkouts);
        if (history.isEmpty() || history.getLast().status() != status) {
            throw new DomainViolation("Order " + id + ": history must end in the current status " + status);
        }
        if (styles.isEmpty()) {
            throw new DomainViolation("Order " + id + " has no style");
        }
    }

    /** A new, private draft: selfies may be uploaded into it before any consent (R4). */
    public static Order draft(OrderId id, AccountId account, Plan plan, List<StyleId> pickedStyles, Instant now) {
        List<StyleId> styles = plan.choose(pickedStyles).orElseThrow();
        return new Order(
                id,
                account,
                plan.id(),
                plan.headshots(),
                plan.price(),
                styles,
                OrderStatus.DRAFT,
                List.of(new StatusChange(OrderStatus.DRAFT, now, "created")),
                List.of(),
                Optional.empty(),
                0,
                List.of(),
                Optional.empty(),
                List.of(),
                now,
                0);
    }

    // ---- reading --------------------------------------------------------------------------------

    public boolean belongsTo(AccountId who) {
        return account.equals(who);
    }

    /** When the order was created (the first entry of its history). */
    public Instant createdAt() {
        return history.getFirst().at();
    }

    public List<Selfie> liveSelfies() {
        return selfies.stream().filter(Selfie::isLive).toList();
    }

    /**
     * Whether nothing biometric of this order is held any more, here or at the vendor: every selfie deleted with
     * evidence (R10) and the model, if one was made, confirmed gone by the vendor (R14). An erasure waits for this on
     * every order of the account before it closes (R27).
     */
    public boolean biometricDataGone() {
        boolean selfiesGone = selfies.stream().allMatch(Selfie.Deleted.class::isInstance);
        boolean modelGone = model.isEmpty() || model.get() instanceof VendorModel.DeletionConfirmed;
        return selfiesGone && modelGone;
    }

    public Optional<Selfie> selfie(SelfieId selfieId) {
        return selfies.stream().filter(s -> s.id().equals(selfieId)).findFirst();
    }

    /** When the order last entered {@code state}, if it ever did. */
    public Optional<Instant> enteredAt(OrderStatus state) {
        Instant found = null;
        for (StatusChange change : history) {
            if (change.status() == state) {
                found = change.at();
            }
        }
        return Optional.ofNullable(found);
    }

    /** When the purpose ended without headshots (failed, cancelled or refunded before delivery), if it did. */
    public Optional<Instant> endedUndeliveredAt() {
        if (enteredAt(OrderStatus.DELIVERED).isPresent()) {
            return Optional.empty();
        }
        return history.stream()
                .filter(c -> c.status().endedUndelivered())
                .map(StatusChange::at)
                .findFirst();
    }

    /** The checkout of the order that the processor knows by {@code reference}, if it is one of the order's. */
    public Optional<CheckoutAttempt> checkout(CheckoutRef reference) {
        return checkouts.stream().filter(c -> c.reference().equals(reference)).findFirst();
    }

    /** The checkout the order is waiting on: the one of its latest attempt, while it awaits payment. */
    public Optional<CheckoutAttempt> openCheckout() {
        if (status != OrderStatus.AWAITING_PAYMENT) {
            return Optional.empty();
        }
        return checkouts.stream().filter(c -> c.attempt() == checkoutAttempts).findFirst();
    }

    /** R4: why this order cannot go to checkout yet, if anything stops it. */
    public Optional<Rejection> checkoutBlocker() {
        if (status != OrderStatus.DRAFT) {
            return Optional.of(
                    Rejection.of(Rejection.Reason.ORDER_NOT_DRAFT, "Order " + id + " is " + status + ", not a draft"));
        }
        int live = liveSelfies().size();
        if (live < LegalConstants.MIN_SELFIES) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.TOO_FEW_SELFIES,
                    "Upload at least " + LegalConstants.MIN_SELFIES + " selfies; this order has " + live));
        }
        return Optional.empty();
    }

    // ---- the private draft ----------------------------------------------------------------------

    /** Why one more selfie cannot be added now, if anything stops it. */
    public Optional<Rejection> uploadBlocker() {
        if (status != OrderStatus.DRAFT) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.ORDER_NOT_DRAFT,
                    "Selfies can only be added to a draft; order " + id + " is " + status));
        }
        if (liveSelfies().size() >= LegalConstants.MAX_SELFIES) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.TOO_MANY_SELFIES,
                    "An order holds at most " + LegalConstants.MAX_SELFIES + " selfies"));
        }
        return Optional.empty();
    }

    /** R4: uploads go into the draft only, at most {@link LegalConstants#MAX_SELFIES}. */
    public Result<Order> addSelfie(Selfie.Stored selfie) {
        Optional<Rejection> blocked = uploadBlocker();
        if (blocked.isPresent()) {
            return Result.refused(blocked.get());
        }
        if (selfie(selfie.id()).isPresent()) {
            throw new DomainViolation("Selfie " + selfie.id() + " is already in order " + id);
        }
        List<Selfie> all = new ArrayList<>(selfies);
        all.add(selfie);
        return Result.ok(withSelfies(all, selfie.uploadedAt()));
    }

    /** The person removes a selfie from their draft: it becomes due for deletion at once (R10). */
    public Result<Order> discardSelfie(SelfieId selfieId, Instant now) {
        if (status != OrderStatus.DRAFT) {
            return Result.refused(
                    Rejection.Reason.ORDER_NOT_DRAFT,
                    "Selfies can only be removed from a draft; order " + id + " is " + status);
        }
        Optional<Selfie> found = selfie(selfieId).filter(Selfie::isLive);
        if (found.isEmpty()) {
            return Result.refused(Rejection.Reason.NOT_FOUND, "No selfie " + selfieId + " in this order");
        }
        return Result.ok(replaceSelfie(markForDeletion(found.get(), DeletionReason.REMOVED_BY_PERSON, now), now));
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    public Order awaitPayment(Instant now) {
        checkoutBlocker().ifPresent(why -> {
            throw new DomainViolation(why.detail());
        });
        Order moved = moveTo(OrderStatus.AWAITING_PAYMENT, "checkout started", now);
        return moved.copy()
                .checkoutAttempts(moved.checkoutAttempts + 1)
                .lastActivityAt(now)
                .build();
    }

    /** The checkout expired or the person went back: the order is an editable draft again. */
    public Order backToDraft(String why, Instant now) {
        return moveTo(OrderStatus.DRAFT, why, now);
    }

    /**
     * The processor opened checkout {@code reference} for attempt {@code attempt}, asking {@code asked}. It is
     * kept whatever the order's state is by then: a checkout of ours stays payable at the processor until it
     * expires, and a payment made on it must be recognised as ours (and refunded if the order no longer takes
     * it). Recording the same checkout again changes nothing.
     */
    public Order checkoutOpened(int attempt, CheckoutRef reference, Money asked, Instant now) {
        if (attempt < 1 || attempt > checkoutAttempts) {
            throw new DomainViolation(
                    "Order " + id + " has started " + checkoutAttempts + " checkouts, not " + attempt);
        }
        CheckoutAttempt opened = new CheckoutAttempt(attempt, reference, asked, now);
        for (CheckoutAttempt known : checkouts) {
            boolean sameAttempt = known.attempt() == attempt;
            boolean sameReference = known.reference().equals(reference);
            if (sameAttempt && sameReference && known.asked().equals(asked)) {
                return this;
            }
            if (sameAttempt || sameReference) {
                throw new DomainViolation("Order " + id + ": checkout attempt " + attempt + " is already recorded as "
                        + known.reference() + " (attempt " + known.attempt() + "), not " + reference);
            }
        }
        List<CheckoutAttempt> all = new ArrayList<>(checkouts);
        all.add(opened);
        return copy().checkouts(all).build();
    }

    /**
     * Decides what a payment the processor reports for this order means: made on checkout {@code checkout} of
     * the processor, for {@code amount}, as {@code payment}.
     *
     * <ul>
     *   <li>Made on no checkout of this order: {@link PaymentDecision.Reconcile} — not accepted, not refunded
     *       automatically (see there why), recorded for a person to settle.</li>
     *   <li>Made on a checkout of this order but for another amount or currency than it asked:
     *       {@link PaymentDecision.Refund} of what was paid — the money was paid on our checkout, for this order,
     *       and the order cannot take it.</li>
     *   <li>This very payment is already the order's: {@link PaymentDecision.AlreadyRecorded}.</li>
     *   <li>Made on a checkout of this order, as asked, while the order awaits payment:
     *       {@link PaymentDecision.Accepted} — <em>also when it is an earlier checkout of the order than the open
     *       one</em>. A person who started checkout twice and then paid in the first tab paid exactly what was
     *       asked for this very order; making them pay again and refunding the first would only cost them the
     *       wait for the refund. A payment of the other checkout that may follow is then a second payment.</li>
     *   <li>Made as asked, but the order is paid already or no longer waits for payment:
     *       {@link PaymentDecision.Refund} in full — an order is never paid twice.</li>
     * </ul>
     */
    public PaymentDecision receivePayment(CheckoutRef checkout, Money amount, PaymentRef payment, Instant now) {
        Objects.requireNonNull(checkout, "checkout");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(payment, "payment");
        Optional<CheckoutAttempt> ours = checkout(checkout);
        if (ours.isEmpty()) {
            return new PaymentDecision.Reconcile(
                    PaymentDecision.Why.UNKNOWN_CHECKOUT,
                    "payment " + payment + " of " + amount + " was made on checkout " + checkout
                            + ", which is not one of order " + id + "'s " + checkouts.size() + " checkouts");
        }
        CheckoutAttempt asked = ours.get();
        if (!asked.asked().currency().equals(amount.currency())) {
            return new PaymentDecision.Refund(
                    amount,
                    PaymentDecision.Why.CURRENCY_DIFFERS,
                    "payment " + payment + " of " + amount + " was made on checkout attempt " + asked.attempt()
                            + ", which asked " + asked.asked());
        }
        if (asked.asked().minorUnits() != amount.minorUnits()) {
            return new PaymentDecision.Refund(
                    amount,
                    PaymentDecision.Why.AMOUNT_DIFFERS,
                    "payment " + payment + " of " + amount + " was made on checkout attempt " + asked.attempt()
                            + ", which asked " + asked.asked());
        }
        if (this.payment.filter(payment::equals).isPresent()) {
            return new PaymentDecision.AlreadyRecorded();
        }
        if (status == OrderStatus.AWAITING_PAYMENT) {
            return new PaymentDecision.Accepted(paid(payment, now), asked);
        }
        PaymentDecision.Why why = this.payment.isPresent()
                ? PaymentDecision.Why.ORDER_ALREADY_PAID
                : PaymentDecision.Why.ORDER_NOT_AWAITING_PAYMENT;
        return new PaymentDecision.Refund(
                amount,
                why,
                "payment " + payment + " on checkout attempt " + asked.attempt() + " arrived for an order in state "
                        + status);
    }

    /**
     * The transition to paid. Which payment may take it is {@link #receivePayment}'s decision; this only records
     * the payment's reference (needed to refund it).
     */
    public Order paid(PaymentRef ref, Instant now) {
        Order moved = moveTo(OrderStatus.PAID, "payment confirmed", now);
        return moved.copy().payment(Optional.of(ref)).build();
    }

    /**
     * The vendor accepted the selfies for training under {@code ref}. Only the consent guard's permit
     * lets the bytes leave (R1, R17); this records that they did.
     */
    public Order trainingStarted(ModelRef ref, Instant now) {
        Order moved = moveTo(OrderStatus.TRAINING, "training started", now);
        List<Selfie> sent = moved.selfies.stream()
                .map(s -> s instanceof Selfie.Stored stored ? stored.send(now) : s)
                .toList();
        return moved.copy()
                .selfies(sent)
                .model(Optional.of(new VendorModel.Requested(ref, now)))
                .build();
    }

    /**
     * The vendor accepted a training after the order had already stopped (a withdrawal raced the
     * upload): the model is recorded and its deletion requested at once, so it cannot be forgotten (R7, R14).
     */
    public Order modelCreatedAfterStop(ModelRef ref, Instant now) {
        if (status.isInProduction() || model.isPresent()) {
            throw new DomainViolation("Order " + id + " is " + status + "; its model is recorded by trainingStarted");
        }
        DeletionReason why = status == OrderStatus.CANCELLED
                ? DeletionReason.CONSENT_WITHDRAWN
                : DeletionReason.ORDER_ENDED_UNDELIVERED;
        List<Selfie> sent = selfies.stream()
                .map(s -> s instanceof Selfie.Stored stored ? stored.markForDeletion(why, now) : s)
                .toList();
        return copy().selfies(sent)
                .model(Optional.of(new VendorModel.Requested(ref, now).requestDeletion(why, now)))
                .build();
    }

    public Order modelTrained(Instant now) {
        VendorModel.Requested requested = model.filter(VendorModel.Requested.class::isInstance)
                .map(VendorModel.Requested.class::cast)
                .orElseThrow(() -> new DomainViolation("Order " + id + " has no model waiting for training"));
        Order moved = moveTo(OrderStatus.GENERATING, "model trained", now);
        return moved.withModel(requested.trained(now));
    }

    /** R15: a headshot is in our vault, with its hash and marker. Storing the same one again changes nothing. */
    public Order headshotStored(Headshot headshot) {
        if (status != OrderStatus.GENERATING) {
            throw new DomainViolation("Order " + id + " is " + status + "; headshots arrive while GENERATING");
        }
        if (headshots.stream().anyMatch(h -> h.id().equals(headshot.id()))) {
            return this;
        }
        if (!styles.contains(headshot.style())) {
            throw new DomainViolation("Order " + id + " did not ask for style " + headshot.style());
        }
        List<Headshot> all = new ArrayList<>(headshots);
        all.add(headshot);
        return copy().headshots(all).build();
    }

    /**
     * Delivered: the headshots exist. This records the status only; from it the retention policy makes the selfies due
     * for deletion (R10: at delivery, or after the configured margin of at most 24 hours) and the model's deletion due
     * (R14) — see "What a transition makes due" above.
     */
    public Order deliver(Instant now) {
        if (!status.canMoveTo(OrderStatus.DELIVERED)) {
            throw new IllegalTransition(id, status, OrderStatus.DELIVERED);
        }
        if (headshots.isEmpty()) {
            throw new DomainViolation("Order " + id + " cannot be delivered without headshots");
        }
        return moveTo(OrderStatus.DELIVERED, "headshots delivered", now);
    }

    /**
     * The person drops an order they have not paid for: it is cancelled and every selfie is due for deletion at once
     * (R10), which frees its room under the {@link UploadQuota} (R47). A paid order is not discarded: it is refunded
     * or withdrawn from instead.
     */
    public Result<Order> discard(Instant now) {
        if (status != OrderStatus.DRAFT && status != OrderStatus.AWAITING_PAYMENT) {
            return Result.refused(Rejection.of(
                    Rejection.Reason.ORDER_STATE,
                    "Only an unpaid order can be discarded; order " + id + " is "
                            + status.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        }
        return Result.ok(
                cancel("discarded by the person", now).markSelfiesForDeletion(DeletionReason.REMOVED_BY_PERSON, now));
    }

    /**
     * Failed: records the status only. Before delivery this ends the purpose, so the retention policy makes the selfies
     * and the model due for deletion (R10, R14), and a paid order {@link #needsRefund() needs its refund}.
     */
    public Order fail(String why, Instant now) {
        return moveTo(OrderStatus.FAILED, why, now);
    }

    /** Cancelled: records the status only; what that makes due is as for {@link #fail}. */
    public Order cancel(String why, Instant now) {
        return moveTo(OrderStatus.CANCELLED, why, now);
    }

    /**
     * The processor reports the payment refunded: records the status only. Before delivery this ends the purpose, so the
     * retention policy makes the selfies and the model due for deletion (R10, R14).
     */
    public Order refunded(Instant now) {
        return moveTo(OrderStatus.REFUNDED, "payment refunded", now);
    }

    // ---- biometric deletion ---------------------------------------------------------------------

    /** Every selfie still held becomes due for deletion now, for {@code why}. */
    public Order markSelfiesForDeletion(DeletionReason why, Instant now) {
        List<Selfie> marked =
                selfies.stream().map(s -> markForDeletion(s, why, now)).toList();
        return withSelfies(marked, lastActivityAt);
    }

    public Order selfieDeleted(DeletionEvidence evidence) {
        SelfieId selfieId = SelfieId.parse(evidence.subject());
        Selfie selfie =
                selfie(selfieId).orElseThrow(() -> new DomainViolation("No selfie " + selfieId + " in order " + id));
        return switch (selfie) {
            case Selfie.PendingDeletion pending -> replaceSelfie(pending.deleted(evidence), lastActivityAt);
            case Selfie.Deleted deleted -> this;
            case Selfie.Stored stored -> throw new DomainViolation("Selfie " + selfieId + " was not due for deletion");
            case Selfie.SentToVendor sent ->
                throw new DomainViolation("Selfie " + selfieId + " was not due for deletion");
        };
    }

    /** R14: ask the vendor to delete the model; asking twice changes nothing. */
    public Order requestModelDeletion(DeletionReason why, Instant now) {
        if (model.isEmpty()) {
            return this;
        }
        return switch (model.get()) {
            case VendorModel.Requested requested -> withModel(requested.requestDeletion(why, now));
            case VendorModel.Trained trained -> withModel(trained.requestDeletion(why, now));
            case VendorModel.DeletionRequested pending -> this;
            case VendorModel.DeletionConfirmed done -> this;
        };
    }

    public Order modelDeletionAttemptFailed(Instant now) {
        return withModel(requireDeletionRequested().attemptFailed(now));
    }

    public Order modelDeletionConfirmed(DeletionEvidence evidence) {
        if (model.isPresent() && model.get() instanceof VendorModel.DeletionConfirmed) {
            return this;
        }
        return withModel(requireDeletionRequested().confirmed(evidence));
    }

    /**
     * The person withdrew consent, asked for erasure, or was found to be a minor: unfinished work is
     * cancelled, every selfie becomes due for deletion and the vendor is asked to delete the model
     * (R7, R27, R42). Headshots already delivered stay until erasure (R15).
     */
    public Order stopProcessing(DeletionReason why, Instant now) {
        Order stopped = status.canMoveTo(OrderStatus.CANCELLED) ? cancel(describe(why), now) : this;
        return stopped.markSelfiesForDeletion(why, now).requestModelDeletion(why, now);
    }

    /** Paid for, but the purpose ended before delivery: the money goes back. */
    public boolean needsRefund() {
        return payment.isPresent() && (status == OrderStatus.FAILED || status == OrderStatus.CANCELLED);
    }

    private static String describe(DeletionReason why) {
        return switch (why) {
            case CONSENT_WITHDRAWN -> "consent withdrawn";
            case ACCOUNT_ERASED -> "account erasure requested";
            case MINOR_FLAGGED -> "account flagged as a minor's";
            default ->
                "processing stopped: " + why.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    public Order withVersion(long newVersion) {
        return copy().version(newVersion).build();
    }

    // ---- internals ------------------------------------------------------------------------------

    private VendorModel.DeletionRequested requireDeletionRequested() {
        return model.filter(VendorModel.DeletionRequested.class::isInstance)
                .map(VendorModel.DeletionRequested.class::cast)
                .orElseThrow(() -> new DomainViolation("Order " + id + ": model deletion was not requested"));
    }

    private static Selfie markForDeletion(Selfie selfie, DeletionReason why, Instant now) {
        return switch (selfie) {
            case Selfie.Stored stored -> stored.markForDeletion(why, now);
            case Selfie.SentToVendor sent -> sent.markForDeletion(why, now);
            case Selfie.PendingDeletion pending -> pending;
            case Selfie.Deleted deleted -> deleted;
        };
    }

    private Order moveTo(OrderStatus target, String why, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransition(id, status, target);
        }
        List<StatusChange> all = new ArrayList<>(history);
        all.add(new StatusChange(target, now, why));
        return copy().status(target).history(all).build();
    }

    private Order replaceSelfie(Selfie replacement, Instant activity) {
        List<Selfie> all = selfies.stream()
                .map(s -> s.id().equals(replacement.id()) ? replacement : s)
                .toList();
        return withSelfies(all, activity);
    }

    private Order withSelfies(List<Selfie> all, Instant activity) {
        Instant last = activity.isAfter(lastActivityAt) ? activity : lastActivityAt;
        return copy().selfies(all).lastActivityAt(last).build();
    }

    private Order withModel(VendorModel next) {
        return copy().model(Optional.of(next)).build();
    }

    /** This order with some of its changing parts replaced: the transitions above name only what they change. */
    private Copy copy() {
        return new Copy(this);
    }

    /** A copy under construction; what identifies the order and what was bought never change after the draft. */
    private static final class Copy {
        private OrderStatus status;
        private List<StatusChange> history;
        private List<Selfie> selfies;
        private Optional<PaymentRef> payment;
        private int checkoutAttempts;
        private List<CheckoutAttempt> checkouts;
        private Optional<VendorModel> model;
        private List<Headshot> headshots;
        private Instant lastActivityAt;
        private long version;
        private final Order from;

        Copy(Order from) {
            this.from = from;
            this.status = from.status;
            this.history = from.history;
            this.selfies = from.selfies;
            this.payment = from.payment;
            this.checkoutAttempts = from.checkoutAttempts;
            this.checkouts = from.checkouts;
            this.model = from.model;
            this.headshots = from.headshots;
            this.lastActivityAt = from.lastActivityAt;
            this.version = from.version;
        }

        Copy status(OrderStatus value) {
            this.status = value;
            return this;
        }

        Copy history(List<StatusChange> value) {
            this.history = value;
            return this;
        }

        Copy selfies(List<Selfie> value) {
            this.selfies = value;
            return this;
        }

        Copy payment(Optional<PaymentRef> value) {
            this.payment = value;
            return this;
        }

        Copy checkoutAttempts(int value) {
            this.checkoutAttempts = value;
            return this;
        }

        Copy checkouts(List<CheckoutAttempt> value) {
            this.checkouts = value;
            return this;
        }

        Copy model(Optional<VendorModel> value) {
            this.model = value;
            return this;
        }

        Copy headshots(List<Headshot> value) {
            this.headshots = value;
            return this;
        }

        Copy lastActivityAt(Instant value) {
            this.lastActivityAt = value;
            return this;
        }

        Copy version(long value) {
            this.version = value;
            return this;
        }

        Order build() {
            return new Order(
                    from.id,
                    from.account,
                    from.plan,
                    from.headshotsOrdered,
                    from.price,
                    from.styles,
                    status,
                    history,
                    selfies,
                    payment,
                    checkoutAttempts,
                    checkouts,
                    model,
                    headshots,
                    lastActivityAt,
                    version);
        }
    }
}
