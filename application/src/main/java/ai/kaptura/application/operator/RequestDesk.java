package ai.kaptura.application.operator;

import static ai.kaptura.application.operator.DeskActs.conflict;
import static ai.kaptura.application.operator.DeskActs.details;
import static ai.kaptura.application.operator.DeskActs.operator;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.privacy.ErasureStart;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
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
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.OperatorDesk.Act;
import ai.kaptura.ports.in.OperatorDesk.Outcome;
import ai.kaptura.ports.in.OperatorDesk.RequestLine;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The privacy requests at the operator's desk (R20, R21, R24, R27, R50): listed overdue and due-soon first, recorded on
 * the day they arrived by email or post, extended once, refused with the complaint route, closed as answered; an
 * erasure starts as the privacy page's, a withdrawal takes effect at once.
 */
@Implements({Rule.R7, Rule.R20, Rule.R21, Rule.R50})
record RequestDesk(
        Accounts accounts,
        PrivacyRequests requests,
        Jobs scheduler,
        Sessions sessions,
        ErasureStart erasure,
        WithdrawConsent withdrawal,
        FreshCodes codes,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock,
        Settings settings) {

    List<RequestLine> requests(int limit) {
        Instant now = clock.instant();
        int max = Math.max(1, Math.min(limit, OperatorDeskService.PAGE));
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

    Optional<PrivacyRequest> request(PrivacyRequestId id) {
        return requests.find(id);
    }

    Outcome recordRequest(Act act, EmailAddress person, RequestKind kind, Channel channel, LocalDate receivedOn) {
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

    Outcome complete(Act act, PrivacyRequestId id) {
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

    Outcome extend(Act act, PrivacyRequestId id) {
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

    Outcome refuse(Act act, PrivacyRequestId id) {
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
                    Optional<Rejection> unconfirmed = codes.confirm(act, action, now);
                    if (unconfirmed.isPresent()) {
                        yield new Outcome.Refused(unconfirmed.get());
                    }
                    PrivacyRequest saved = requests.save(next);
                    yield new Outcome.Done(id.toString(), after.apply(saved));
                }
            };
        }));
    }
}
