package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.AnchorAudit;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.DatabaseMaintenance;
import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Works through an erasure checklist (R27), location by location, each closed with evidence:
 * first the biometric deletions already under way must finish (selfies gone, vendor model confirmed gone,
 * R14); then every processor erases or states what it must keep and why (R16); then the photo vault
 * destroys the account's key and objects (R18); finally our database forgets the person, keeping only
 * pseudonymous tombstones and evidence. The request closes only when every location has its outcome; closing it also
 * queues the purge of the database's own files ({@link #purge}), so that the erased rows' old versions go too, and the
 * audit chain's head, with the erasure's evidence, is then signed and kept outside the database (R50).
 *
 * <p>Under a legal hold (R11) the erasure erases everything else and keeps what the hold keeps
 * ({@link AccountHold#WHAT_IS_KEPT}): it waits for the vendor's model only (no hold keeps it), closes the photo vault
 * as retained on the hold's legal basis, keeps the account's orders with their selfie and headshot rows (so the vault's
 * reconciliation never takes the kept photos for orphans), and tells the person what is kept and why. When the hold is
 * lifted, the same job, queued again for the closed request, erases what the hold kept ({@link #run}).
 */
@Implements({Rule.R11, Rule.R16, Rule.R18, Rule.R27})
public record ErasureJob(
        PrivacyRequests requests,
        Accounts accounts,
        Orders orders,
        OrderBook book,
        ConsentLedger ledger,
        Sessions sessions,
        SignInChallenges challenges,
        PhotoVault vault,
        DatabaseMaintenance maintenance,
        List<ProcessorObligations> obligations,
        Mailer mailer,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock,
        DeadlineCalendar calendar,
        AnchorAudit anchoring,
        LegalHolds holds,
        DeletionRecords records) {

    /** How long to wait before looking again while vendor deletions are still pending. */
    static final Duration RECHECK = Duration.ofMinutes(5);

    /**
     * What an erasure removes from the database: the rows {@link #run} deletes or reduces to tombstones, and the
     * account's wrapped data key, which the vault destroys (R18).
     */
    static final Set<DataCategory> ERASED_FROM_THE_DATABASE = EnumSet.of(
            DataCategory.ACCOUNT,
            DataCategory.ORDER,
            DataCategory.SELFIE,
            DataCategory.HEADSHOT,
            DataCategory.CONSENT_RECORD,
            DataCategory.SESSION,
            DataCategory.SIGN_IN_CODE);

    public ErasureJob {
        obligations = List.copyOf(obligations);
    }

    /** Runs the next steps of an erasure; answers whether the request is now closed. */
    public boolean run(PrivacyRequestId id) {
        Optional<PrivacyRequest> found = requests.find(id);
        if (found.isEmpty()) {
            return true;
        }
        PrivacyRequest request = found.get();
        if (!request.isOpen()) {
            return keptByALiftedHold(request) ? eraseWhatTheHoldKept(request) : true;
        }
        Account account = book.account(request.account());
        Optional<AccountHold.Active> hold = holds.activeOn(account.id());
        List<Order> mine = orders.ofAccount(account.id());
        // Under a hold the selfies stay; the vendor's model, which no hold keeps, must be confirmed gone all the same.
        if (!mine.stream().allMatch(hold.isPresent() ? ErasureJob::modelGone : Order::biometricDataGone)) {
            // Woken at once when the last deletion is confirmed (ErasureWake); the recheck is only the net.
            tx.run(() -> jobs.enqueue(JobRequests.erase(id, clock.instant().plus(RECHECK))));
            return false;
        }
        // Our own vault first: a processor that is down must not keep the photos alive.
        if (request.checklist().orElseThrow().missing().contains(Location.PHOTO_VAULT)) {
            Instant now = clock.instant();
            if (hold.isPresent()) {
                close(
                        id,
                        Location.PHOTO_VAULT,
                        new LocationOutcome.HeldUnderLegalHold(
                                AccountHold.WHAT_IS_KEPT,
                                hold.get().hold().basis().name().toLowerCase(java.util.Locale.ROOT) + " "
                                        + hold.get().hold().reference(),
                                now));
                tx.run(() -> audit.record(
                        Actor.SYSTEM,
                        AuditAction.DELETION_HELD,
                        Subject.of("privacy_request", id),
                        Rule.R11,
                        Map.of(
                                "location",
                                Location.PHOTO_VAULT,
                                "hold",
                                hold.get().id())));
            } else {
                close(id, Location.PHOTO_VAULT, new LocationOutcome.Erased(vault.eraseOwner(account.id(), now), now));
            }
        } else if (hold.isEmpty() && retainedByAHold(request)) {
            // The hold that kept the vault was lifted while the erasure went on: what it kept goes now.
            Instant now = clock.instant();
            List<DeletionEvidence> evidence = vault.eraseOwner(account.id(), now);
            tx.run(() -> evidence.forEach(records::record));
        }
        List<String> unreachable = new ArrayList<>();
        for (Location location : request.checklist().orElseThrow().missing()) {
            if (location.kind() == Location.Kind.PROCESSOR) {
                try {
                    close(id, location, obligationFor(location).erase(account.id(), mine, clock.instant()));
                } catch (RuntimeException e) {
                    unreachable.add(location.name() + ": " + e.getMessage());
                }
            }
        }
        if (!unreachable.isEmpty()) {
            // The job retries; every location already closed stays closed.
            throw new IllegalStateException("Erasure " + id + " waits for " + String.join("; ", unreachable));
        }
        // Told before the address is forgotten; sent outside any transaction. Under a hold, the person is told what is
        // kept and why (R11), in place of the plain completion.
        account.email()
                .ifPresent(email -> mailer.send(
                        hold.isPresent()
                                ? new Mail.KeptUnderLegalHold(
                                        email,
                                        "request-completed:" + id,
                                        id,
                                        AccountHold.WHAT_IS_KEPT,
                                        hold.get().legalBasis())
                                : new Mail.PrivacyRequestCompleted(
                                        email, "request-completed:" + id, id, request.kind())));
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            // Two runs of one erasure can overlap (the wake-up when the last deletion is confirmed and the recheck, on
            // one node or two): the second to get here finds the request closed by the first, which did all of this.
            if (requests.find(id).filter(PrivacyRequest::isOpen).isEmpty()) {
                return true;
            }
            Instant now = clock.instant();
            Account current = book.account(request.account());
            // Read again in the transaction: a hold placed since keeps the rows, a hold lifted since lets them go.
            Optional<AccountHold.Active> heldNow = holds.activeOn(current.id());
            int tombstones = ledger.reduceToTombstones(current.id());
            int ended = sessions.deleteAllOf(current.id());
            current.email().ifPresent(challenges::deleteFor);
            challenges.deleteAskedBy(current.id());
            List<Order> left = orders.ofAccount(current.id());
            if (heldNow.isEmpty()) {
                for (Order order : left) {
                    orders.delete(order.id());
                }
            }
            Account erased = accounts.save(current.status() == AccountStatus.ERASED ? current : current.erased());
            DeletionEvidence evidence = new DeletionEvidence(
                    DataCategory.ACCOUNT,
                    erased.id().toString(),
                    Location.DATABASE,
                    now,
                    DeletionReason.ACCOUNT_ERASED,
                    "email deleted, "
                            + heldNow.map(h -> left.size() + " orders with their selfie and headshot rows kept under"
                                            + " legal hold " + h.id())
                                    .orElse(left.size() + " orders deleted")
                            + ", " + ended + " sessions ended, " + tombstones
                            + " consent records reduced to pseudonymous tombstones");
            PrivacyRequest withDb = requests.find(id)
                    .orElseThrow()
                    .recordErasure(
                            Location.DATABASE,
                            new LocationOutcome.Erased(
                                    List.of(evidence.answered(
                                            "rows changed in the erasure's transaction: 1 account, " + mine.size()
                                                    + " orders, " + ended + " sessions, " + tombstones
                                                    + " consent records",
                                            1 + mine.size() + ended + tombstones)),
                                    now));
            PrivacyRequest completed = switch (withDb.complete(now)) {
                case Result.Ok<PrivacyRequest>(PrivacyRequest done) -> done;
                case Result.Refused<PrivacyRequest>(Rejection why) ->
                    throw new IllegalStateException("Erasure " + id + " cannot close: " + why.detail());
            };
            PrivacyRequest closed = requests.save(completed);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.ERASURE_LOCATION_CLOSED,
                    Subject.of("privacy_request", id),
                    Rule.R27,
                    Map.of("location", Location.DATABASE));
            audit.record(Actor.SYSTEM, AuditAction.ACCOUNT_ERASED, Subject.of("account", erased.id()), Rule.R16);
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.PRIVACY_REQUEST_COMPLETED,
                    Subject.of("privacy_request", id),
                    Rule.R27,
                    Map.of("overdue", closed.isOverdue(now, calendar)));
            jobs.enqueue(JobRequests.purgeErased(id, now));
            return true;
        }));
    }

    /**
     * Once erasure {@code id} has committed: has the database remove the old versions of the rows it deleted from its
     * own files (the embedded file rewritten, PostgreSQL's tables vacuumed), and audits what it did. Throws, to be
     * retried, while the database cannot do it.
     */
    public void purge(PrivacyRequestId id) {
        String done = maintenance.afterErasure(ERASED_FROM_THE_DATABASE);
        tx.run(() -> audit.record(
                Actor.SYSTEM,
                AuditAction.ERASED_DATA_PURGED,
                Subject.of("privacy_request", id),
                Rule.R27,
                Map.of("done", done)));
        // The erasure's evidence, down to this entry, is signed and kept outside the database at once (R50).
        anchoring.anchor();
    }

    private static boolean modelGone(Order order) {
        return order.model().isEmpty() || order.model().get().isDeletionConfirmed();
    }

    /** Whether the erasure closed its photo vault as kept under a legal hold (R11). */
    private static boolean retainedByAHold(PrivacyRequest request) {
        return request.checklist()
                .flatMap(c -> c.items().getOrDefault(Location.PHOTO_VAULT, Optional.empty()))
                .filter(LocationOutcome.HeldUnderLegalHold.class::isInstance)
                .isPresent();
    }

    /**
     * Whether {@code request} closed keeping what a hold kept — the photo vault, or the rows of a hold placed after the
     * vault was erased — and that hold is lifted now.
     */
    private boolean keptByALiftedHold(PrivacyRequest request) {
        return request.kind() == RequestKind.ERASURE
                && request.status() == PrivacyRequest.Status.COMPLETED
                && holds.activeOn(request.account()).isEmpty()
                && (retainedByAHold(request)
                        || !orders.ofAccount(request.account()).isEmpty());
    }

    /**
     * After the hold that kept part of a closed erasure was lifted (R11): once the selfies the hold kept are deleted (the
     * lift made them due and queued their deletion), the vault destroys the account's key and its headshots, and the
     * rows the hold kept are deleted, each with evidence. Answers whether nothing is left; while selfies remain, the job
     * looks again.
     */
    private boolean eraseWhatTheHoldKept(PrivacyRequest request) {
        AccountId account = request.account();
        if (!orders.ofAccount(account).stream().allMatch(Order::biometricDataGone)) {
            tx.run(() ->
                    jobs.enqueue(JobRequests.erase(request.id(), clock.instant().plus(RECHECK))));
            return false;
        }
        Instant now = clock.instant();
        List<DeletionEvidence> vaultEvidence = vault.eraseOwner(account, now);
        Retry.onConflict(() -> tx.inTransaction(() -> {
            List<Order> left = orders.ofAccount(account);
            for (Order order : left) {
                orders.delete(order.id());
            }
            vaultEvidence.forEach(records::record);
            records.record(new DeletionEvidence(
                    DataCategory.ORDER,
                    account.toString(),
                    Location.DATABASE,
                    now,
                    DeletionReason.ACCOUNT_ERASED,
                    left.size() + " orders kept under a legal hold deleted once it was lifted"));
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.HELD_DATA_ERASED,
                    Subject.of("privacy_request", request.id()),
                    Rule.R11,
                    Map.of("orders", left.size(), "vault_evidence", vaultEvidence.size()));
            jobs.enqueue(JobRequests.purgeErased(request.id(), now));
            return left.size();
        }));
        return true;
    }

    private void close(PrivacyRequestId id, Location location, LocationOutcome outcome) {
        Retry.onConflict(() -> tx.inTransaction(() -> {
            PrivacyRequest saved = requests.save(requests.find(id).orElseThrow().recordErasure(location, outcome));
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.ERASURE_LOCATION_CLOSED,
                    Subject.of("privacy_request", id),
                    Rule.R27,
                    Map.of("location", location, "outcome", outcome.getClass().getSimpleName()));
            return saved;
        }));
    }

    private ProcessorObligations obligationFor(Location location) {
        return obligations.stream()
                .filter(o -> o.processorName().equals(location.name()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "No adapter answers for processor " + location.name() + " on this erasure checklist (R27)"));
    }
}
