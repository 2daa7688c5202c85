package ai.kaptura.app;

import ai.kaptura.adapter.http.HttpAdapter;
import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.application.alarm.AlarmService;
import ai.kaptura.application.audit.AuditorService;
import ai.kaptura.application.checkout.CheckoutService;
import ai.kaptura.application.checkout.PaymentEventService;
import ai.kaptura.application.cookie.CookieService;
import ai.kaptura.application.operator.OperatorDeskService;
import ai.kaptura.application.operator.OperatorSignInService;
import ai.kaptura.application.order.OrderService;
import ai.kaptura.application.pipeline.GenerationPipeline;
import ai.kaptura.application.policy.PolicyService;
import ai.kaptura.application.privacy.EraseAccountService;
import ai.kaptura.application.privacy.ExportMyDataService;
import ai.kaptura.application.privacy.RectifyEmailService;
import ai.kaptura.application.privacy.WithdrawConsentService;
import ai.kaptura.application.signin.SignInService;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.RateLimits;
import jakarta.inject.Singleton;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;

/** Wires the HTTP adapter to the use cases. */
@dagger.Module
final class HttpModule {

    private HttpModule() {}

    @dagger.Provides
    @Singleton
    static Metrics metrics(PersistenceAdapter db) {
        return new Metrics(() -> db.deadJobs().size());
    }

    @dagger.Provides
    @Singleton
    static HttpAdapter http(
            Configuration config,
            SignInService signIn,
            OrderService orders,
            CheckoutService checkout,
            PaymentEventService payments,
            GenerationPipeline pipeline,
            PolicyService policies,
            ExportMyDataService export,
            RectifyEmailService rectify,
            WithdrawConsentService withdraw,
            EraseAccountService erase,
            CookieService cookies,
            AuditorService auditor,
            OperatorSignInService operatorSignIn,
            OperatorDeskService operatorDesk,
            Optional<LocalCheckout> sandboxCheckout,
            PersistenceAdapter db,
            RateLimits rateLimits,
            Metrics metrics,
            InstantSource clock,
            StorageAdapter.DecodeLoad decoders,
            AlarmService alarms) {
        return HttpAdapter.create(
                signIn,
                orders,
                orders,
                orders,
                orders,
                checkout,
                orders,
                payments,
                pipeline,
                policies,
                export,
                rectify,
                withdraw,
                erase,
                cookies,
                auditor,
                operatorSignIn,
                operatorDesk,
                sandboxCheckout,
                config.port(),
                config.baseUrl(),
                config.trustProxy(),
                config.ga4Id(),
                config.gaScriptUrl(),
                Set.copyOf(config.auditorTokens()),
                config.security().metricsToken(),
                rateLimits,
                HttpAdapter.MAX_UPLOAD_BYTES,
                clock,
                db::isReady,
                () -> metrics.scrape() + Metrics.decoders(decoders) + Metrics.alarms(alarms.raisedByPromise()),
                config.capacity().http());
    }
}
