package ai.kaptura.application;

import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.application.audit.AuditAnchoring;
import ai.kaptura.application.audit.AuditPruning;
import ai.kaptura.application.audit.AuditorService;
import ai.kaptura.application.checkout.CheckoutService;
import ai.kaptura.application.checkout.PaymentEventService;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.common.Vendors;
import ai.kaptura.application.cookie.CookieService;
import ai.kaptura.application.operator.OperatorDeskService;
import ai.kaptura.application.operator.OperatorSignInService;
import ai.kaptura.application.order.OrderService;
import ai.kaptura.application.order.PhotoAdvisor;
import ai.kaptura.application.pipeline.ConsentHolds;
import ai.kaptura.application.pipeline.GenerationPipeline;
import ai.kaptura.application.pipeline.JobRunner;
import ai.kaptura.application.pipeline.MailJob;
import ai.kaptura.application.pipeline.OverdueCallbacks;
import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.application.privacy.EraseAccountService;
import ai.kaptura.application.privacy.ErasureJob;
import ai.kaptura.application.privacy.ErasureStart;
import ai.kaptura.application.privacy.ErasureWake;
import ai.kaptura.application.privacy.ExportMyDataService;
import ai.kaptura.application.privacy.FlagMinorService;
import ai.kaptura.application.privacy.RectifyEmailService;
import ai.kaptura.application.privacy.WithdrawConsentService;
import ai.kaptura.application.retention.BiometricDeletion;
import ai.kaptura.application.retention.HoldAccountService;
import ai.kaptura.application.retention.RetentionService;
import ai.kaptura.application.retention.StrandedDeletions;
import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.operator.OperatorRoster;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.Notice;
import ai.kaptura.domain.policy.NoticeKind;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.processor.Controller;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobRetries;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import ai.kaptura.ports.out.fake.FakePaymentGateway;
import ai.kaptura.ports.out.fake.FakePhotoAnalysis;
import ai.kaptura.ports.out.fake.FakePhotoSanitizer;
import ai.kaptura.ports.out.fake.InMemoryAuditAnchors;
import ai.kaptura.ports.out.fake.InMemoryLegalHolds;
import ai.kaptura.ports.out.fake.InMemoryMailHolds;
import ai.kaptura.ports.out.fake.InMemoryPhotoVault;
import ai.kaptura.ports.out.fake.InMemoryRateLimits;
import ai.kaptura.ports.out.fake.InMemorySelfieAdvices;
import ai.kaptura.ports.out.fake.InMemoryStores;
import ai.kaptura.ports.out.fake.MutableClock;
import ai.kaptura.ports.out.fake.RecordingDatabaseMaintenance;
import ai.kaptura.ports.out.fake.RecordingMailer;
import ai.kaptura.ports.out.fake.SeededRandomness;
import ai.kaptura.ports.out.fake.SequentialIds;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The whole application wired on the in-memory fakes of the ports test-jar: what the app module will
 * wire on real adapters, with a clock tests move and a job pump tests turn.
 */
public final class TestKaptura {

    public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    public static final Duration CALLBACK_GRACE = Duration.ofMinutes(10);
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /** How long a photo no row names may wait for its row before the vault's reconciliation deletes it (R10). */
    public static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    public static final NoticeVersion V1 = new NoticeVersion("2026-03");
    /** The quota of these tests: 3 unpaid orders, 60 MB of photos in them (the test photos are small PNGs). */
    public static final UploadQuota QUOTA = new UploadQuota(3, 60L * 1024 * 1024);
    /** The controller's contact for alarm mail (R49), as {@code KAPTURA_ALARM_EMAIL} sets it. */
    public static final EmailAddress ALARM_CONTACT = EmailAddress.of("alarms@kaptura.test");
    /** The one address listed as an operator's ({@code KAPTURA_OPERATORS}). */
    public static final EmailAddress OPERATOR = EmailAddress.of("operator@kaptura.test");

    public static final StyleId STUDIO = new StyleId("studio-grey");
    public static final StyleId OUTDOOR = new StyleId("outdoor-light");
    public static final Plan STARTER = new Plan(
            new PlanId("starter"),
            "Starter",
            8,
            2,
            Money.of(2900, "EUR"),
            List.of(
                    new Style(STUDIO, "Studio grey", "a professional studio headshot on a soft grey backdrop"),
                    new Style(OUTDOOR, "Outdoor light", "a natural-light portrait outdoors, shallow depth of field")));

    public final MutableClock clock = MutableClock.at(START);
    public final SequentialIds ids = new SequentialIds();
    public final SeededRandomness random = new SeededRandomness(42);
    public final InMemoryStores stores = InMemoryStores.create();
    /** Attempt counters: outside {@link #stores}, since they commit on their own, as in the database. */
    public final InMemoryRateLimits rateLimits = new InMemoryRateLimits(clock);

    public final InMemoryPhotoVault vault = new InMemoryPhotoVault(clock);
    public final RecordingDatabaseMaintenance maintenance = new RecordingDatabaseMaintenance();
    /** The audit key (R50), which the database never holds, and where its signed checkpoints are kept. */
    public final KeyPair auditKey = auditKey();

    public final InMemoryAuditAnchors anchors = new InMemoryAuditAnchors();
    public final FakePhotoSanitizer sanitizer = new FakePhotoSanitizer();
    public final FakePhotoAnalysis analysis = new FakePhotoAnalysis();
    public final InMemorySelfieAdvices advices = new InMemorySelfieAdvices();
    public final HeadshotGenerator generator;
    /** The gateway the services use: the fake, behind a recorder of the sessions started. */
    public final PaymentGateway payments;

    public final FakePaymentGateway paymentProcessor;
    final SessionRecordingGateway recordingPayments;
    public final RecordingMailer mailer = new RecordingMailer();
    /**
     * What the named mail processor (see the constructor's {@code mailProcessor}) answers instead of taking a message: an
     * exception to throw, or null to take it.
     */
    public final AtomicReference<Function<Mail, RuntimeException>> mailProcessorAnswer =
            new AtomicReference<>(m -> null);
    /** How often the named mail processor was asked to take a message. */
    public final AtomicInteger mailProcessorAsked = new AtomicInteger();
    /** Mail held for its processor's quota or an unsure delivery (R49). */
    public final InMemoryMailHolds mailHolds = new InMemoryMailHolds();
    /** The legal holds on accounts (R11). */
    public final InMemoryLegalHolds legalHolds = new InMemoryLegalHolds();

    public final List<ProcessorObligations> obligations = new ArrayList<>();
    public final Settings settings;
    public final AuditTrail audit;
    public final OrderBook book;
    public final RetentionConsequences consequences;

    public final SignInService signIn;
    public final OrderService orders;
    public final PhotoAdvisor advisor;
    public final CheckoutService checkout;
    public final PaymentEventService paymentEvents;
    public final ConsentHolds holds;
    public final GenerationPipeline pipeline;
    public final BiometricDeletion deletion;
    public final RetentionService retention;
    public final ExportMyDataService export;
    public final WithdrawConsentService withdraw;
    public final EraseAccountService erase;
    public final FlagMinorService flagMinor;
    public final RectifyEmailService rectify;
    public final ErasureJob erasure;
    public final CookieService cookies;
    public final PolicyService policies;
    public final AuditorService auditor;
    public final AuditAnchoring anchoring;
    public final JobRunner jobs;
    public final OverdueCallbacks overdue;
    public final AlarmService alarms;
    public final VaultReconciliation reconciliation;
    public final OperatorSignInService operatorSignIn;
    public final OperatorDeskService desk;
    public final HoldAccountService holdAccount;

    public TestKaptura() {
        this(
                c -> new FakeHeadshotGenerator("generator-secret", c),
                c -> new FakePaymentGateway("whsec_test", c),
                List.of());
    }

    public TestKaptura(
            Function<MutableClock, HeadshotGenerator> generatorFactory,
            Function<MutableClock, PaymentGateway> paymentsFactory,
            List<ProcessorObligations> processorObligations) {
        this(generatorFactory, paymentsFactory, processorObligations, Optional.empty());
    }

    /** @param mailProcessor the registry name of the email processor, if mail is to count as leaving the machine */
    public TestKaptura(
            Function<MutableClock, HeadshotGenerator> generatorFactory,
            Function<MutableClock, PaymentGateway> paymentsFactory,
            List<ProcessorObligations> processorObligations,
            Optional<String> mailProcessor) {
        this(generatorFactory, paymentsFactory, processorObligations, mailProcessor, QUOTA, Optional.of(ALARM_CONTACT));
    }

    /** A Kaptura with the fakes and the given limit on what unpaid orders may hold (R47). */
    public static TestKaptura withUploadQuota(UploadQuota quota) {
        return new TestKaptura(
                c -> new FakeHeadshotGenerator("generator-secret", c),
                c -> new FakePaymentGateway("whsec_test", c),
                List.of(),
                Optional.empty(),
                quota,
                Optional.of(ALARM_CONTACT));
    }

    /** A Kaptura with no contact for alarm mail ({@code KAPTURA_ALARM_EMAIL} unset): alarms are gauges and log lines only. */
    public static TestKaptura withoutAlarmMail() {
        return new TestKaptura(
                c -> new FakeHeadshotGenerator("generator-secret", c),
                c -> new FakePaymentGateway("whsec_test", c),
                List.of(),
                Optional.empty(),
                QUOTA,
                Optional.empty());
    }

    private TestKaptura(
            Function<MutableClock, HeadshotGenerator> generatorFactory,
            Function<MutableClock, PaymentGateway> paymentsFactory,
            List<ProcessorObligations> processorObligations,
            Optional<String> mailProcessor,
            UploadQuota quota,
            Optional<EmailAddress> alarmContact) {
        this.generator = generatorFactory.apply(clock);
        PaymentGateway created = paymentsFactory.apply(clock);
        this.paymentProcessor = created instanceof FakePaymentGateway fake ? fake : null;
        this.recordingPayments = new SessionRecordingGateway(created);
        this.payments = recordingPayments;
        this.obligations.addAll(processorObligations);
        this.settings = new Settings(
                "https://kaptura.test/",
                List.of(STARTER),
                RetentionPolicy.standard(Duration.ZERO),
                DeadlineCalendar.of(ZoneOffset.UTC),
                new ComplaintRoute("the Data Protection Commission", "https://www.dataprotection.ie"),
                new Controller("Kaptura Test Ltd", "privacy@kaptura.test"),
                new BannerVersion("b1"),
                "person",
                quota);
        this.audit = new AuditTrail(stores.auditLog(), clock);
        this.book = new OrderBook(
                stores.orders(),
                stores.accounts(),
                stores.consentLedger(),
                stores.privacyRequests(),
                legalHolds,
                settings.retention());
        this.consequences = new RetentionConsequences(book, stores.jobs(), audit);
        RegisteredMailer mail = new RegisteredMailer(
                mailProcessor
                        .<Mailer>map(name -> new Mailer() {
                            @Override
                            public Optional<String> processorName() {
                                return Optional.of(name);
                            }

                            @Override
                            public void send(Mail m) {
                                mailProcessorAsked.incrementAndGet();
                                RuntimeException refusal =
                                        mailProcessorAnswer.get().apply(m);
                                if (refusal != null) {
                                    throw refusal;
                                }
                                mailer.send(m);
                            }
                        })
                        .orElse(mailer),
                stores.processors(),
                mailHolds,
                clock);
        Set<String> configured = Vendors.configuredProcessors(generator, payments, mail);
        this.signIn = new SignInService(
                stores.accounts(),
                stores.signInChallenges(),
                stores.sessions(),
                mail,
                stores.transactions(),
                audit,
                random,
                ids,
                clock,
                settings,
                stores.policyVersions());
        this.advisor = new PhotoAdvisor(
                analysis,
                advices,
                vault,
                AdvicePolicy.DEFAULT,
                stores.orders(),
                stores.accounts(),
                stores.transactions(),
                audit,
                clock);
        this.orders = new OrderService(
                book,
                stores.orders(),
                stores.accounts(),
                sanitizer,
                vault,
                stores.jobs(),
                stores.transactions(),
                audit,
                ids,
                clock,
                settings,
                stores.policyVersions(),
                consequences,
                advisor);
        this.checkout = new CheckoutService(
                book,
                stores.accounts(),
                stores.consentLedger(),
                stores.policyVersions(),
                payments,
                stores.jobs(),
                stores.transactions(),
                audit,
                ids,
                clock,
                settings);
        this.paymentEvents = new PaymentEventService(
                payments,
                stores.processedEvents(),
                book,
                consequences,
                stores.jobs(),
                stores.transactions(),
                audit,
                clock);
        this.holds = new ConsentHolds(
                book,
                stores.policyVersions(),
                stores.processedEvents(),
                consequences,
                stores.jobs(),
                stores.transactions(),
                audit,
                mail,
                clock,
                settings);
        this.pipeline = new GenerationPipeline(
                generator,
                vault,
                sanitizer,
                stores.processors(),
                stores.policyVersions(),
                stores.processedEvents(),
                book,
                consequences,
                stores.jobs(),
                stores.transactions(),
                audit,
                clock,
                settings,
                holds);
        this.deletion = new BiometricDeletion(
                book,
                vault,
                generator,
                stores.transactions(),
                audit,
                new ErasureWake(stores.orders(), stores.privacyRequests(), stores.jobs()),
                clock);
        this.anchoring = new AuditAnchoring(stores.auditLog(), anchors, auditKey, stores.transactions(), clock);
        this.retention = new RetentionService(
                stores.orders(),
                book,
                consequences,
                stores.signInChallenges(),
                stores.sessions(),
                stores.cookieChoices(),
                rateLimits,
                settings.retention(),
                stores.transactions(),
                audit,
                clock,
                new StrandedDeletions(
                        stores.orders(), stores.privacyRequests(), stores.jobs(), stores.auditLog(), legalHolds),
                stores.privacyRequests(),
                new AuditPruning(stores.auditLog(), anchoring, settings.retention(), stores.transactions(), audit));
        this.export = new ExportMyDataService(
                book,
                stores.orders(),
                stores.consentLedger(),
                stores.privacyRequests(),
                stores.processors(),
                configured,
                vault,
                stores.transactions(),
                audit,
                ids,
                clock,
                settings,
                stores.auditLog());
        this.withdraw = new WithdrawConsentService(
                book,
                stores.orders(),
                consequences,
                stores.consentLedger(),
                stores.policyVersions(),
                stores.privacyRequests(),
                stores.transactions(),
                audit,
                ids,
                clock,
                settings);
        ErasureStart erasureStart = new ErasureStart(
                stores.orders(),
                consequences,
                stores.consentLedger(),
                stores.policyVersions(),
                stores.privacyRequests(),
                stores.processors(),
                configured,
                stores.jobs(),
                audit,
                ids,
                settings);
        this.erase = new EraseAccountService(
                book,
                stores.accounts(),
                stores.sessions(),
                stores.privacyRequests(),
                erasureStart,
                stores.transactions(),
                audit,
                clock);
        this.flagMinor = new FlagMinorService(
                stores.accounts(), stores.sessions(), erasureStart, stores.transactions(), audit, clock);
        this.rectify = new RectifyEmailService(
                stores.accounts(),
                book,
                stores.signInChallenges(),
                stores.sessions(),
                stores.privacyRequests(),
                stores.processors(),
                configured,
                stores.jobs(),
                mail,
                stores.transactions(),
                audit,
                random,
                ids,
                clock,
                settings);
        this.erasure = new ErasureJob(
                stores.privacyRequests(),
                stores.accounts(),
                stores.orders(),
                book,
                stores.consentLedger(),
                stores.sessions(),
                stores.signInChallenges(),
                vault,
                maintenance,
                obligations,
                mail,
                stores.jobs(),
                stores.transactions(),
                audit,
                clock,
                settings.calendar(),
                anchoring,
                legalHolds,
                stores.deletionRecords());
        this.cookies = new CookieService(stores.cookieChoices(), stores.transactions(), audit, clock, settings);
        this.policies = new PolicyService(stores.policyVersions(), stores.transactions(), audit, clock, settings);
        this.auditor = new AuditorService(
                stores.auditLog(),
                stores.processors(),
                configured,
                stores.privacyRequests(),
                stores.consentLedger(),
                stores.deletionRecords(),
                stores.policyVersions(),
                clock,
                settings,
                anchoring,
                "R1\tthe test harness's rule index\n");
        MailJob mailJob = new MailJob(
                stores.accounts(),
                stores.orders(),
                stores.privacyRequests(),
                mail,
                stores.transactions(),
                audit,
                settings,
                stores.alarms(),
                alarmContact,
                stores.jobs(),
                legalHolds);
        this.alarms = new AlarmService(
                stores.orders(),
                stores.accounts(),
                stores.privacyRequests(),
                stores.jobs(),
                stores.alarms(),
                book,
                stores.transactions(),
                audit,
                clock,
                settings.calendar(),
                alarmContact,
                mailHolds);
        this.overdue = new OverdueCallbacks(stores.orders(), pipeline, holds, clock, CALLBACK_GRACE, GIVE_UP_AFTER);
        this.reconciliation = new VaultReconciliation(
                vault, stores.orders(), stores.deletionRecords(), stores.transactions(), audit, clock, ORPHAN_GRACE);
        this.holdAccount = new HoldAccountService(
                stores.accounts(),
                stores.orders(),
                book,
                consequences,
                legalHolds,
                stores.privacyRequests(),
                stores.jobs(),
                stores.transactions(),
                audit,
                ids,
                clock);
        this.operatorSignIn = new OperatorSignInService(
                new OperatorRoster(java.util.Set.of(OPERATOR)),
                stores.accounts(),
                stores.signInChallenges(),
                stores.sessions(),
                mail,
                stores.transactions(),
                audit,
                random,
                ids,
                clock);
        this.desk = new OperatorDeskService(
                stores.accounts(),
                stores.privacyRequests(),
                stores.jobs(),
                stores.alarms(),
                flagMinor,
                withdraw,
                holdAccount,
                erasureStart,
                auditor,
                stores.signInChallenges(),
                stores.sessions(),
                mail,
                stores.transactions(),
                audit,
                random,
                ids,
                clock,
                settings);
        this.jobs = new JobRunner(
                pipeline,
                holds,
                deletion,
                mailJob,
                erasure,
                advisor,
                book,
                stores.accounts(),
                payments,
                obligations,
                stores.transactions(),
                audit);
    }

    /** The checkout session last started for an order. */
    public PaymentGateway.Session sessionOf(ai.kaptura.domain.order.OrderId order) {
        return recordingPayments.lastSession.get(order);
    }

    /** Makes the payment processor unreachable (or reachable again). */
    public void paymentsUnavailable(boolean unavailable) {
        recordingPayments.unavailable = unavailable;
    }

    /** The payment processor answers every new checkout with a refusal (such as a rejected API key). */
    public void paymentsRefusing(boolean refusing) {
        recordingPayments.refusing = refusing;
    }

    /** The payment processor answers every new checkout with {@code reference} as its reference (null: its own). */
    public void paymentsAnswerReference(String reference) {
        recordingPayments.answeredReference = reference;
    }

    /** Publishes the first policy version, in force from {@link #START}. */
    public TestKaptura withPolicy() {
        stores.policyVersions().add(policyVersion(V1, START, true));
        return this;
    }

    public static PolicyVersion policyVersion(NoticeVersion version, Instant effectiveAt, boolean material) {
        Language en = Language.ENGLISH;
        return new PolicyVersion(
                version,
                effectiveAt,
                material,
                "Version " + version,
                List.of(
                        new Notice(
                                NoticeKind.BIOMETRIC_PROCESSING,
                                en,
                                "We process your selfies (" + version
                                        + ") to train a personal model; deleted when your headshots are delivered, at the latest after 3 years."),
                        new Notice(
                                NoticeKind.VENDOR_DISCLOSURE,
                                en,
                                "We disclose your selfies (" + version
                                        + ") to our AI vendor, who deletes the model within 30 days."),
                        new Notice(NoticeKind.ADULT_ATTESTATION, en, "I am 18 or older (" + version + ")."),
                        new Notice(NoticeKind.PRIVACY_POLICY, en, "The privacy policy, version " + version + ".")));
    }

    /** The fake vendor this Kaptura trains and generates with (every constructor gives one). */
    public FakeHeadshotGenerator vendor() {
        return (FakeHeadshotGenerator) generator;
    }

    /** Hands a callback the fake vendor made to the pipeline, as its webhook would. */
    public ReceiveGeneratorEvent.Outcome callBack(FakeHeadshotGenerator.Callback callback) {
        return pipeline.handle(callback.token(), callback.body(), callback.headers());
    }

    /** Hands a webhook the fake payment processor made to the use case, as its endpoint would. */
    public ReceivePaymentEvent.Outcome webhook(FakePaymentGateway.Webhook webhook) {
        return paymentEvents.handle(webhook.body(), webhook.headers());
    }

    /** The vendor finishes training the model; answers the callback it makes for it, not yet delivered. */
    public FakeHeadshotGenerator.Callback trainingFinished(ModelRef model) {
        vendor().finishTraining(model);
        return vendor().trainingFinishedCallback(model);
    }

    /** The privacy request (an erasure, say) as stored now; it must exist. */
    public PrivacyRequest request(PrivacyRequestId request) {
        return stores.privacyRequests().find(request).orElseThrow();
    }

    /** Whether the privacy request is still open. */
    public boolean isOpen(PrivacyRequestId request) {
        return request(request).isOpen();
    }

    /**
     * Time passes as on a running node, five minutes at a time: the jobs due run, then {@code everyFiveMinutes} in
     * order (the sweep, the alarm check...), then the jobs those queued.
     */
    public void pass(Duration time, Runnable... everyFiveMinutes) {
        Duration step = Duration.ofMinutes(5);
        for (Duration gone = Duration.ZERO; gone.compareTo(time) < 0; gone = gone.plus(step)) {
            clock.advance(step);
            runDueJobs();
            for (Runnable work : everyFiveMinutes) {
                work.run();
            }
            runDueJobs();
        }
    }

    /** Jobs that threw, as the scheduler would see them before retrying. */
    public final List<String> failedJobs = new ArrayList<>();

    /**
     * Runs every job due now, and the jobs those enqueue, until none is due; answers how many ran. A job
     * that throws is tried again as the durable scheduler does ({@link JobRetries#STANDARD}: 10 s, doubling, at most
     * an hour apart; deletions, erasures and refunds without limit, R48), or given up and kept as dead.
     */
    public int runDueJobs() {
        int ran = 0;
        for (int round = 0; round < 100; round++) {
            List<Job> due = stores.jobs().takeDue(clock.instant());
            if (due.isEmpty()) {
                return ran;
            }
            for (Job job : due) {
                try {
                    jobs.run(job);
                    stores.jobs().succeeded(job);
                } catch (RuntimeException e) {
                    failedJobs.add(job.kind() + ": " + e.getMessage());
                    stores.jobs().failed(job, clock.instant(), String.valueOf(e.getMessage()), JobRetries.STANDARD);
                }
                ran++;
            }
        }
        throw new IllegalStateException("Jobs keep enqueueing jobs: more than 100 rounds");
    }

    private static KeyPair auditKey() {
        try {
            return KeyPairGenerator.getInstance(AuditCheckpoint.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
