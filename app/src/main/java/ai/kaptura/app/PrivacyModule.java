package ai.kaptura.app;

import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.application.audit.AuditAnchoring;
import ai.kaptura.application.audit.AuditorService;
import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RegisteredMailer;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Settings;
import ai.kaptura.application.cookie.CookieService;
import ai.kaptura.application.operator.OperatorDeskService;
import ai.kaptura.application.operator.OperatorSignInService;
import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.application.privacy.EraseAccountService;
import ai.kaptura.application.privacy.ErasureJob;
import ai.kaptura.application.privacy.ErasureStart;
import ai.kaptura.application.privacy.ExportMyDataService;
import ai.kaptura.application.privacy.FlagMinorService;
import ai.kaptura.application.privacy.RectifyEmailService;
import ai.kaptura.application.privacy.WithdrawConsentService;
import ai.kaptura.application.retention.HoldAccountService;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.ports.in.HoldAccount;
import ai.kaptura.ports.out.AuditAnchors;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.Randomness;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Wires the person's side: sign-in, the privacy rights (export, withdrawal, erasure and its job, a minor's flag,
 * rectification), cookie choices and policies, and the auditor's reading of the evidence.
 */
@dagger.Module
final class PrivacyModule {

    /**
     * Where each rule is kept and tested, for the auditor's bundle: a file the build keeps true
     * ({@code RuleCatalogueTest} fails when it no longer matches the code).
     */
    static final String RULE_INDEX = new String(
            Objects.requireNonNull(
                    readResource("/ai/kaptura/app/rule-index.tsv"), "the rule index resource is missing from the app"),
            java.nio.charset.StandardCharsets.UTF_8);

    private PrivacyModule() {}

    private static byte[] readResource(String path) {
        try (java.io.InputStream in = PrivacyModule.class.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
                settings,
                db.policyVersions());
    }

    @dagger.Provides
    @Singleton
    static ExportMyDataService export(
            PersistenceAdapter db,
            OrderBook book,
            Set<String> configured,
            List<ConfiguredProcessor> entries,
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
                ConfiguredProcessor.listed(configured, entries),
                vault,
                db.transactions(),
                audit,
                ids,
                clock,
                settings,
                db.auditLog());
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
    static OperatorSignInService operatorSignIn(
            Configuration config,
            PersistenceAdapter db,
            RegisteredMailer mailer,
            AuditTrail audit,
            Randomness random,
            IdSupplier ids,
            InstantSource clock) {
        return new OperatorSignInService(
                config.privacy().operators(),
                db.accounts(),
                db.signInChallenges(),
                db.sessions(),
                mailer,
                db.transactions(),
                audit,
                random,
                ids,
                clock);
    }

    @dagger.Provides
    @Singleton
    static OperatorDeskService operatorDesk(
            PersistenceAdapter db,
            FlagMinorService flagMinor,
            WithdrawConsentService withdraw,
            HoldAccount holdAccount,
            ErasureStart start,
            AuditorService auditor,
            RegisteredMailer mailer,
            AuditTrail audit,
            Randomness random,
            IdSupplier ids,
            InstantSource clock,
            Settings settings) {
        return new OperatorDeskService(
                db.accounts(),
                db.privacyRequests(),
                db.jobs(),
                db.alarms(),
                flagMinor,
                withdraw,
                holdAccount,
                start,
                auditor,
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
            Settings settings,
            AuditAnchoring anchoring) {
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
                settings.calendar(),
                anchoring,
                db.legalHolds(),
                db.deletionRecords());
    }

    /**
     * R11: legal holds on accounts, placed and lifted by operators. The operator desk that calls it checks the operator
     * (their fresh code) first; the service takes the operator as given.
     */
    @dagger.Provides
    @Singleton
    static HoldAccount holdAccount(
            PersistenceAdapter db,
            OrderBook book,
            RetentionConsequences consequences,
            AuditTrail audit,
            IdSupplier ids,
            InstantSource clock) {
        return new HoldAccountService(
                db.accounts(),
                db.orders(),
                book,
                consequences,
                db.legalHolds(),
                db.privacyRequests(),
                db.jobs(),
                db.transactions(),
                audit,
                ids,
                clock);
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
    static AuditAnchoring anchoring(PersistenceAdapter db, AuditAnchors anchors, KeyPair key, InstantSource clock) {
        return new AuditAnchoring(db.auditLog(), anchors, key, db.transactions(), clock);
    }

    @dagger.Provides
    @Singleton
    static AuditorService auditor(
            PersistenceAdapter db,
            Set<String> configured,
            List<ConfiguredProcessor> entries,
            InstantSource clock,
            Settings settings,
            AuditAnchoring anchoring) {
        return new AuditorService(
                db.auditLog(),
                db.processors(),
                ConfiguredProcessor.listed(configured, entries),
                db.privacyRequests(),
                db.consentLedger(),
                db.deletionRecords(),
                db.policyVersions(),
                clock,
                settings,
                anchoring,
                RULE_INDEX);
    }
}
