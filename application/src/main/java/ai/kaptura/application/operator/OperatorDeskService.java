package ai.kaptura.application.operator;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.CodeRefusals;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.privacy.ErasureStart;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.operator.DeskAction;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.Refusal;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.domain.signin.SignInChallenge.Attempt;
import ai.kaptura.domain.signin.SignInChallenge.Purpose;
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
import ai.kaptura.ports.out.Mail;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    @Override
    public void sendFreshCode(AccountId operator) {
        Instant now = clock.instant();
        Optional<Mail> mail = tx.inTransaction(() -> {
            Optional<EmailAddress> email = accounts.find(operator).flatMap(Account::email);
            if (email.isEmpty()
                    || challenges.countIssuedSince(email.get(), now.minus(SignInService.RATE_WINDOW))
                            >= SignInService.MAX_CODES_PER_WINDOW) {
                return Optional.empty();
            }
            String code = random.digits(SignInChallenge.CODE_DIGITS);
            UUID id = ids.next();
            challenges.save(SignInChallenge.operatorConfirmation(id, operator, email.get(), code, now));
            audit.record(
                    OperatorSignInService.operator(operator),
                    AuditAction.OPERATOR_CODE_SENT,
                    Subject.of("sign_in", id),
                    Rule.R50);
            return Optional.<Mail>of(new Mail.OperatorCode(email.get(), "operator-confirm:" + id, code, true));
        });
        mail.ifPresent(mailer::send);
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
        DeskAction action = kind == JobKind.ERASE_ACCOUNT || kind == JobKind.PURGE_ERASED_DATA
                ? DeskAction.RETRY_ERASURE
                : DeskAction.RETRY_JOB;
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        return tx.inTransaction(() -> {
            boolean inTrouble = scheduler.troubled(1, Integer.MAX_VALUE).stream()
                    .anyMatch(t -> t.kind() == kind && t.key().equals(key));
            if (!inTrouble) {
                return conflict("No " + kind + " job " + key + " is failing or dead: it succeeded meanwhile, or is"
                        + " running");
            }
            Optional<Rejection> unconfirmed = confirm(act, action, now);
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
    public List<RequestLine> requests(int limit) {
        Instant now = clock.instant();
        int max = Math.max(1, Math.min(limit, PAGE));
        List<RequestLine> open = requests.open(max).stream()
                .map(r -> line(r, now))
                .sorted(Comparator.comparing((RequestLine l) -> !l.overdue())
                        .thenComparing(l -> !l.dueSoon())
                        .thenComparing(RequestLine::dueBy))
                .toList();
        List<RequestLine> all = new ArrayList<>(open);
        requests.all(0, max).stream()
                .filter(r -> !r.isOpen())
                .limit(Math.max(0, max - open.size()))
                .forEach(r -> all.add(line(r, now)));
        return List.copyOf(all);
    }

    private RequestLine line(PrivacyRequest r, Instant now) {
        Instant dueBy = r.dueBy(settings.calendar());
        boolean overdue = r.isOpen() && r.isOverdue(now, settings.calendar());
        boolean dueSoon = r.isOpen()
                && !overdue
                && now.plus(LegalConstants.REQUEST_DUE_ALARM_AHEAD).isAfter(dueBy);
        return new RequestLine(r, dueBy, overdue, dueSoon);
    }

    @Override
    public Optional<PrivacyRequest> request(PrivacyRequestId id) {
        return requests.find(id);
    }

    @Override
    public Outcome recordRequest(
            Act act, EmailAddress person, RequestKind kind, Channel channel, LocalDate receivedOn) {
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        LocalDate today = settings.calendar().dayOf(now);
        if (receivedOn.isAfter(today)) {
            return new Outcome.Refused(Rejection.of(
                    Rejection.Reason.INVALID_VALUE,
                    "A request is received on the day it arrived, not later than today (" + today + ")"));
        }
        Instant receivedAt = receivedOn.equals(today)
                ? now
                : receivedOn.atStartOfDay(settings.calendar().zone()).toInstant();
        if (kind == RequestKind.WITHDRAWAL) {
            return withdraw(act, reason, person, channel, receivedAt);
        }
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Account> found = accounts.findByEmail(person).filter(a -> a.status() != AccountStatus.ERASED);
            if (found.isEmpty()) {
                return new Outcome.Refused(Rejection.of(
                        Rejection.Reason.NOT_FOUND,
                        "No account uses this address: Kaptura holds nothing under it. Answer the person so."));
            }
            Account account = found.get();
            Actor by = operator(act);
            if (kind == RequestKind.ERASURE) {
                if (erasure.open(account.id()).isPresent()) {
                    return conflict("This account's erasure is already under way");
                }
                accounts.save(account.beginErasure());
                // No one reads the account's data from now on (R47), as when the person asks on the privacy page.
                audit.sessionsEnded(
                        account.id(), sessions.deleteAllOf(account.id()), "erasure recorded by an operator");
                PrivacyRequest started = erasure.start(
                        account,
                        by,
                        ConsentMethod.ERASURE_REQUEST,
                        DeletionReason.ACCOUNT_ERASED,
                        now,
                        channel,
                        receivedAt);
                auditRecorded(by, started, reason);
                return recorded(started);
            }
            PrivacyRequest saved = requests.save(PrivacyRequest.receive(
                    new PrivacyRequestId(ids.next()),
                    account.id(),
                    kind,
                    channel,
                    receivedAt,
                    settings.calendar(),
                    List.of()));
            audit.record(
                    by,
                    AuditAction.PRIVACY_REQUEST_RECEIVED,
                    Subject.of("privacy_request", saved.id()),
                    Rule.R20,
                    details(reason, "kind", kind, "channel", channel, "due_on", saved.dueOn()));
            scheduler.enqueue(JobRequests.email(
                    JobRequests.MailKind.REQUEST_RECEIVED, saved.id().toString(), now));
            return recorded(saved);
        }));
    }

    /**
     * R7: a withdrawal takes effect at once, however it came: the same withdrawal as the privacy page's, logged as
     * answered with the channel and day it arrived, its steps audited under the operator who recorded it.
     */
    private Outcome withdraw(Act act, String reason, EmailAddress person, Channel channel, Instant receivedAt) {
        Optional<Account> found = accounts.findByEmail(person).filter(a -> a.status() != AccountStatus.ERASED);
        if (found.isEmpty()) {
            return new Outcome.Refused(Rejection.of(
                    Rejection.Reason.NOT_FOUND,
                    "No account uses this address: Kaptura holds nothing under it. Answer the person so."));
        }
        WithdrawConsent.Outcome done = withdrawal.handle(new WithdrawConsent.Command(
                found.get().id(),
                ai.kaptura.domain.policy.Language.ENGLISH,
                operator(act),
                channel,
                Optional.of(receivedAt)));
        tx.run(() -> audit.record(
                operator(act),
                AuditAction.PRIVACY_REQUEST_RECEIVED,
                Subject.of("account", found.get().id()),
                Rule.R7,
                details(
                        reason,
                        "kind",
                        RequestKind.WITHDRAWAL,
                        "channel",
                        channel,
                        "orders_stopped",
                        done.ordersStopped().size())));
        return new Outcome.Done(
                found.get().id().toString(),
                "Withdrawn at once: " + done.ordersStopped().size() + " orders stopped, "
                        + done.selfiesDueForDeletion() + " selfies being deleted, " + done.modelDeletionsRequested()
                        + " model deletions asked of the vendor.");
    }

    private void auditRecorded(Actor by, PrivacyRequest started, String reason) {
        audit.record(
                by,
                AuditAction.PRIVACY_REQUEST_RECEIVED,
                Subject.of("privacy_request", started.id()),
                Rule.R20,
                details(reason, "recorded_by_operator", true, "channel", started.channel()));
    }

    private static Outcome recorded(PrivacyRequest request) {
        return new Outcome.Done(
                request.id().toString(),
                "Recorded as received on " + request.receivedAt() + "; due on " + request.dueOn()
                        + ". The person is sent the usual confirmation.");
    }

    @Override
    public Outcome complete(Act act, PrivacyRequestId id) {
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        return decide(
                id,
                request -> {
                    if (request.kind() == RequestKind.ERASURE) {
                        return Result.refused(
                                Rejection.Reason.ERASURE_INCOMPLETE,
                                "An erasure closes by itself once every location gave its evidence (R27)");
                    }
                    return request.complete(now);
                },
                DeskAction.RECORD_REQUEST,
                act,
                now,
                closed -> {
                    audit.record(
                            operator(act),
                            AuditAction.PRIVACY_REQUEST_COMPLETED,
                            Subject.of("privacy_request", id),
                            Rule.R20,
                            details(reason, "overdue", closed.isOverdue(now, settings.calendar())));
                    scheduler.enqueue(JobRequests.email(JobRequests.MailKind.REQUEST_COMPLETED, id.toString(), now));
                    return "Closed as answered; the person is told.";
                });
    }

    @Override
    public Outcome extend(Act act, PrivacyRequestId id) {
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        return decide(
                id,
                request -> request.extend(reason, now, settings.calendar()),
                DeskAction.EXTEND_REQUEST,
                act,
                now,
                extended -> {
                    audit.record(
                            operator(act),
                            AuditAction.PRIVACY_REQUEST_EXTENDED,
                            Subject.of("privacy_request", id),
                            Rule.R20,
                            details(reason, "new_due_on", extended.dueOn()));
                    scheduler.enqueue(JobRequests.email(JobRequests.MailKind.REQUEST_EXTENDED, id.toString(), now));
                    return "Extended once, now due on " + extended.dueOn() + "; the person is told why.";
                });
    }

    @Override
    public Outcome refuse(Act act, PrivacyRequestId id) {
        String reason = DeskAction.reason(act.reason());
        Instant now = clock.instant();
        return decide(
                id,
                request -> request.refuse(new Refusal(reason, settings.complaintRoute()), now),
                DeskAction.REFUSE_REQUEST,
                act,
                now,
                refused -> {
                    audit.record(
                            operator(act),
                            AuditAction.PRIVACY_REQUEST_REFUSED,
                            Subject.of("privacy_request", id),
                            Rule.R21,
                            details(
                                    reason,
                                    "complaint_authority",
                                    settings.complaintRoute().authority()));
                    scheduler.enqueue(JobRequests.email(JobRequests.MailKind.REQUEST_REFUSED, id.toString(), now));
                    return "Refused; the person is told the reasons and where to complain.";
                });
    }

    /**
     * One decision on a request: the domain decides whether it may be taken ({@code step}); only then is the fresh
     * code spent (when {@code action} is destructive), the request saved and {@code after} run, all in one transaction.
     */
    private Outcome decide(
            PrivacyRequestId id,
            java.util.function.Function<PrivacyRequest, Result<PrivacyRequest>> step,
            DeskAction action,
            Act act,
            Instant now,
            java.util.function.Function<PrivacyRequest, String> after) {
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<PrivacyRequest> found = requests.find(id);
            if (found.isEmpty()) {
                return new Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such request"));
            }
            return switch (step.apply(found.get())) {
                case Result.Refused<PrivacyRequest>(Rejection why) -> new Outcome.Refused(why);
                case Result.Ok<PrivacyRequest>(PrivacyRequest next) -> {
                    Optional<Rejection> unconfirmed = confirm(act, action, now);
                    if (unconfirmed.isPresent()) {
                        yield new Outcome.Refused(unconfirmed.get());
                    }
                    PrivacyRequest saved = requests.save(next);
                    yield new Outcome.Done(id.toString(), after.apply(saved));
                }
            };
        }));
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
            return confirm(act, DeskAction.FLAG_MINOR, now);
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
        Optional<Rejection> unconfirmed = tx.inTransaction(() -> confirm(act, DeskAction.LIFT_HOLD, clock.instant()));
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

    /**
     * R50: a destructive action needs the operator's latest fresh code, typed now; the code is spent by the action
     * (in its transaction), and a wrong one counts as a wrong try, as any code's does (R47).
     */
    private Optional<Rejection> confirm(Act act, DeskAction action, Instant now) {
        if (!action.destructive()) {
            return Optional.empty();
        }
        String code = act.freshCode().map(String::strip).orElse("");
        if (code.isEmpty()) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.FRESH_CODE_REQUIRED,
                    "This action cannot be undone: ask for a fresh code (it is emailed to you) and type it with the"
                            + " action"));
        }
        Optional<AccountId> operator = Optional.of(act.operator());
        Optional<SignInChallenge> challenge = accounts.find(act.operator())
                .flatMap(Account::email)
                .flatMap(email -> challenges.latestFor(email, Purpose.OPERATOR_CONFIRM, operator));
        if (challenge.isEmpty()) {
            return Optional.of(invalid("No fresh code was sent to you; ask for one"));
        }
        Attempt attempt = challenge.get().tryCode(code, Purpose.OPERATOR_CONFIRM, operator, now);
        return switch (attempt) {
            case Attempt.Accepted accepted ->
                challenges.markUsed(challenge.get().id(), now)
                        ? Optional.empty()
                        : Optional.of(invalid(CodeRefusals.usedOrBurnt().detail()));
            case Attempt.Wrong wrong ->
                Optional.of(invalid(CodeRefusals.wrongTry(challenges, challenge.get(), "That fresh code is not right")
                        .detail()));
            case Attempt.Expired expired ->
                Optional.of(invalid(CodeRefusals.expired().detail()));
            case Attempt.Exhausted exhausted ->
                Optional.of(invalid(CodeRefusals.exhausted().detail()));
            case Attempt.Spent spent -> Optional.of(invalid(CodeRefusals.spent().detail()));
            case Attempt.OtherBrowser other ->
                Optional.of(invalid(CodeRefusals.usedOrBurnt().detail()));
        };
    }

    private static Rejection invalid(String detail) {
        return Rejection.of(Rejection.Reason.FRESH_CODE_INVALID, detail);
    }

    private static Outcome conflict(String detail) {
        return new Outcome.Refused(Rejection.of(Rejection.Reason.DESK_ACTION_CONFLICT, detail));
    }

    private static Actor operator(Act act) {
        return OperatorSignInService.operator(act.operator());
    }

    /** The audit details of an operator's action: its reason first (R50), then the facts given in pairs. */
    private static Map<String, Object> details(String reason, Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            details.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return details;
    }
}
