package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.application.alarm.AlarmService;
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
import ai.kaptura.application.order.OrderService;
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
import ai.kaptura.application.retention.RetentionService;
import ai.kaptura.application.retention.StrandedDeletions;
import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.processor.Controller;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.RateLimits;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Wires the database, the photo vault and every use case. Vendors are chosen in {@link VendorModule};
 * nothing here decides anything: the adapters translate, the application decides.
 */
@dagger.Module
final class CoreModule {

    /**
     * How long a generator stage may run before its callback counts as overdue, and before the order fails (the vendor's
     * time; an order held for renewed consent follows its hold instead, see {@link ConsentHolds}).
     */
    static final Duration CALLBACK_GRACE = Duration.ofMinutes(10);

    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /**
     * How long a photo no row names may still be waiting for its row before the vault's reconciliation deletes it
     * (R10): an upload commits its row within seconds of storing the photo, a headshot's copy within a job's run.
     */
    static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    private CoreModule() {}

    @dagger.Provides
    @Singleton
    static PersistenceAdapter persistence(Configuration config) {
        PersistenceAdapter db = PersistenceAdapter.open(
                config.databaseUrl().orElse(null),
                config.databaseUser().orElse(null),
                config.databasePassword().orElse(null),
                config.dataDir());
        db.migrate();
        return db;
    }

    /**
     * Attempt counters every node shares (R47), in the database. The callback secret, the same on every node,
     * keys the hashes that name them (the adapter derives its own key from it).
     */
    @dagger.Provides
    @Singleton
    static RateLimits rateLimits(PersistenceAdapter db, InstantSource clock, @Named("callback") byte[] secret) {
        return db.rateLimits(clock, secret);
    }

    @dagger.Provides
    @Singleton
    static IdSupplier ids() {
        return UUID::randomUUID;
    }

    @dagger.Provides
    @Singleton
    static Randomness randomness() {
        return new SystemRandomness();
    }

    @dagger.Provides
    @Singleton
    static PhotoVault vault(Configuration config, PersistenceAdapter db, InstantSource clock) {
        Configuration.Storage s = config.storage();
        return StorageAdapter.vault(
                s.provider(),
                s.endpoint(),
                s.identity(),
                s.credential(),
                s.container(),
                config.dataDir(),
                config.masterKey(),
                config.production(),
                db.dataKeys(),
                clock);
    }

    @dagger.Provides
    @Singleton
    static StorageAdapter.Decoding decoding(Configuration config) {
        return StorageAdapter.decoding(
                config.storage().heifConvert(), config.capacity().decoding());
    }

    @dagger.Provides
    static PhotoSanitizer sanitizer(StorageAdapter.Decoding decoding) {
        return decoding.sanitizer();
    }

    @dagger.Provides
    static StorageAdapter.DecodeLoad decodeLoad(StorageAdapter.Decoding decoding) {
        return decoding.load();
    }

    @dagger.Provides
    @Singleton
    static Settings settings(Configuration config) {
        Configuration.Privacy p = config.privacy();
        return new Settings(
                config.baseUrl().toString(),
                Catalogue.plans(),
                RetentionPolicy.standard(Duration.ZERO),
                DeadlineCalendar.of(ZoneId.of(p.timeZone())),
                new ComplaintRoute(p.authority(), p.authorityContact()),
                new Controller(p.controllerName(), p.controllerContact()),
                new BannerVersion("2026-11"),
                "person",
                new UploadQuota(
                        config.security().maxUnpaidOrders(), config.security().maxUnpaidBytes()));
    }

    @dagger.Provides
    @Singleton
    static AuditTrail audit(PersistenceAdapter db, InstantSource clock) {
        return new AuditTrail(db.auditLog(), clock);
    }

    @dagger.Provides
    @Singleton
    static OrderBook book(PersistenceAdapter db, Settings settings) {
        return new OrderBook(
                db.orders(), db.accounts(), db.consentLedger(), db.privacyRequests(), settings.retention());
    }

    @dagger.Provides
    @Singleton
    static RetentionConsequences consequences(OrderBook book, PersistenceAdapter db, AuditTrail audit) {
        return new RetentionConsequences(book, db.jobs(), audit);
    }

    /**
     * The mailer every use case sends through: it asks the processor registry before each message (R33), and holds mail
     * while the processor's quota is reached or a message's delivery is unsure (R49), in the database every node shares.
     */
    @dagger.Provides
    @Singleton
    static RegisteredMailer registeredMailer(Mailer mailer, PersistenceAdapter db, InstantSource clock) {
        return new RegisteredMailer(mailer, db.processors(), db.mailHolds(), clock);
    }

    @dagger.Provides
    @Singleton
    static Set<String> configuredProcessors(HeadshotGenerator generator, PaymentGateway payments, Mailer mailer) {
        return Vendors.configuredProcessors(generator, payments, mailer);
    }

    @dagger.Provides
    @Singleton
    static SignInService signIn(
            PersistenceAdapter db,
            RegisteredMailer mailer,
            AuditTrail audit,
            Randomness random,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new SignInService(
                db.accounts(),
                db.signInChallenges(),
                db.sessions(),
                mailer,
                db.transactions(),
                audit,
                random,
                ids,
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static OrderService orders(
            OrderBook book,
            PersistenceAdapter db,
            PhotoSanitizer sanitizer,
            PhotoVault vault,
            AuditTrail audit,
            IdSupplier ids,
            InstantSource clock,
            Settings settings,
            RetentionConsequences consequences) {
        return new OrderService(
                book,
                db.orders(),
                db.accounts(),
                sanitizer,
                vault,
                db.jobs(),
                db.transactions(),
                audit,
                ids,
                clock,
                settings,
                db.policyVersions(),
                consequences);
    }

    @dagger.Provides
    @Singleton
    static CheckoutService checkout(
            OrderBook book,
            PersistenceAdapter db,
            PaymentGateway payments,
            AuditTrail audit,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new CheckoutService(
                book,
                db.accounts(),
                db.consentLedger(),
                db.policyVersions(),
                payments,
                db.jobs(),
                db.transactions(),
                audit,
                ids,
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static PaymentEventService paymentEvents(
            PaymentGateway payments,
            PersistenceAdapter db,
            OrderBook book,
            RetentionConsequences consequences,
            AuditTrail audit,
            InstantSource clock) {
        return new PaymentEventService(
                payments, db.processedEvents(), book, consequences, db.jobs(), db.transactions(), audit, clock);
    }

    /** Orders held for renewed consent (R9): the person is told, reminded after 7 days, and the order cancelled after 14. */
    @dagger.Provides
    @Singleton
    static ConsentHolds consentHolds(
            OrderBook book,
            PersistenceAdapter db,
            RetentionConsequences consequences,
            AuditTrail audit,
            RegisteredMailer mailer,
            InstantSource clock,
            Settings settings) {
        return new ConsentHolds(
                book,
                db.policyVersions(),
                db.processedEvents(),
                consequences,
                db.jobs(),
                db.transactions(),
                audit,
                mailer,
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static GenerationPipeline pipeline(
            HeadshotGenerator generator,
            PhotoVault vault,
            PhotoSanitizer sanitizer,
            PersistenceAdapter db,
            OrderBook book,
            RetentionConsequences consequences,
            AuditTrail audit,
            InstantSource clock,
            Settings settings,
            ConsentHolds holds) {
        return new GenerationPipeline(
                generator,
                vault,
                sanitizer,
                db.processors(),
                db.policyVersions(),
                db.processedEvents(),
                book,
                consequences,
                db.jobs(),
                db.transactions(),
                audit,
                clock,
                settings,
                holds);
    }

    @dagger.Provides
    @Singleton
    static OverdueCallbacks overdue(
            PersistenceAdapter db, GenerationPipeline pipeline, ConsentHolds holds, InstantSource clock) {
        return new OverdueCallbacks(db.orders(), pipeline, holds, clock, CALLBACK_GRACE, GIVE_UP_AFTER);
    }

    @dagger.Provides
    @Singleton
    static BiometricDeletion deletion(
            OrderBook book,
            PhotoVault vault,
            HeadshotGenerator generator,
            PersistenceAdapter db,
            AuditTrail audit,
            InstantSource clock) {
        return new BiometricDeletion(
                book,
                vault,
                generator,
                db.transactions(),
                audit,
                new ErasureWake(db.orders(), db.privacyRequests(), db.jobs()),
                clock);
    }

    @dagger.Provides
    @Singleton
    static RetentionService retention(
            PersistenceAdapter db,
            OrderBook book,
            RetentionConsequences consequences,
            Settings settings,
            RateLimits rateLimits,
            AuditTrail audit,
            InstantSource clock) {
        return new RetentionService(
                db.orders(),
                book,
                consequences,
                db.signInChallenges(),
                db.sessions(),
                db.cookieChoices(),
                rateLimits,
                settings.retention(),
                db.transactions(),
                audit,
                clock,
                new StrandedDeletions(db.orders(), db.privacyRequests(), db.jobs(), db.auditLog()));
    }

    @dagger.Provides
    @Singleton
    static VaultReconciliation reconciliation(
            PhotoVault vault, PersistenceAdapter db, AuditTrail audit, InstantSource clock) {
        return new VaultReconciliation(
                vault, db.orders(), db.deletionRecords(), db.transactions(), audit, clock, ORPHAN_GRACE);
    }

    @dagger.Provides
    @Singleton
    static ExportMyDataService export(
            PersistenceAdapter db,
            OrderBook book,
            Set<String> configured,
            PhotoVault vault,
            AuditTrail audit,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new ExportMyDataService(
                book,
                db.orders(),
                db.consentLedger(),
                db.privacyRequests(),
                db.processors(),
                configured,
                vault,
                db.transactions(),
                audit,
                ids,
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static WithdrawConsentService withdraw(
            PersistenceAdapter db,
            OrderBook book,
            RetentionConsequences consequences,
            AuditTrail audit,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new WithdrawConsentService(
                book,
                db.orders(),
                consequences,
                db.consentLedger(),
                db.policyVersions(),
                db.privacyRequests(),
                db.transactions(),
                audit,
                ids,
                clock,
                settings);
    }

    /** The start of an erasure, shared by the person's request and the minor flag (R27, R42). */
    @dagger.Provides
    @Singleton
    static ErasureStart erasureStart(
            PersistenceAdapter db,
            RetentionConsequences consequences,
            Set<String> configured,
            AuditTrail audit,
            IdSupplier ids,
            Settings settings) {
        return new ErasureStart(
                db.orders(),
                consequences,
                db.consentLedger(),
                db.policyVersions(),
                db.privacyRequests(),
                db.processors(),
                configured,
                db.jobs(),
                audit,
                ids,
                settings);
    }

    @dagger.Provides
    @Singleton
    static EraseAccountService erase(
            PersistenceAdapter db, OrderBook book, ErasureStart start, AuditTrail audit, InstantSource clock) {
        return new EraseAccountService(
                book, db.accounts(), db.sessions(), db.privacyRequests(), start, db.transactions(), audit, clock);
    }

    @dagger.Provides
    @Singleton
    static FlagMinorService flagMinor(
            PersistenceAdapter db, ErasureStart start, AuditTrail audit, InstantSource clock) {
        return new FlagMinorService(db.accounts(), db.sessions(), start, db.transactions(), audit, clock);
    }

    @dagger.Provides
    @Singleton
    static RectifyEmailService rectify(
            PersistenceAdapter db,
            OrderBook book,
            Set<String> configured,
            RegisteredMailer mailer,
            AuditTrail audit,
            Randomness random,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new RectifyEmailService(
                db.accounts(),
                book,
                db.signInChallenges(),
                db.sessions(),
                db.privacyRequests(),
                db.processors(),
                configured,
                db.jobs(),
                mailer,
                db.transactions(),
                audit,
                random,
                ids,
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static ErasureJob erasure(
            PersistenceAdapter db,
            OrderBook book,
            PhotoVault vault,
            List<ProcessorObligations> obligations,
            RegisteredMailer mailer,
            AuditTrail audit,
            InstantSource clock,
            Settings settings) {
        return new ErasureJob(
                db.privacyRequests(),
                db.accounts(),
                db.orders(),
                book,
                db.consentLedger(),
                db.sessions(),
                db.signInChallenges(),
                vault,
                db.maintenance(),
                obligations,
                mailer,
                db.jobs(),
                db.transactions(),
                audit,
                clock,
                settings.calendar());
    }

    @dagger.Provides
    @Singleton
    static CookieService cookies(PersistenceAdapter db, AuditTrail audit, InstantSource clock, Settings settings) {
        return new CookieService(db.cookieChoices(), db.transactions(), audit, clock, settings);
    }

    @dagger.Provides
    @Singleton
    static PolicyService policies(PersistenceAdapter db, AuditTrail audit, InstantSource clock, Settings settings) {
        return new PolicyService(db.policyVersions(), db.transactions(), audit, clock, settings);
    }

    @dagger.Provides
    @Singleton
    static AuditorService auditor(
            PersistenceAdapter db, Set<String> configured, InstantSource clock, Settings settings) {
        return new AuditorService(
                db.auditLog(),
                db.processors(),
                configured,
                db.privacyRequests(),
                db.consentLedger(),
                db.policyVersions(),
                clock,
                settings);
    }

    @dagger.Provides
    @Singleton
    static MailJob mailJob(
            PersistenceAdapter db, RegisteredMailer mailer, AuditTrail audit, Settings settings, Configuration config) {
        return new MailJob(
                db.accounts(),
                db.orders(),
                db.privacyRequests(),
                mailer,
                db.transactions(),
                audit,
                settings,
                db.alarms(),
                config.privacy().alarmEmail(),
                db.jobs());
    }

    /** R49: the promises at risk, checked on a schedule; alarm mail goes to {@code KAPTURA_ALARM_EMAIL}, if set. */
    @dagger.Provides
    @Singleton
    static AlarmService alarms(
            PersistenceAdapter db,
            OrderBook book,
            AuditTrail audit,
            InstantSource clock,
            Settings settings,
            Configuration config) {
        return new AlarmService(
                db.orders(),
                db.accounts(),
                db.privacyRequests(),
                db.jobs(),
                db.alarms(),
                book,
                db.transactions(),
                audit,
                clock,
                settings.calendar(),
                config.privacy().alarmEmail(),
                db.mailHolds());
    }

    @dagger.Provides
    @Singleton
    static JobRunner jobs(
            GenerationPipeline pipeline,
            ConsentHolds holds,
            BiometricDeletion deletion,
            MailJob mail,
            ErasureJob erasure,
            OrderBook book,
            PersistenceAdapter db,
            PaymentGateway payments,
            List<ProcessorObligations> obligations,
            AuditTrail audit) {
        return new JobRunner(
                pipeline,
                holds,
                deletion,
                mail,
                erasure,
                book,
                db.accounts(),
                payments,
                obligations,
                db.transactions(),
                audit);
    }
}
