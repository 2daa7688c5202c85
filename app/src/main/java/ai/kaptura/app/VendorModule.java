package ai.kaptura.app;

import ai.kaptura.adapter.astria.AstriaAdapter;
import ai.kaptura.adapter.email.EmailAdapters;
import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.sandbox.SandboxAdapter;
import ai.kaptura.adapter.stripe.StripeAdapter;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessorObligations;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses each vendor adapter by configuration ({@code KAPTURA_GENERATOR}, {@code KAPTURA_PAYMENTS},
 * {@code KAPTURA_EMAIL}) and declares the processor entry of every real one (R33). Startup refuses a
 * real vendor whose entry is incomplete (see {@link Kaptura#start}): an incomplete processor receives nothing.
 */
@dagger.Module
final class VendorModule {

    private VendorModule() {}

    @dagger.Provides
    @Singleton
    @Named("callback")
    static byte[] callbackSecret(Configuration config) {
        return Secrets.callbackSecret(config.callbackSecret(), config.dataDir());
    }

    @dagger.Provides
    @Singleton
    static HeadshotGenerator generator(
            Configuration config,
            @Named("callback") byte[] secret,
            Provider<PersistenceAdapter> db,
            InstantSource clock) {
        Configuration.Generator g = config.generator();
        return switch (g.kind()) {
            // Every tune and prompt made at Astria is recorded in the database by its id, so every node, and a
            // restarted one, deletes and confirms each of them (R14).
            case ASTRIA ->
                AstriaAdapter.generator(
                        g.astriaBaseUrl(),
                        g.astriaApiKey().orElseThrow(),
                        config.baseUrl(),
                        secret,
                        g.astriaBaseTune(),
                        g.astriaModelType(),
                        g.astriaPreset(),
                        g.astriaBranch(),
                        g.astriaImageHosts(),
                        db.get().vendorObjects(),
                        clock);
            // The sandbox keeps its models in the database, so every node is the same vendor.
            case SANDBOX ->
                SandboxAdapter.generator(
                        config.baseUrl(),
                        secret,
                        g.sandboxDelay(),
                        clock,
                        db.get().sandboxRecords());
        };
    }

    @dagger.Provides
    @Singleton
    static PaymentGateway payments(
            Configuration config,
            @Named("callback") byte[] secret,
            Provider<PersistenceAdapter> db,
            InstantSource clock) {
        Configuration.Payments p = config.payments();
        return switch (p.kind()) {
            case STRIPE ->
                StripeAdapter.gateway(
                        p.stripeSecretKey().orElseThrow(),
                        p.stripeWebhookSecret().orElseThrow(),
                        Optional.of(p.stripeApiBase()),
                        clock);
            // Its checkouts, payments and refunds are in the database: paid and refunded through any node.
            case SANDBOX ->
                SandboxAdapter.payments(
                        config.baseUrl(), secret, clock, db.get().sandboxRecords());
        };
    }

    @dagger.Provides
    @Singleton
    static Optional<LocalCheckout> localCheckout(Configuration config, PaymentGateway payments) {
        return config.payments().kind() == Configuration.PaymentsKind.SANDBOX
                ? Optional.of(SandboxAdapter.checkoutPage(payments))
                : Optional.empty();
    }

    @dagger.Provides
    @Singleton
    static Mailer mailer(Configuration config, InstantSource clock) {
        Configuration.Email e = config.email();
        return switch (e.kind()) {
            case RESEND ->
                EmailAdapters.resend(
                        e.resendApiBase(), e.resendApiKey().orElseThrow(), e.from(), Duration.ofSeconds(10), clock);
            case SMTP ->
                EmailAdapters.smtp(
                        e.smtpHost().orElseThrow(),
                        e.smtpPort(),
                        e.smtpUsername(),
                        e.smtpPassword(),
                        e.smtpSecurity(),
                        e.from(),
                        Duration.ofSeconds(10),
                        e.smtpProcessor(),
                        clock);
            case OUTBOX -> EmailAdapters.outbox(config.dataDir().resolve("outbox"), clock);
        };
    }

    /**
     * The registry entries of the real vendors configured and of the infrastructure that is not on this machine ({@link
     * HostedProcessors}: Google Analytics, the object store's provider, the database host) (R33); the sandbox, the outbox
     * and what runs on this machine involve no processor.
     */
    @dagger.Provides
    @Singleton
    static List<ConfiguredProcessor> processorEntries(Configuration config) {
        List<ConfiguredProcessor> entries = new ArrayList<>();
        if (config.generator().kind() == Configuration.GeneratorKind.ASTRIA) {
            entries.add(new ConfiguredProcessor(
                    AstriaAdapter.processor(
                            config.generator().astriaDpa(),
                            transfer(config.generator().astriaTransfer())),
                    "ASTRIA_DPA_REFERENCE and ASTRIA_TRANSFER"));
        }
        if (config.payments().kind() == Configuration.PaymentsKind.STRIPE) {
            entries.add(new ConfiguredProcessor(
                    StripeAdapter.processor(
                            config.payments().stripeDpa(),
                            transfer(config.payments().stripeTransfer())),
                    "STRIPE_DPA_REFERENCE and STRIPE_TRANSFER"));
        }
        Configuration.Email e = config.email();
        switch (e.kind()) {
            case RESEND ->
                entries.add(new ConfiguredProcessor(
                        EmailAdapters.resendProcessor(e.resendDpa(), transfer(e.resendTransfer())),
                        "RESEND_DPA_REFERENCE and RESEND_TRANSFER"));
            case SMTP ->
                entries.add(
                        new ConfiguredProcessor(
                                EmailAdapters.smtpProcessor(
                                        e.smtpProcessor(),
                                        e.smtpLegalName(),
                                        e.smtpCountry(),
                                        transfer(e.smtpTransfer()),
                                        e.smtpDpa()),
                                "KAPTURA_SMTP_DPA_REFERENCE, KAPTURA_SMTP_LEGAL_NAME, KAPTURA_SMTP_COUNTRY and KAPTURA_SMTP_TRANSFER"));
            case OUTBOX -> {
                // the outbox keeps mail on this machine
            }
        }
        entries.addAll(HostedProcessors.entries(config.infrastructure()));
        return List.copyOf(entries);
    }

    private static Optional<TransferMechanism> transfer(Optional<String> setting) {
        return setting.map(TransferMechanism::valueOf);
    }

    /** What each real vendor does when a person's data at its processor must be rectified or erased (R26, R27). */
    @dagger.Provides
    @Singleton
    static List<ProcessorObligations> obligations(Configuration config, HeadshotGenerator generator) {
        List<ProcessorObligations> obligations = new ArrayList<>();
        if (config.generator().kind() == Configuration.GeneratorKind.ASTRIA) {
            obligations.add(AstriaAdapter.obligations(generator));
        }
        if (config.payments().kind() == Configuration.PaymentsKind.STRIPE) {
            obligations.add(StripeAdapter.obligations());
        }
        switch (config.email().kind()) {
            case RESEND ->
                obligations.add(EmailAdapters.resendObligations(config.email().resendLogRetentionDays()));
            case SMTP ->
                obligations.add(EmailAdapters.smtpObligations(
                        config.email().smtpProcessor(),
                        config.email().smtpLogRetentionDays().orElseThrow()));
            case OUTBOX -> {
                // the outbox keeps mail on this machine
            }
        }
        return List.copyOf(obligations);
    }
}
