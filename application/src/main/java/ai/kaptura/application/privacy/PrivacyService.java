package ai.kaptura.application.privacy;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentMethod;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.AccessReport;
import ai.kaptura.domain.privacy.Channel;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.in.EraseAccount;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.in.FlagMinor;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Processors;
import ai.kaptura.ports.out.Sessions;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The person's rights from the self-service privacy page: access and portability (R25, R29),
 * withdrawal (R7), erasure (R27) — and the minor flag (R42), which erases like a request. Rectification has
 * its own service, {@link RectifyEmailService}. Every request is logged with its deadline (R20), answered on the web (R24), free (R22).
 */
@Implements({Rule.R7, Rule.R20, Rule.R24, Rule.R25, Rule.R27, Rule.R29, Rule.R42, Rule.R47})
public final class PrivacyService implements ExportMyData, WithdrawConsent, EraseAccount, FlagMinor {

    private final Accounts accounts;
    private final Orders orders;
    private final OrderBook book;
    private final RetentionConsequences consequences;
    private final ConsentLedger ledger;
    private final PolicyVersions policies;
    private final PrivacyRequests requests;
    private final Processors processors;
    private final Collection<String> configuredProcessors;
    private final Sessions sessions;
    private final PhotoVault vault;
    private final Jobs jobs;
    private final Transactions tx;
    private final AuditTrail audit;
    private final IdSupplier ids;
    private final InstantSource clock;
    private final Settings settings;

    public PrivacyService(Accounts accounts, Orders orders, OrderBook book, RetentionConsequences consequences, ConsentLedger ledger,
                          PolicyVersions policies, PrivacyRequests requests, Processors processors,
                          Collection<String> configuredProcessors, Sessions sessions,
                          PhotoVault vault, Jobs jobs, Transactions tx, AuditTrail audit,
                          IdSupplier ids, InstantSource clock, Settings settings) {
        this.accounts = accounts;
        this.orders = orders;
        this.book = book;
        this.consequences = consequences;
        this.ledger = ledger;
        this.policies = policies;
        this.requests = requests;
        this.processors = processors;
        this.configuredProcessors = List.copyOf(configuredProcessors);
        this.sessions = sessions;
        this.vault = vault;
        this.jobs = jobs;
        this.tx = tx;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    // ---- access and portability (R25, R29) ------------------------------------------------------

    @Override
    public Export export(AccountId accountId) {
        Instant now = clock.instant();
        Account account = book.account(accountId);
        List<Order> mine = orders.ofAccount(accountId);
        List<ConsentRecord> consents = ledger.ofAccount(accountId);
        List<Part> files = new ArrayList<>();
        for (Order order : mine) {
            SelfieReadPermit permit = BiometricGuard.forOwnerCopy(account, order, now).orElseThrow();
            for (Selfie selfie : order.liveSelfies()) {
                PhotoRef ref = selfie.photo().orElseThrow();
                Digest digest = switch (selfie) {
                    case Selfie.Stored s -> s.sha256();
                    case Selfie.SentToVendor s -> s.sha256();
                    default -> throw new IllegalStateException("Only live selfies are exported");
                };
                files.add(new Part("orders/" + order.id() + "/selfies/" + selfie.id() + ".jpg", "image/jpeg", digest,
                        () -> vault.readSelfie(permit, accountId, ref)));
            }
            for (Headshot h : order.headshots()) {
                files.add(new Part("orders/" + order.id() + "/headshots/" + h.id() + ".jpg", "image/jpeg", h.sha256(),
                        () -> vault.readHeadshot(accountId, h.photo())));
            }
        }
        AccessReport report = AccessReport.compose(AccessReport.held(mine, consents), processors.registry(), configuredProcessors,
                settings.retention(), settings.complaintRoute(), now);
        PrivacyRequest request = tx.inTransaction(() -> {
            PrivacyRequest received = PrivacyRequest.receive(new PrivacyRequestId(ids.next()), accountId, RequestKind.ACCESS,
                    Channel.ELECTRONIC, now, settings.calendar(), List.of());
            PrivacyRequest done = requests.save(received.complete(now).orElseThrow());
            audit.record(Actor.person(accountId), AuditAction.DATA_EXPORTED, Subject.of("privacy_request", done.id()), Rule.R25,
                    Map.of("files", files.size()));
            return done;
        });
        List<PrivacyRequest> allRequests = requests.ofAccount(accountId);
        String json = ExportDocument.json(account, mine, consents, allRequests, report);
        return new Export(request.id(), report, json, files);
    }

    // ---- withdrawal (R7) ------------------------------------------------------------------------

    @Override
    public WithdrawConsent.Outcome handle(WithdrawConsent.Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Account account = book.account(command.account());
            Optional<PolicyVersion> inForce = policies.history().currentAt(now);
            if (inForce.isPresent()) {
                for (ConsentRecord record : CheckoutConsent.withdrawal(account, inForce.get(), command.language(),
                        ConsentMethod.WITHDRAWAL_ON_PRIVACY_PAGE, ids, now)) {
                    ledger.append(record);
                    audit.record(Actor.person(account.id()), AuditAction.CONSENT_WITHDRAWN, Subject.of("consent", record.id()), Rule.R7,
                            Map.of("purpose", record.purpose()));
                }
            }
            List<OrderId> stopped = new ArrayList<>();
            int selfies = 0;
            int models = 0;
            for (Order order : orders.ofAccount(account.id())) {
                Order after = consequences.saveTransition(order.stopProcessing(DeletionReason.CONSENT_WITHDRAWN, now), now);
                if (after.status() != order.status()) {
                    stopped.add(order.id());
                    audit.record(Actor.person(account.id()), AuditAction.ORDER_CANCELLED, Subject.of("order", order.id()), Rule.R7);
                }
                selfies += (int) (after.selfies().stream().filter(Selfie.PendingDeletion.class::isInstance).count()
                        - order.selfies().stream().filter(Selfie.PendingDeletion.class::isInstance).count());
                if (after.model().isPresent() && !after.model().equals(order.model())) {
                    models++;
                }
            }
            PrivacyRequest request = PrivacyRequest.receive(new PrivacyRequestId(ids.next()), account.id(), RequestKind.WITHDRAWAL,
                    Channel.ELECTRONIC, now, settings.calendar(), List.of());
            requests.save(request.complete(now).orElseThrow());
            return new WithdrawConsent.Outcome(stopped, selfies, models);
        }));
    }

    // ---- erasure (R27) and the minor flag (R42) --------------------------------------------------

    @Override
    public Accepted erase(AccountId account) {
        Instant now = clock.instant();
        PrivacyRequest request = Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<PrivacyRequest> open = requests.ofAccount(account).stream()
                    .filter(r -> r.kind() == RequestKind.ERASURE && r.isOpen()).findFirst();
            if (open.isPresent()) {
                return open.get(); // asking twice is one request
            }
            Account current = book.account(account);
            accounts.save(current.beginErasure());
            // Signed out everywhere at once, not when the erasure job runs: nobody reads the data from now on (R47).
            int ended = sessions.deleteAllOf(account);
            audit.record(Actor.person(account), AuditAction.SESSIONS_ENDED, Subject.of("account", account), Rule.R47,
                    Map.of("sessions", ended, "why", "erasure requested"));
            return startErasure(current, Actor.person(account), ConsentMethod.ERASURE_REQUEST, DeletionReason.ACCOUNT_ERASED, now);
        }));
        return new Accepted(request.id());
    }

    @Override
    public List<PrivacyRequest> requests(AccountId account) {
        return requests.ofAccount(account);
    }

    @Override
    public FlagMinor.Outcome handle(FlagMinor.Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Account> found = accounts.find(command.account());
            if (found.isEmpty() || found.get().status() == AccountStatus.ERASED) {
                return new FlagMinor.Outcome.Refused(Rejection.of(Rejection.Reason.NOT_FOUND, "No such account"));
            }
            MinorFlag flag = new MinorFlag(now, command.source(), command.reason());
            Account flagged = accounts.save(found.get().flagAsMinor(flag));
            audit.record(Actor.SYSTEM, AuditAction.MINOR_FLAGGED, Subject.of("account", flagged.id()), Rule.R42,
                    Map.of("source", command.source(), "erasure_deadline", flag.erasureDeadline()));
            sessions.deleteAllOf(flagged.id());
            Optional<PrivacyRequest> open = requests.ofAccount(flagged.id()).stream()
                    .filter(r -> r.kind() == RequestKind.ERASURE && r.isOpen()).findFirst();
            PrivacyRequest request = open.orElseGet(() ->
                    startErasure(flagged, Actor.SYSTEM, ConsentMethod.MINOR_FLAG, DeletionReason.MINOR_FLAGGED, now));
            return new FlagMinor.Outcome.Flagged(request.id(), flag.erasureDeadline());
        }));
    }

    /** Stops all processing at once and hands the checklist to a durable job. Runs inside a transaction. */
    private PrivacyRequest startErasure(Account account, Actor actor, ConsentMethod method, DeletionReason why, Instant now) {
        Optional<PolicyVersion> inForce = policies.history().currentAt(now);
        if (inForce.isPresent() && !ledger.ofAccount(account.id()).isEmpty()) {
            for (ConsentRecord record : CheckoutConsent.withdrawal(account, inForce.get(), Language.ENGLISH, method, ids, now)) {
                ledger.append(record);
            }
        }
        PrivacyRequest request = requests.save(PrivacyRequest.receive(new PrivacyRequestId(ids.next()), account.id(),
                RequestKind.ERASURE, Channel.ELECTRONIC, now, settings.calendar(),
                processors.registry().erasureLocations(configuredProcessors)));
        audit.record(actor, AuditAction.PRIVACY_REQUEST_RECEIVED, Subject.of("privacy_request", request.id()), Rule.R27,
                Map.of("kind", request.kind(), "due_on", request.dueOn()));
        for (Order order : orders.ofAccount(account.id())) {
            consequences.saveTransition(order.stopProcessing(why, now), now);
        }
        jobs.enqueue(JobRequests.email(JobRequests.MailKind.REQUEST_RECEIVED, request.id().toString(), now));
        jobs.enqueue(JobRequests.erase(request.id(), now));
        return request;
    }

    // ---- the person's requests, for mails ---------------------------------------------------------

    public Optional<PrivacyRequest> request(PrivacyRequestId id) {
        return requests.find(id);
    }
}
