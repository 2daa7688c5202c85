package ai.kaptura.application.retention;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Places and lifts legal holds on accounts (R11), each step audited with the operator as its actor. Placing one saves
 * the account's orders again, so the retention index no longer counts their held selfies as due, and, if the account's
 * erasure is under way, tells the person what is kept and why. Lifting one saves them again through the retention
 * consequences, so whatever the hold kept that is due by then is marked and its deletion queued at once; an erasure
 * that closed keeping what the hold kept is queued again to erase it ({@link ai.kaptura.application.privacy.ErasureJob}).
 * Hold, audit entries and jobs commit together.
 */
@Implements(Rule.R11)
public record HoldAccountService(
        Accounts accounts,
        Orders orders,
        OrderBook book,
        RetentionConsequences consequences,
        LegalHolds holds,
        PrivacyRequests requests,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock)
        implements HoldAccount {

    /** The most holds the operators' page lists. */
    static final int PAGE = 500;

    public HoldAccountService {
        Objects.requireNonNull(holds, "legal holds");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Outcome place(Actor operator, EmailAddress person, LegalHold.Basis basis, String reference, String reason) {
        requireOperator(operator);
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Account> account = accounts.findByEmail(person);
            if (account.isEmpty()) {
                return noSuchAccount();
            }
            AccountId id = account.get().id();
            Optional<AccountHold.Active> existing = holds.activeOn(id);
            if (existing.isPresent()) {
                return new Outcome.AlreadyHeld(id, existing.get());
            }
            Optional<AccountHold.Active> hold = valid(() ->
                    AccountHold.place(new AccountHold.Id(ids.next()), id, basis, reference, operator, reason, now));
            if (hold.isEmpty()) {
                return invalid();
            }
            if (!holds.place(hold.get())) {
                // Another operator's hold committed first.
                return new Outcome.AlreadyHeld(id, holds.activeOn(id).orElseThrow());
            }
            audit.record(
                    operator,
                    AuditAction.LEGAL_HOLD_PLACED,
                    Subject.of("account", id),
                    Rule.R11,
                    Map.of(
                            "hold",
                            hold.get().id(),
                            "basis",
                            basis,
                            "reference",
                            hold.get().hold().reference()));
            for (Order order : orders.ofAccount(id)) {
                book.save(order);
            }
            openErasure(id)
                    .ifPresent(erasure -> jobs.enqueue(JobRequests.email(
                            JobRequests.MailKind.LEGAL_HOLD_PLACED, erasure.id().toString(), now)));
            return new Outcome.Placed(id);
        }));
    }

    @Override
    public Outcome lift(Actor operator, EmailAddress person, String reason) {
        requireOperator(operator);
        Optional<Account> account = tx.inTransaction(() -> accounts.findByEmail(person));
        return account.isEmpty()
                ? noSuchAccount()
                : lift(operator, account.get().id(), reason);
    }

    @Override
    public Outcome lift(Actor operator, AccountId account, String reason) {
        requireOperator(operator);
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<AccountHold.Active> active = holds.activeOn(account);
            if (active.isEmpty()) {
                return new Outcome.NotHeld(account);
            }
            Optional<AccountHold.Lifted> lifted = valid(() -> active.get().lift(operator, reason, now));
            if (lifted.isEmpty()) {
                return invalid();
            }
            if (!holds.lift(lifted.get())) {
                return new Outcome.NotHeld(account);
            }
            audit.record(
                    operator,
                    AuditAction.LEGAL_HOLD_LIFTED,
                    Subject.of("account", account),
                    Rule.R11,
                    Map.of(
                            "hold",
                            lifted.get().id(),
                            "placed_at",
                            lifted.get().hold().placedAt()));
            // What the hold kept and is due now is marked and its deletion queued, audited as any deletion is.
            for (Order order : orders.ofAccount(account)) {
                consequences.saveTransition(order, now);
            }
            // An erasure that closed under the hold, or keeps the vault for it while it goes on, erases what it kept.
            for (PrivacyRequest erasure : requests.ofAccount(account)) {
                if (erasure.kind() == RequestKind.ERASURE
                        && (erasure.status() == PrivacyRequest.Status.COMPLETED || vaultKeptByAHold(erasure))) {
                    jobs.enqueue(JobRequests.erase(erasure.id(), now));
                }
            }
            return new Outcome.Lifted(account);
        }));
    }

    @Override
    public List<AccountHold.Active> active() {
        return tx.inTransaction(() -> holds.active(PAGE));
    }

    private Optional<PrivacyRequest> openErasure(AccountId account) {
        return requests.ofAccount(account).stream()
                .filter(r -> r.kind() == RequestKind.ERASURE && r.isOpen())
                .findFirst();
    }

    private static boolean vaultKeptByAHold(PrivacyRequest erasure) {
        return erasure.checklist()
                .flatMap(c -> c.items().getOrDefault(Location.PHOTO_VAULT, Optional.empty()))
                .filter(LocationOutcome.HeldUnderLegalHold.class::isInstance)
                .isPresent();
    }

    private static void requireOperator(Actor operator) {
        if (operator == null || operator.kind() != Actor.Kind.OPERATOR) {
            throw new IllegalArgumentException("Only an operator places or lifts a legal hold, not " + operator);
        }
    }

    /** The value, or empty if the operator's input breaks an invariant (a reason too short, a blank reference). */
    private static <T> Optional<T> valid(Supplier<T> make) {
        try {
            return Optional.of(make.get());
        } catch (InvalidInput | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static Outcome noSuchAccount() {
        return new Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No account has this address"));
    }

    private static Outcome invalid() {
        return new Outcome.Refused(Rejection.of(
                Rejection.Reason.INVALID_VALUE,
                "A hold needs a basis, a court or case reference, and a reason of at least " + AccountHold.MIN_REASON
                        + " characters"));
    }
}
