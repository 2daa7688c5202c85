package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.application.audit.AuditAnchoring;
import ai.kaptura.application.audit.AuditPruning;
import ai.kaptura.application.checkout.CheckoutService;
import ai.kaptura.application.checkout.PaymentEventService;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.order.OrderService;
import ai.kaptura.application.order.PhotoAdvisor;
import ai.kaptura.application.pipeline.ConsentHolds;
import ai.kaptura.application.pipeline.GenerationPipeline;
import ai.kaptura.application.pipeline.JobRunner;
import ai.kaptura.application.pipeline.MailJob;
import ai.kaptura.application.pipeline.OverdueCallbacks;
import ai.kaptura.application.privacy.ErasureJob;
import ai.kaptura.application.privacy.ErasureWake;
import ai.kaptura.application.retention.BiometricDeletion;
import ai.kaptura.application.retention.RetentionService;
import ai.kaptura.application.retention.StrandedDeletions;
import ai.kaptura.application.retention.VaultReconciliation;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.RateLimits;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * Wires an order's way: the draft, checkout and payment, the generation pipeline and its overdue poll, biometric
 * deletion and retention, the durable jobs that carry them and the alarms that watch them.
 */
@dagger.Module
final class OrderModule {

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

    private OrderModule() {}

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
            RetentionConsequences consequences,
            PhotoAdvisor advisor) {
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
                consequences,
                advisor);
    }

    /** R51: photo-quality advice, computed by a job after each upload. */
    @dagger.Provides
    @Singleton
    static PhotoAdvisor advisor(
            PersistenceAdapter db, PhotoVault vault, AuditTrail audit, InstantSource clock, PhotoAnalysis analysis) {
        return new PhotoAdvisor(
                analysis,
                db.selfieAdvices(),
                vault,
                AdvicePolicy.DEFAULT,
                db.orders(),
                db.accounts(),
                db.transactions(),
                audit,
                clock);
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
            InstantSource clock,
            AuditAnchoring anchoring) {
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
                new StrandedDeletions(db.orders(), db.privacyRequests(), db.jobs(), db.auditLog(), db.legalHolds()),
                db.privacyRequests(),
                new AuditPruning(db.auditLog(), anchoring, settings.retention(), db.transactions(), audit));
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
                db.jobs(),
                db.legalHolds());
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
            PhotoAdvisor advisor,
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
                advisor,
                book,
                db.accounts(),
                payments,
                obligations,
                db.transactions(),
                audit);
    }
}
