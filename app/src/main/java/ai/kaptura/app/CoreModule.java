package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.adapter.vision.VisionAdapter;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.common.Vendors;
import ai.kaptura.domain.cookie.BannerVersion;
import ai.kaptura.domain.order.UploadQuota;
import ai.kaptura.domain.privacy.ComplaintRoute;
import ai.kaptura.domain.privacy.DeadlineCalendar;
import ai.kaptura.domain.processor.Controller;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.Randomness;
import ai.kaptura.ports.out.RateLimits;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

/**
 * Wires what every use case shares: the database, the photo vault and its decoders, the settings, the audit trail, the
 * order book and the mail through the processor registry. The use cases are wired in {@link OrderModule} and
 * {@link PrivacyModule}, vendors in {@link VendorModule}; nothing here decides anything.
 */
@dagger.Module
final class CoreModule {

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
    static AuditAnchors auditAnchors(Configuration config) {
        Configuration.Storage s = config.storage();
        return StorageAdapter.auditAnchors(
                s.provider(), s.endpoint(), s.identity(), s.credential(), s.container(), config.dataDir());
    }

    /** The audit key (R50), outside the database. */
    @dagger.Provides
    @Singleton
    static KeyPair auditKey(Configuration config) {
        return AuditKey.load(config.auditKey(), config.dataDir());
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

    /** R51: photo-quality advice on this server, as many at once as pictures are decoded at once. */
    @dagger.Provides
    @Singleton
    static PhotoAnalysis photoAnalysis(Configuration config) {
        return VisionAdapter.analysis(config.capacity().decoding().concurrency(), VisionAdapter.DEFAULT_WAIT);
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
                db.orders(),
                db.accounts(),
                db.consentLedger(),
                db.privacyRequests(),
                db.legalHolds(),
                settings.retention());
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
}
