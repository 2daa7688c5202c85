package ai.kaptura.application.operator;

import static ai.kaptura.application.operator.DeskActs.conflict;
import static ai.kaptura.application.operator.DeskActs.details;
import static ai.kaptura.application.operator.DeskActs.operator;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.privacy.ErasureStart;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.operator.DeskAction;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.AuditorReports;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.in.OperatorDesk;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.SignInChallenges;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The operator's desk (R50). Each action reads what it acts on, checks that it fits, asks for the fresh code when it
 * is destructive ({@link DeskAction#destructive()}), and then acts and audits in one transaction, naming the operator by
 * account id and keeping the reason given. What the person must be told goes by the usual mail jobs, composed from the
 * request when they run (R37).
 */
@Implements({Rule.R11, Rule.R20, Rule.R21, Rule.R42, Rule.R49, Rule.R50})
public record OperatorDeskService(
        Accounts accounts,
        PrivacyRequests requests,
        Jobs scheduler,
        Alarms raised,
        FlagMinor flagMinor,
        WithdrawConsent withdrawal,
        HoldAccount legalHolds,
        ErasureStart erasure,
        AuditorReports reports,
        SignInChallenges challenges,
        Sessions sessions,
        Mailer mailer,
        Transactions tx,
        AuditTrail audit,
        Randomness random,
        IdSupplier ids,
        InstantSource clock,
        Settings settings)
        implements OperatorDesk {

    /** The most jobs, requests or minors' cases one page lists. */
    public static final int PAGE = 200;

    private FreshCodes codes() {
        return new FreshCodes(accounts, challenges, mailer, tx, audit, random, ids, clock);
    }

    private RequestDesk requestDesk() {
        return new RequestDesk(
                accounts, requests, scheduler, sessions, erasure, withdrawal, codes(), tx, audit, ids, clock, settings);
    }

    @Override
    public void sendFreshCode(AccountId operator) {
        codes().send(operator);
    }

    @Override
    public List<RequestLine> requests(int limit) {
        return requestDesk().requests(limit);
    }

    @Override
    public Optional<PrivacyRequest> request(PrivacyRequestId id) {
        return requestDesk().request(id);
    }

    @Override
    public Outcome recordRequest(
            Act act, EmailAddress person, RequestKind kind, Channel channel, LocalDate receivedOn) {
        return requestDesk().recordRequest(act, person, kind, channel, receivedOn);
    }

    @Override
    public Outcome complete(Act act, PrivacyRequestId id) {
        return requestDesk().complete(act, id);
    }

    @Override
    public Outcome extend(Act act, PrivacyRequestId id) {
        return requestDesk().extend(act, id);
    }

    @Override
    public Outcome refuse(Act act, PrivacyRequestId id) {
        return requestDesk().refuse(act, id);
    }

    @Override
    public List<Alarm> alarms() {
        return raised.raised().stream()
                .sorted(Comparator.comparing(Alarm::raisedAt).reversed())
                .toList();
    }

    @Override
    public List<JobTrouble> jobs() {
        return scheduler.troubled(1, PAGE);
    }

    @Override
    public Outcome retryJob(Act act, JobKind kind, String key) {
        DeskAction action = kind.operatorRetry();
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            boolean inTrouble = scheduler.troubled(1, Integer.MAX_VALUE).stream()
                    .anyMatch(t -> t.kind() == kind && t.key().equals(key));
            if (!inTrouble) {
                return conflict("No " + kind + " job " + key + " is failing or dead: it succeeded meanwhile, or is"
                        + " running");
            }
            Optional<Rejection> unconfirmed = codes().confirm(act, action, now);
            if (unconfirmed.isPresent()) {
                return new Outcome.Refused(unconfirmed.get());
            }
            if (!scheduler.retryNow(kind, key, now)) {
                return conflict("The " + kind + " job " + key + " is running now; look again in a moment");
            }
            audit.record(
                    operator(act),
                    AuditAction.JOB_RETRIED,
                    Subject.of("job", kind + ":" + key),
                    Rule.R50,
                    details(reason, "kind", kind));
            return new Outcome.Done(kind + ":" + key, "The job runs again now.");
        });
    }

    @Override
    public Outcome flagMinor(Act act, EmailAddress person, MinorFlag.Source source) {
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        Optional<Rejection> refused = tx.inTransaction(() -> {
            Optional<Account> found = accounts.findByEmail(person).filter(a -> a.status() != AccountStatus.ERASED);
            if (found.isEmpty()) {
                return Optional.of(Rejection.of(Rejection.Reason.NOT_FOUND, "No account uses this address"));
            }
            if (found.get().minorFlag().isPresent()) {
                return Optional.of(Rejection.of(
                        Rejection.Reason.DESK_ACTION_CONFLICT, "This account is already flagged as a minor's"));
            }
            return codes().confirm(act, DeskAction.FLAG_MINOR, now);
        });
        if (refused.isPresent()) {
            return new Outcome.Refused(refused.get());
        }
        AccountId account = accounts.findByEmail(person).orElseThrow().id();
        return switch (flagMinor.handle(new FlagMinor.Command(account, source, reason, operator(act)))) {
            case FlagMinor.Outcome.Flagged flagged ->
                new Outcome.Done(
                        account.toString(),
                        "Processing stopped; the erasure " + flagged.erasure() + " must be complete by "
                                + flagged.erasureDeadline() + ".");
            case FlagMinor.Outcome.Refused no -> new Outcome.Refused(no.why());
        };
    }

    @Override
    public List<MinorCase> minors() {
        Instant now = clock.instant();
        List<Account> flagged = new ArrayList<>(accounts.withStatus(AccountStatus.FLAGGED_MINOR, PAGE));
        accounts.withStatus(AccountStatus.ERASED, PAGE).stream()
                .filter(a -> a.minorFlag().isPresent())
                .forEach(flagged::add);
        return flagged.stream()
                .map(a -> {
                    MinorFlag flag = a.minorFlag().orElseThrow();
                    boolean erased = a.status() == AccountStatus.ERASED;
                    return new MinorCase(
                            a.id(),
                            flag.flaggedAt(),
                            flag.erasureDeadline(),
                            erased,
                            !erased && !now.isBefore(flag.erasureDeadline()));
                })
                .sorted(Comparator.comparing(MinorCase::flaggedAt).reversed())
                .toList();
    }

    @Override
    public Outcome placeHold(Act act, EmailAddress person, LegalHold.Basis basis, String reference) {
        String reason = DeskAction.reason(act.reason());
        return held(legalHolds.place(operator(act), person, basis, reference, reason));
    }

    @Override
    public Outcome liftHold(Act act, AccountId account) {
        String reason = DeskAction.reason(act.reason());
        if (legalHolds.active().stream().noneMatch(h -> h.account().equals(account))) {
            return conflict("Account " + account + " is under no legal hold");
        }
        Optional<Rejection> unconfirmed =
                tx.inTransaction(() -> codes().confirm(act, DeskAction.LIFT_HOLD, clock.instant()));
        if (unconfirmed.isPresent()) {
            return new Outcome.Refused(unconfirmed.get());
        }
        return held(legalHolds.lift(operator(act), account, reason));
    }

    private static Outcome held(HoldAccount.Outcome outcome) {
        return switch (outcome) {
            case HoldAccount.Outcome.Placed placed ->
                new Outcome.Done(
                        placed.account().toString(),
                        "Held: the account's photos and their records are kept until the hold is lifted.");
            case HoldAccount.Outcome.Lifted lifted ->
                new Outcome.Done(
                        lifted.account().toString(), "Lifted: what the hold kept and is due is being deleted.");
            case HoldAccount.Outcome.AlreadyHeld already ->
                conflict("Account " + already.account() + " is already under a hold ("
                        + already.hold().hold().reference() + "); lift it first");
            case HoldAccount.Outcome.NotHeld not -> conflict("Account " + not.account() + " is under no legal hold");
            case HoldAccount.Outcome.Refused refused -> new Outcome.Refused(refused.why());
        };
    }

    @Override
    public List<AccountHold.Active> holds() {
        return legalHolds.active();
    }

    @Override
    public RecordOfProcessing processors() {
        return reports.recordOfProcessing();
    }
}
