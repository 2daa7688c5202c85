package ai.kaptura.application.order;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.consent.ProcessingPolicy;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.DiscardOrder;
import ai.kaptura.ports.in.ListHeadshots;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.ViewOrders;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.Transactions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Draft orders and their selfies. Uploads go into the private draft only (R4), are checked and stripped
 * of metadata before anything is stored (R37), and are encrypted under the owner's key (R18). What one person
 * may hold before paying is bounded by the {@link UploadQuota} (R47): a new order or an upload beyond it is refused
 * saying why, and a draft can be discarded to make room.
 */
public record OrderService(
        OrderBook book,
        Orders orders,
        Accounts accounts,
        PhotoSanitizer sanitizer,
        PhotoVault vault,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock,
        Settings settings,
        PolicyVersions policies,
        RetentionConsequences consequences,
        PhotoAdvisor advisor)
        implements CreateOrder, ViewOrders, UploadSelfie, ListHeadshots, DiscardOrder {

    // ---- ViewOrders: a selfie's thumbnail -------------------------------------------------------

    @Override
    public Optional<byte[]> selfieThumbnail(AccountId account, OrderId orderId, SelfieId selfieId) {
        Optional<Order> order = book.mine(account, orderId);
        Optional<PhotoRef> photo =
                order.flatMap(o -> o.selfie(selfieId)).filter(Selfie::isLive).flatMap(Selfie::photo);
        if (photo.isEmpty()) {
            return Optional.empty();
        }
        Account owner = book.account(account);
        SelfieReadPermit permit =
                BiometricGuard.forOwnerCopy(owner, order.get(), clock.instant()).orElseThrow();
        try (InputStream sealed = vault.readSelfie(permit, account, photo.get())) {
            return switch (sanitizer.thumbnail(sealed, THUMBNAIL_SIDE)) {
                case PhotoSanitizer.Outcome.Accepted(PhotoSanitizer.Clean image) -> {
                    try (image;
                            InputStream bytes = image.open()) {
                        yield Optional.of(bytes.readAllBytes());
                    }
                }
                case PhotoSanitizer.Outcome.Rejected rejected -> Optional.empty();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("The thumbnail of selfie " + selfieId + " could not be made", e);
        }
    }

    // ---- ViewOrders: photo-quality advice (R51) -------------------------------------------------

    @Override
    public Map<SelfieId, SelfieAdvice> advice(AccountId account, OrderId order) {
        return book.mine(account, order).map(o -> advisor.advices().of(o.id())).orElse(Map.of());
    }

    /**
     * How long after its upload a photo without advice may still be waiting for it: past that, it is taken as not
     * analysed without asking the jobs, so a draft whose analysis was unavailable costs no read on each view.
     */
    static final java.time.Duration ADVICE_AWAITED_FOR = java.time.Duration.ofMinutes(10);

    @Override
    public Set<SelfieId> adviceUnderWay(AccountId account, OrderId order) {
        Instant since = clock.instant().minus(ADVICE_AWAITED_FOR);
        return book.mine(account, order)
                .filter(PhotoAdvisor::advisable)
                .map(o -> {
                    Map<SelfieId, SelfieAdvice> known = advisor.advices().of(o.id());
                    List<SelfieId> awaited = o.liveSelfies().stream()
                            .filter(s ->
                                    !known.containsKey(s.id()) && s.uploadedAt().isAfter(since))
                            .map(Selfie::id)
                            .toList();
                    if (awaited.isEmpty()) {
                        return Set.<SelfieId>of();
                    }
                    // One read for the order's live advice jobs, then each awaited photo by its own job's key.
                    Set<String> live = jobs.liveKeys(JobKind.ADVISE_SELFIE, JobRequests.advicesOf(o.id()));
                    return awaited.stream()
                            .filter(s -> live.contains(JobRequests.adviceOf(o.id(), s)))
                            .collect(Collectors.toUnmodifiableSet());
                })
                .orElse(Set.of());
    }

    // ---- CreateOrder ----------------------------------------------------------------------------

    @Override
    public CreateOrder.Outcome handle(CreateOrder.Command command) {
        Optional<Account> account = accounts.find(command.account());
        if (account.isEmpty() || !account.get().mayProcess()) {
            return new CreateOrder.Outcome.Refused(
                    Rejection.of(Rejection.Reason.ACCOUNT_RESTRICTED, "This account cannot place orders"));
        }
        Optional<Plan> plan = settings.plan(command.plan());
        if (plan.isEmpty()) {
            return new CreateOrder.Outcome.Refused(
                    Rejection.of(Rejection.Reason.UNKNOWN_PLAN, "There is no plan '" + command.plan() + "'"));
        }
        Result<?> styles = plan.get().choose(command.styles());
        if (styles instanceof Result.Refused<?> refused) {
            return new CreateOrder.Outcome.Refused(refused.why());
        }
        Instant now = clock.instant();
        Order draft = Order.draft(new OrderId(ids.next()), command.account(), plan.get(), command.styles(), now);
        Result<Order> created = tx.inTransaction(() -> {
            Optional<Rejection> full = settings.uploadQuota().newOrderBlocker(orders.ofAccount(command.account()));
            if (full.isPresent()) {
                return Result.refused(full.get());
            }
            Order stored = book.save(draft);
            audit.record(
                    Actor.person(command.account()),
                    AuditAction.ORDER_CREATED,
                    Subject.of("order", stored.id()),
                    Rule.R46,
                    Map.of("plan", plan.get().id()));
            return Result.ok(stored);
        });
        return switch (created) {
            case Result.Ok<Order>(Order saved) -> new CreateOrder.Outcome.Created(saved);
            case Result.Refused<Order>(Rejection why) -> new CreateOrder.Outcome.Refused(why);
        };
    }

    // ---- ViewOrders -----------------------------------------------------------------------------

    @Override
    public List<Plan> plans() {
        return settings.plans();
    }

    @Override
    public List<Order> mine(AccountId account) {
        return orders.ofAccount(account);
    }

    @Override
    public Optional<Order> mine(AccountId account, OrderId order) {
        return book.mine(account, order);
    }

    /**
     * The same check the pipeline makes before a paid order's selfies go to the vendor and before headshots are asked
     * for (R4, R7, R9, R42), for the order page; an order in training is not held (the vendor has the selfies and
     * trains), so nothing is said of one.
     */
    @Override
    public Optional<Rejection> processingBlocker(AccountId account, OrderId order) {
        return book.mine(account, order)
                .filter(o -> o.status().waitsForConsent())
                .flatMap(o -> ProcessingPolicy.check(
                        book.account(account), o, book.consent(o), policies.history(), clock.instant()));
    }

    // ---- UploadSelfie ---------------------------------------------------------------------------

    @Override
    public UploadSelfie.Outcome upload(Upload command) {
        Optional<Order> found = book.mine(command.account(), command.order());
        if (found.isEmpty()) {
            return refused(Rejection.Reason.NOT_FOUND, "No such order");
        }
        // Cheap checks first, so a full order never costs a sanitising pass. Nothing of a person is processed before
        // they have said they are 18 or older (R42).
        if (!book.account(command.account()).hasStatedAdult()) {
            return refused(
                    Rejection.Reason.AGE_NOT_STATED,
                    "Please confirm that you are 18 or older before uploading selfies: Kaptura is for adults only");
        }
        Optional<Rejection> early = found.get()
                .uploadBlocker()
                .or(() -> settings.uploadQuota().uploadBlocker(orders.ofAccount(command.account()), 0));
        if (early.isPresent()) {
            return new UploadSelfie.Outcome.Refused(early.get());
        }
        PhotoSanitizer.Outcome checked = sanitizer.sanitizeSelfie(command.content());
        if (checked instanceof PhotoSanitizer.Outcome.Rejected rejected) {
            return new UploadSelfie.Outcome.Refused(rejected.why());
        }
        SelfieId selfieId = new SelfieId(ids.next());
        PhotoRef ref = new PhotoRef("selfie/" + command.account() + "/" + selfieId);
        PhotoVault.Stored stored;
        try (PhotoSanitizer.Clean clean = ((PhotoSanitizer.Outcome.Accepted) checked).image()) {
            stored = vault.put(command.account(), ref, clean.open(), clean.size());
        }
        Instant now = clock.instant();
        try {
            Result<Order> added = Retry.onConflict(() -> tx.inTransaction(() -> {
                Order order = book.require(command.order());
                Optional<Rejection> over =
                        settings.uploadQuota().uploadBlocker(orders.ofAccount(command.account()), stored.size());
                if (over.isPresent()) {
                    return Result.<Order>refused(over.get());
                }
                Result<Order> next =
                        order.addSelfie(new Selfie.Stored(selfieId, ref, stored.sha256(), stored.size(), now));
                if (next instanceof Result.Ok<Order> ok) {
                    Order saved = book.save(ok.value());
                    audit.record(
                            Actor.person(command.account()),
                            AuditAction.SELFIE_UPLOADED,
                            Subject.of("selfie", selfieId),
                            Rule.R1,
                            Map.of("order", order.id(), "bytes", stored.size()));
                    // R51: the advice is computed by a job after this answer, which it never holds up nor fails.
                    jobs.enqueue(JobRequests.adviseSelfie(order.id(), selfieId, now));
                    return Result.ok(saved);
                }
                return next;
            }));
            return switch (added) {
                case Result.Ok<Order>(Order order) ->
                    new UploadSelfie.Outcome.Uploaded(
                            selfieId, order.liveSelfies().size());
                case Result.Refused<Order>(Rejection why) -> {
                    discardStored(ref, selfieId, now);
                    yield new UploadSelfie.Outcome.Refused(why);
                }
            };
        } catch (RuntimeException e) {
            // Nothing partial stays: the stored object goes if its order could not take it.
            discardStored(ref, selfieId, now);
            throw e;
        }
    }

    @Override
    public UploadSelfie.Outcome remove(Remove command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Order> order = book.mine(command.account(), command.order());
            if (order.isEmpty()) {
                return refused(Rejection.Reason.NOT_FOUND, "No such order");
            }
            Order next;
            switch (order.get().discardSelfie(command.selfie(), now)) {
                case Result.Ok<Order>(Order without) -> next = without;
                case Result.Refused<Order>(Rejection why) -> {
                    return new UploadSelfie.Outcome.Refused(why);
                }
            }
            Order saved = book.save(next);
            advisor.advices().forget(command.selfie());
            audit.record(
                    Actor.person(command.account()),
                    AuditAction.SELFIE_REMOVED,
                    Subject.of("selfie", command.selfie()),
                    Rule.R10);
            jobs.enqueue(JobRequests.deleteSelfies(saved, now));
            return new UploadSelfie.Outcome.Removed(command.selfie());
        }));
    }

    // ---- DiscardOrder ---------------------------------------------------------------------------

    @Override
    public DiscardOrder.Outcome discard(DiscardOrder.Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Order> order = book.mine(command.account(), command.order());
            if (order.isEmpty()) {
                return new DiscardOrder.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such order"));
            }
            Order discarded;
            switch (order.get().discard(now)) {
                case Result.Ok<Order>(Order cancelled) -> discarded = cancelled;
                case Result.Refused<Order>(Rejection why) -> {
                    return new DiscardOrder.Outcome.Refused(why);
                }
            }
            Order saved = consequences.saveTransition(discarded, now);
            audit.record(
                    Actor.person(command.account()),
                    AuditAction.ORDER_CANCELLED,
                    Subject.of("order", saved.id()),
                    Rule.R10,
                    Map.of("why", "discarded by the person"));
            int due = (int) saved.selfies().stream()
                    .filter(Selfie.PendingDeletion.class::isInstance)
                    .count();
            return new DiscardOrder.Outcome.Discarded(saved.id(), due);
        }));
    }

    private void discardStored(PhotoRef ref, SelfieId selfie, Instant now) {
        vault.delete(ref, DataCategory.SELFIE, selfie.toString(), DeletionReason.REMOVED_BY_PERSON, now);
    }

    private static UploadSelfie.Outcome refused(Rejection.Reason reason, String detail) {
        return new UploadSelfie.Outcome.Refused(Rejection.of(reason, detail));
    }

    // ---- ListHeadshots --------------------------------------------------------------------------

    @Override
    public List<Headshot> of(AccountId account, OrderId order) {
        return book.mine(account, order).map(Order::headshots).orElse(List.of());
    }

    @Override
    public Optional<File> open(AccountId account, HeadshotId headshot) {
        return orders.findByHeadshot(headshot)
                .filter(o -> o.belongsTo(account))
                .flatMap(o -> o.headshots().stream()
                        .filter(h -> h.id().equals(headshot))
                        .findFirst())
                .map(h -> new File(h, vault.readHeadshot(account, h.photo())));
    }
}
