package ai.kaptura.adapter.http;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.operator.DeskAction;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.OperatorDesk;
import ai.kaptura.ports.in.OperatorSignIn;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's sign-in and desk behind the HTTP adapter's tests: one listed address, fixed codes, and a record of
 * every action the routes passed on, with the operator and reason they carried.
 */
final class OperatorFake implements OperatorSignIn, OperatorDesk {

    static final String ADDRESS = "operator@example.org";
    static final String FRESH_CODE = "654321";
    static final AccountId OPERATOR = new AccountId(new UUID(0x0EL, 0x0E));
    static final PrivacyRequestId REQUEST = new PrivacyRequestId(new UUID(0x0FL, 0x0F));

    final Map<String, AccountId> sessions = new ConcurrentHashMap<>();
    final List<String> actions = new CopyOnWriteArrayList<>();
    final AtomicInteger freshCodesSent = new AtomicInteger();
    private final AtomicInteger tokens = new AtomicInteger();
    private final AuditorReportsHolder reports;

    /** What the processors page shows: the auditor fake's record. */
    interface AuditorReportsHolder {
        RecordOfProcessing record();
    }

    OperatorFake(AuditorReportsHolder reports) {
        this.reports = reports;
    }

    // ---- sign-in ------------------------------------------------------------------------------------

    @Override
    public SignIn.Started start(EmailAddress email) {
        return new SignIn.Started.CodeSent();
    }

    @Override
    public SignIn.Verified verify(SignIn.VerifyCode command) {
        if (!command.email().value().equals(ADDRESS) || !Fakes.GOOD_CODE.equals(command.code())) {
            return new SignIn.Verified.Refused(
                    Rejection.of(Rejection.Reason.SIGN_IN_CODE_INVALID, "That code is not valid; ask for a new one"));
        }
        return new SignIn.Verified.SignedIn(OPERATOR, sessionFor(), false);
    }

    /** A new operator's session: its opaque token. */
    String sessionFor() {
        String token = "operator-session-" + tokens.incrementAndGet();
        sessions.put(token, OPERATOR);
        return token;
    }

    @Override
    public Optional<AccountId> authenticate(String sessionToken) {
        return Optional.ofNullable(sessions.get(sessionToken));
    }

    @Override
    public void signOut(String sessionToken) {
        sessions.remove(sessionToken);
    }

    // ---- the desk -------------------------------------------------------------------------------------

    @Override
    public void sendFreshCode(AccountId operator) {
        freshCodesSent.incrementAndGet();
    }

    @Override
    public List<Alarm> alarms() {
        return List.of(Alarm.raise(Promise.REQUEST_DUE, Subject.of("privacy_request", REQUEST), Fakes.NOW, "due soon"));
    }

    @Override
    public List<JobTrouble> jobs() {
        return List.of(new JobTrouble(
                JobKind.ERASE_ACCOUNT,
                "erase:" + REQUEST,
                21,
                Optional.of(Fakes.NOW),
                Optional.empty(),
                Optional.of("java.net.ConnectException: vendor down")));
    }

    @Override
    public Outcome retryJob(Act act, JobKind kind, String key) {
        return acted("retry " + kind + " " + key, act, DeskAction.RETRY_ERASURE);
    }

    @Override
    public List<RequestLine> requests(int limit) {
        PrivacyRequest request = request();
        return List.of(new RequestLine(request, request.dueBy(calendar()), false, true));
    }

    @Override
    public Optional<PrivacyRequest> request(PrivacyRequestId id) {
        return id.equals(REQUEST) ? Optional.of(request()) : Optional.empty();
    }

    private static PrivacyRequest request() {
        return PrivacyRequest.receive(
                REQUEST,
                new AccountId(new UUID(0x10L, 0x10)),
                RequestKind.ACCESS,
                Channel.POSTAL,
                Fakes.NOW,
                calendar(),
                List.of());
    }

    private static DeadlineCalendar calendar() {
        return DeadlineCalendar.of(ZoneOffset.UTC);
    }

    @Override
    public Outcome recordRequest(
            Act act, EmailAddress person, RequestKind kind, Channel channel, LocalDate receivedOn) {
        return acted("record " + kind + " " + channel + " " + receivedOn, act, DeskAction.RECORD_REQUEST);
    }

    @Override
    public Outcome complete(Act act, PrivacyRequestId id) {
        return onRequest(id, "complete", act, DeskAction.RECORD_REQUEST);
    }

    @Override
    public Outcome extend(Act act, PrivacyRequestId id) {
        return onRequest(id, "extend", act, DeskAction.EXTEND_REQUEST);
    }

    @Override
    public Outcome refuse(Act act, PrivacyRequestId id) {
        return onRequest(id, "refuse", act, DeskAction.REFUSE_REQUEST);
    }

    private Outcome onRequest(PrivacyRequestId id, String what, Act act, DeskAction action) {
        if (!id.equals(REQUEST)) {
            return new Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such request"));
        }
        return acted(what + " " + id, act, action);
    }

    @Override
    public Outcome flagMinor(Act act, EmailAddress person, MinorFlag.Source source) {
        return acted("flag " + source, act, DeskAction.FLAG_MINOR);
    }

    @Override
    public List<MinorCase> minors() {
        return List.of();
    }

    @Override
    public Outcome placeHold(
            Act act, EmailAddress person, ai.kaptura.domain.retention.LegalHold.Basis basis, String reference) {
        return acted("hold " + basis + " " + reference, act, DeskAction.PLACE_HOLD);
    }

    @Override
    public Outcome liftHold(Act act, AccountId account) {
        return acted("lift " + account, act, DeskAction.LIFT_HOLD);
    }

    @Override
    public List<ai.kaptura.domain.retention.AccountHold.Active> holds() {
        return List.of();
    }

    @Override
    public RecordOfProcessing processors() {
        return reports.record();
    }

    /** As the real desk: a reason always, a fresh code for a destructive action; then the action is recorded. */
    private Outcome acted(String what, Act act, DeskAction action) {
        String reason = DeskAction.reason(act.reason());
        if (action.destructive()) {
            if (act.freshCode().isEmpty()) {
                return new Outcome.Refused(Rejection.of(Rejection.Reason.FRESH_CODE_REQUIRED, "Ask for a fresh code"));
            }
            if (!act.freshCode().get().equals(FRESH_CODE)) {
                return new Outcome.Refused(Rejection.of(Rejection.Reason.FRESH_CODE_INVALID, "Not the fresh code"));
            }
        }
        actions.add(act.operator() + " " + what + " because " + reason);
        return new Outcome.Done(what, "Done: " + what);
    }
}
