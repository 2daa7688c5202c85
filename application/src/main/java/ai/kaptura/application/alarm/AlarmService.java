package ai.kaptura.application.alarm;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.AlarmBoard;
import ai.kaptura.domain.alarm.AtRisk;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.ports.in.CheckAlarms;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.JobKind;
import ai.kaptura.ports.out.JobTrouble;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.MailHolds;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The one mechanism for "a promise is at risk" (R49). Each check looks at every {@link Promise} in the stores, compares
 * what it finds with the alarms raised so far ({@link AlarmBoard}) and acts on the edges only: an alarm that starts is
 * stored, audited, logged once at WARN and mailed; one that clears is removed, audited and logged once at WARN; one that
 * lasts is mailed again once a day. The alarms live in the database, so starts and clears are edges across restarts and
 * nodes. Alarm mail goes to the controller's contact through the registered mailer, as a durable job; without a contact
 * there is no mail, and the gauges and log lines stay.
 *
 * <p>Nothing personal leaves in an alarm: its subject is an order, a privacy request or a job, by pseudonymous id (a
 * job whose key names an account, or that is too long to log, by a digest of its key).
 */
@Implements({Rule.R49, Rule.R10, Rule.R14, Rule.R20, Rule.R42, Rule.R48})
public final class AlarmService implements CheckAlarms {

    /** Subjects read per promise and check; a promise with more at risk clears nothing until it has fewer. */
    static final int BATCH = 500;

    private static final System.Logger LOG = System.getLogger(AlarmService.class.getName());
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final Orders orders;
    private final Accounts accounts;
    private final PrivacyRequests requests;
    private final Jobs jobs;
    private final Alarms alarms;
    private final OrderBook book;
    private final Transactions tx;
    private final AuditTrail audit;
    private final InstantSource clock;
    private final DeadlineCalendar calendar;
    private final Optional<EmailAddress> mailTo;
    private final MailHolds mailHolds;

    /**
     * @param mailTo    the controller's contact for alarm mail (R49); empty: no alarm mail, gauges and logs only
     * @param mailHolds mail that waits for its processor's quota, or for an unsure delivery to settle
     */
    public AlarmService(
            Orders orders,
            Accounts accounts,
            PrivacyRequests requests,
            Jobs jobs,
            Alarms alarms,
            OrderBook book,
            Transactions tx,
            AuditTrail audit,
            InstantSource clock,
            DeadlineCalendar calendar,
            Optional<EmailAddress> mailTo,
            MailHolds mailHolds) {
        this.orders = orders;
        this.accounts = accounts;
        this.requests = requests;
        this.jobs = jobs;
        this.alarms = alarms;
        this.book = book;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.calendar = calendar;
        this.mailTo = mailTo;
        this.mailHolds = mailHolds;
    }

    @Override
    public Report check() {
        Instant now = clock.instant();
        List<AlarmBoard.Scan> scans = new ArrayList<>();
        look("vendor models", () -> List.of(models(now)), scans);
        look("privacy requests", () -> List.of(requests(now)), scans);
        look("minors", () -> List.of(minors(now)), scans);
        look("jobs", () -> jobs(), scans);
        look("paid orders", () -> List.of(stalled(now)), scans);
        look("selfies", () -> List.of(selfies(now)), scans);
        look("mail", () -> mail(now), scans);
        AlarmBoard.Changes changes = AlarmBoard.compare(alarms.raised(), scans, now);

        int started = 0;
        int mailed = 0;
        for (Alarm alarm : changes.started()) {
            Optional<Boolean> mine = tx.inTransaction(() -> {
                if (!alarms.raise(alarm)) {
                    return Optional.<Boolean>empty(); // another node saw it start
                }
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.ALARM_RAISED,
                        alarm.subject(),
                        alarm.promise().rule(),
                        Map.of("promise", alarm.promise().label()));
                return Optional.of(queueMail(alarm, now));
            });
            if (mine.isPresent()) {
                started++;
                mailed += mine.get() ? 1 : 0;
                LOG.log(System.Logger.Level.WARNING, () -> raisedLine(alarm));
            }
        }
        int cleared = 0;
        for (Alarm alarm : changes.cleared()) {
            boolean mine = tx.inTransaction(() -> {
                if (!alarms.clear(alarm.key())) {
                    return false;
                }
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.ALARM_CLEARED,
                        alarm.subject(),
                        alarm.promise().rule(),
                        Map.of("promise", alarm.promise().label(), "raised_at", alarm.raisedAt()));
                return true;
            });
            if (mine) {
                cleared++;
                LOG.log(System.Logger.Level.WARNING, () -> clearedLine(alarm, now));
            }
        }
        for (Alarm alarm : changes.lasting()) {
            if (mailTo.isPresent()
                    && alarm.mailDue(now)
                    && tx.inTransaction(() -> alarms.find(alarm.key())
                            .filter(current -> current.mailDue(now))
                            .map(current -> queueMail(current, now))
                            .orElse(false))) {
                mailed++;
            }
        }
        return new Report(started, cleared, changes.lasting().size() + started, mailed);
    }

    @Override
    public Map<Promise, Integer> raisedByPromise() {
        Map<Promise, Integer> counts = new EnumMap<>(Promise.class);
        for (Promise promise : Promise.values()) {
            counts.put(promise, 0);
        }
        alarms.raised().forEach(a -> counts.merge(a.promise(), 1, Integer::sum));
        return counts;
    }

    /** Queues the alarm's mail of the day, if there is a contact to send it to; inside the caller's transaction. */
    private boolean queueMail(Alarm alarm, Instant now) {
        if (mailTo.isEmpty()) {
            return false;
        }
        jobs.enqueue(JobRequests.alarmMail(alarm, now));
        return alarms.mailed(alarm.key(), now);
    }

    /** A look that fails (a store that does not answer) is logged and left out: its alarms neither start nor clear. */
    private static void look(String what, Supplier<List<AlarmBoard.Scan>> scan, List<AlarmBoard.Scan> into) {
        try {
            into.addAll(scan.get());
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The alarm check could not look at the {0}: {1}",
                    what,
                    e.getClass().getSimpleName());
        }
    }

    // ---- the looks, one per promise --------------------------------------------------------------

    /** R14: vendor models not confirmed deleted 30 days after training. */
    private AlarmBoard.Scan models(Instant now) {
        List<OrderId> ids = orders.modelsUnconfirmedSince(AtRisk.modelLateIfTrainedBy(now), BATCH);
        List<AlarmBoard.Finding> found = new ArrayList<>();
        for (OrderId id : ids) {
            orders.find(id)
                    .flatMap(Order::model)
                    .filter(m -> AtRisk.modelNotDeleted(m, now))
                    .ifPresent(model -> found.add(new AlarmBoard.Finding(
                            Promise.MODEL_NOT_DELETED,
                            Subject.of("order", id),
                            "30 days after training ended at " + model.deletionDeadline()
                                    + switch (model) {
                                        case VendorModel.DeletionRequested r ->
                                            "; deletion asked at " + r.deletionRequestedAt() + ", " + r.attempts()
                                                    + " checks found it still there";
                                        default -> "; deletion not asked yet";
                                    })));
        }
        return new AlarmBoard.Scan(Promise.MODEL_NOT_DELETED, found, ids.size() < BATCH);
    }

    /** R20: privacy requests due within 5 days, or overdue. */
    private AlarmBoard.Scan requests(Instant now) {
        List<PrivacyRequest> open = requests.open(BATCH);
        List<AlarmBoard.Finding> found = open.stream()
                .filter(r -> AtRisk.requestDue(r, calendar, now))
                .map(r -> new AlarmBoard.Finding(
                        Promise.REQUEST_DUE,
                        Subject.of("privacy_request", r.id()),
                        r.kind().name().toLowerCase(Locale.ROOT) + " request received at " + r.receivedAt()
                                + ", due by " + r.dueBy(calendar) + (r.isOverdue(now, calendar) ? ", overdue" : "")))
                .toList();
        // Earliest due first: once one is not at risk, none after it is.
        boolean complete = open.size() < BATCH || !AtRisk.requestDue(open.getLast(), calendar, now);
        return new AlarmBoard.Scan(Promise.REQUEST_DUE, found, complete);
    }

    /** R42: minors' accounts not erased 72 hours after the flag, named by their erasure request (never the account). */
    private AlarmBoard.Scan minors(Instant now) {
        List<Account> flagged = accounts.withStatus(AccountStatus.FLAGGED_MINOR, BATCH);
        List<AlarmBoard.Finding> found = new ArrayList<>();
        boolean complete = flagged.size() < BATCH;
        for (Account account : flagged) {
            if (!AtRisk.minorNotErased(account, now)) {
                continue;
            }
            Optional<PrivacyRequest> erasure = requests.ofAccount(account.id()).stream()
                    .filter(r -> r.kind() == RequestKind.ERASURE)
                    .max(Comparator.comparing(PrivacyRequest::isOpen).thenComparing(PrivacyRequest::receivedAt));
            if (erasure.isEmpty()) {
                complete = false; // the flag always opens one; without it, nothing can be named, and nothing may clear
                continue;
            }
            MinorFlag flag = account.minorFlag().orElseThrow();
            found.add(new AlarmBoard.Finding(
                    Promise.MINOR_NOT_ERASED,
                    Subject.of("privacy_request", erasure.get().id()),
                    "flagged at " + flag.flaggedAt() + ", erasure due by " + flag.erasureDeadline()));
        }
        return new AlarmBoard.Scan(Promise.MINOR_NOT_ERASED, found, complete);
    }

    /** R48: jobs failing long, and dead jobs. */
    private List<AlarmBoard.Scan> jobs() {
        List<JobTrouble> troubled = jobs.troubled(LegalConstants.JOB_FAILURES_BEFORE_ALARM, BATCH);
        boolean complete = troubled.size() < BATCH;
        List<AlarmBoard.Finding> failing = new ArrayList<>();
        List<AlarmBoard.Finding> dead = new ArrayList<>();
        for (JobTrouble t : troubled) {
            String last = t.lastFailure().map(Instant::toString).orElse("an unknown time");
            if (t.dead()) {
                dead.add(new AlarmBoard.Finding(
                        Promise.JOB_DEAD,
                        jobSubject(t.kind(), t.key()),
                        "gave up after " + t.failures() + " failures, at " + last));
            } else if (AtRisk.jobFailing(t.failures())) {
                failing.add(new AlarmBoard.Finding(
                        Promise.JOB_FAILING,
                        jobSubject(t.kind(), t.key()),
                        t.failures() + " failures in a row, the last at " + last + "; next try at "
                                + t.nextTry().orElseThrow()));
            }
        }
        return List.of(
                new AlarmBoard.Scan(Promise.JOB_FAILING, failing, complete),
                new AlarmBoard.Scan(Promise.JOB_DEAD, dead, complete));
    }

    /** R49: paid orders that have not moved for an hour. */
    private AlarmBoard.Scan stalled(Instant now) {
        List<OrderId> ids = orders.stalledSince(AtRisk.stalledIfBegunBy(now), BATCH);
        List<AlarmBoard.Finding> found = new ArrayList<>();
        for (OrderId id : ids) {
            orders.find(id).filter(o -> o.status().isInProduction()).ifPresent(order -> {
                Instant since = order.history().getLast().at();
                if (AtRisk.orderStalled(since, now)) {
                    found.add(new AlarmBoard.Finding(
                            Promise.ORDER_STALLED,
                            Subject.of("order", id),
                            order.status().name().toLowerCase(Locale.ROOT) + " since " + since));
                }
            });
        }
        return new AlarmBoard.Scan(Promise.ORDER_STALLED, found, ids.size() < BATCH);
    }

    /**
     * R10: selfies still in the vault an hour after they were due: pending deletion that long, or due that long ago and
     * not yet marked by the sweep. Selfies under a legal hold are not due (R11).
     */
    private AlarmBoard.Scan selfies(Instant now) {
        Instant dueBy = AtRisk.pastDueIfDueBy(now);
        Map<OrderId, AlarmBoard.Finding> found = new LinkedHashMap<>();
        List<OrderId> pending = orders.withSelfiesPendingDeletion(dueBy, BATCH);
        for (OrderId id : pending) {
            // Selfies a legal hold keeps are not late: their deletion waits for the hold (R11).
            orders.find(id).filter(o -> book.hold(o.account()).isEmpty()).ifPresent(order -> {
                List<Selfie.PendingDeletion> held = order.selfies().stream()
                        .filter(Selfie.PendingDeletion.class::isInstance)
                        .map(Selfie.PendingDeletion.class::cast)
                        .toList();
                held.stream()
                        .map(Selfie.PendingDeletion::since)
                        .min(Instant::compareTo)
                        .filter(since -> AtRisk.selfiesPastDue(since, now))
                        .ifPresent(since -> found.put(
                                id,
                                new AlarmBoard.Finding(
                                        Promise.SELFIES_PAST_DUE,
                                        Subject.of("order", id),
                                        held.size() + " selfies due for deletion since " + since)));
            });
        }
        List<OrderId> unswept = orders.dueForRetention(dueBy, BATCH);
        for (OrderId id : unswept) {
            if (found.containsKey(id)) {
                continue;
            }
            orders.find(id)
                    .filter(o -> !o.liveSelfies().isEmpty())
                    .ifPresent(order -> book.policy()
                            .dueAt(DataCategory.SELFIE, BiometricRetention.selfieFacts(book.situation(order)))
                            .filter(due -> AtRisk.selfiesPastDue(due, now))
                            .ifPresent(due -> found.put(
                                    id,
                                    new AlarmBoard.Finding(
                                            Promise.SELFIES_PAST_DUE,
                                            Subject.of("order", id),
                                            order.liveSelfies().size() + " selfies due at " + due
                                                    + ", not yet marked for deletion"))));
        }
        return new AlarmBoard.Scan(
                Promise.SELFIES_PAST_DUE,
                List.copyOf(found.values()),
                pending.size() < BATCH && unswept.size() < BATCH);
    }

    /**
     * R49: mail held because its processor's quota is reached (until a message goes through again), and messages whose
     * delivery is unsure (until sent, or a day after they were due to be sent again). A message is named by the SHA-256
     * of its idempotency key, never by the key or an address.
     */
    private List<AlarmBoard.Scan> mail(Instant now) {
        List<MailHolds.Hold> held = mailHolds.held(BATCH);
        List<AlarmBoard.Finding> quota = new ArrayList<>();
        List<AlarmBoard.Finding> unsure = new ArrayList<>();
        for (MailHolds.Hold hold : held) {
            switch (hold.reason()) {
                case QUOTA_REACHED ->
                    quota.add(new AlarmBoard.Finding(
                            Promise.MAIL_QUOTA_REACHED,
                            Subject.of("processor", hold.subject()),
                            "quota reached since " + hold.since() + "; mail waits until " + hold.until()
                                    + " at least"));
                case DELIVERY_UNSURE -> {
                    if (AtRisk.mailDeliveryUnsure(hold.until(), now)) {
                        unsure.add(new AlarmBoard.Finding(
                                Promise.MAIL_DELIVERY_UNSURE,
                                Subject.of("mail", hold.subject()),
                                "unsure since " + hold.since() + "; sent again under its key from " + hold.until()));
                    }
                }
            }
        }
        boolean complete = held.size() < BATCH;
        return List.of(
                new AlarmBoard.Scan(Promise.MAIL_QUOTA_REACHED, quota, complete),
                new AlarmBoard.Scan(Promise.MAIL_DELIVERY_UNSURE, unsure, complete));
    }

    // ---- what the log says -------------------------------------------------------------------------

    /**
     * A job is named by its kind and key, which hold opaque ids only; a key that names an account (rectification)
     * or is too long to log plainly is named by a digest of it instead (R37: no account id in logs).
     */
    static Subject jobSubject(JobKind kind, String key) {
        String plain = kind.name() + ":" + key;
        boolean loggable = kind != JobKind.PROPAGATE_RECTIFICATION
                && PLAIN_KEY.matcher(plain).matches();
        return Subject.of(
                "job",
                loggable
                        ? plain
                        : kind.name() + ":sha256-" + Digest.sha256(key).hex().substring(0, 16));
    }

    /** The line logged once when an alarm starts. */
    static String raisedLine(Alarm alarm) {
        return "Alarm raised: " + alarm.promise().label() + " ("
                + alarm.promise().rule().id() + ") for " + alarm.subject().type() + " "
                + alarm.subject().id() + " since " + alarm.raisedAt() + ": "
                + alarm.promise().risk()
                + (alarm.detail().isBlank() ? "" : " (" + alarm.detail() + ")") + ". To do: "
                + alarm.promise().whatToDo();
    }

    /** The line logged once when an alarm clears. */
    static String clearedLine(Alarm alarm, Instant now) {
        return "Alarm cleared: " + alarm.promise().label() + " ("
                + alarm.promise().rule().id() + ") for " + alarm.subject().type() + " "
                + alarm.subject().id() + ", raised at " + alarm.raisedAt() + ", lasted "
                + human(Duration.between(alarm.raisedAt(), now));
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
