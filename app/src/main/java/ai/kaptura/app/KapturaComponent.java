package ai.kaptura.app;

import jakarta.inject.Singleton;
import java.time.InstantSource;

/** Kaptura, wired: Dagger writes the implementation at compile time from its modules. */
@Singleton
@dagger.Component(
        modules = {CoreModule.class, OrderModule.class, PrivacyModule.class, VendorModule.class, HttpModule.class})
interface KapturaComponent {

    Kaptura kaptura();

    /** Publishing a policy version from the command line; nothing else of the node is started. */
    ai.kaptura.application.policy.PolicyService policies();

    /** The auditor's reading of the evidence, for {@code kaptura audit verify}; nothing else of the node is started. */
    ai.kaptura.application.audit.AuditorService auditor();

    /** The audit chain's anchoring outside the database (R50), and its key. */
    ai.kaptura.application.audit.AuditAnchoring anchoring();

    /** The retention sweep (R12), as the node runs it every few minutes; nothing else of the node is started. */
    ai.kaptura.application.retention.RetentionService retention();

    /** What the photo decoders are doing (how many at once, the most ever at once, refusals as busy). */
    ai.kaptura.adapter.storage.StorageAdapter.DecodeLoad decodeLoad();

    /** The database (migrated when first asked for); whoever asks for it closes it. */
    ai.kaptura.adapter.persistence.PersistenceAdapter persistence();

    /** Legal holds on accounts (R11), for the operator desk. */
    ai.kaptura.ports.in.HoldAccount holdAccount();

    /** Attempt counters every node shares (R47), in the database. */
    ai.kaptura.ports.out.RateLimits rateLimits();

    @dagger.Component.Factory
    interface Factory {
        KapturaComponent create(@dagger.BindsInstance Configuration config, @dagger.BindsInstance InstantSource clock);
    }

    static Kaptura wire(Configuration config, InstantSource clock) {
        return DaggerKapturaComponent.factory().create(config, clock).kaptura();
    }
}
