package ai.kaptura.adapter.http;

import ai.kaptura.domain.cookie.AnalyticsId;
import ai.kaptura.ports.in.AuditorReports;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.in.CreateOrder;
import ai.kaptura.ports.in.DiscardOrder;
import ai.kaptura.ports.in.EraseAccount;
import ai.kaptura.ports.in.ExportMyData;
import ai.kaptura.ports.in.ListHeadshots;
import ai.kaptura.ports.in.OperatorDesk;
import ai.kaptura.ports.in.OperatorSignIn;
import ai.kaptura.ports.in.PublishPolicy;
import ai.kaptura.ports.in.ReceiveGeneratorEvent;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.in.RecordCookieChoice;
import ai.kaptura.ports.in.RectifyEmail;
import ai.kaptura.ports.in.SignIn;
import ai.kaptura.ports.in.UploadSelfie;
import ai.kaptura.ports.in.ViewOrders;
import ai.kaptura.ports.in.WithdrawConsent;
import ai.kaptura.ports.out.LocalCheckout;
import ai.kaptura.ports.out.RateLimits;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP adapter's one public entry: the JSON API of DESIGN §7 (documented at {@code /api/openapi.json}),
 * the vendor webhooks, the web front-end, the sandbox checkout page (only with a sandbox payment stand-in),
 * and the operations endpoints, on Javalin with virtual threads.
 *
 * <p>Create it with {@link #create}, then {@link #start()} it; {@link #stop(Duration)} lets requests in
 * flight finish within a grace period.
 */
public final class HttpAdapter implements AutoCloseable {

    /** Where the Google Analytics 4 tag is loaded from, unless configured otherwise. */
    public static final URI GA_SCRIPT_URL = URI.create("https://www.googletagmanager.com/gtag/js");

    /** The largest selfie accepted: 15 MB, as the photo sanitiser reads at most that much. */
    public static final long MAX_UPLOAD_BYTES = 15L * 1024 * 1024;

    /** The grace period of {@link #close()}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /**
     * What one node admits at once, so that a flood of connections, idle sockets, slow bodies or photo uploads slows
     * it down instead of exhausting it (applied by {@code ServerLimits}).
     *
     * @param maxConnections    {@code KAPTURA_MAX_CONNECTIONS}: open connections at most; at the limit new ones wait,
     *                          not yet accepted, in the operating system's queue
     * @param idleTimeout       {@code KAPTURA_IDLE_TIMEOUT}: a connection on which nothing moves for this long is closed
     *                          (not while a route is working on its request)
     * @param minDataRate       {@code KAPTURA_MIN_DATA_RATE}: bytes a second a request body must arrive at, judged
     *                          after {@link MinimumRate#GRACE} from its first read, or it is cut off with a 408 problem;
     *                          0 for no minimum
     * @param uploadConcurrency {@code KAPTURA_UPLOAD_CONCURRENCY}: photo uploads received at once (each may hold a
     *                          photo of up to {@link #MAX_UPLOAD_BYTES} in memory); more wait for a turn
     * @param uploadWait        {@code KAPTURA_UPLOAD_WAIT}: how long an upload waits for its turn before it is refused
     *                          with a 503 {@code server-busy} problem and a {@code Retry-After}
     */
    public record Limits(
            int maxConnections, Duration idleTimeout, long minDataRate, int uploadConcurrency, Duration uploadWait) {

        /** @throws IllegalArgumentException naming the variable, if a value is out of range */
        public Limits {
            ServerLimits.check(maxConnections, idleTimeout, minDataRate, uploadConcurrency, uploadWait);
        }

        /** Every limit at its default ({@code ServerLimits} says why each is what it is). */
        public static Limits defaults() {
            return ServerLimits.defaults();
        }
    }

    private final Javalin javalin;
    private final int requestedPort;
    private final List<RegisteredRoute> routes;

    private HttpAdapter(Javalin javalin, int requestedPort, List<RegisteredRoute> routes) {
        this.javalin = javalin;
        this.requestedPort = requestedPort;
        this.routes = routes;
    }

    /**
     * Builds the server (not yet listening).
     *
     * @param operatorSignIn        the operator's sign-in (R50): codes only to the addresses in {@code KAPTURA_OPERATORS}
     * @param operatorDesk          what operators see and do at {@code /operator} (R50)
     * @param sandboxCheckout       the sandbox payment page's stand-in; its {@code /sandbox/...} routes exist only
     *                              when present ({@code KAPTURA_PAYMENTS=sandbox})
     * @param port                  {@code KAPTURA_PORT}; 0 picks a free port (see {@link #port()})
     * @param publicBaseUrl         {@code KAPTURA_BASE_URL}: cookies are {@code Secure} (and HSTS is sent) when it is
     *                              https; state-changing requests must come from its origin (or the request's own)
     * @param trustForwardedHeaders whether a reverse proxy in front sets {@code Forwarded}/{@code X-Forwarded-*}
     *                              (then the client address for rate limits and the scheme come from them);
     *                              never true without such a proxy, as clients could forge them
     * @param ga4MeasurementId      {@code KAPTURA_GA4_ID} (such as {@code G-ABC123XYZ}); without it no analytics exists at all
     * @param gaScriptUrl           where the analytics tag is loaded from: {@link #GA_SCRIPT_URL} (tests point it
     *                              at a local stub); its origin is the only foreign script source in the CSP
     * @param auditorTokens         {@code KAPTURA_AUDITOR_TOKENS}: bearer tokens of the audit API (each at least 24
     *                              characters); kept only as SHA-256 hashes; empty closes the audit API
     * @param metricsToken          {@code KAPTURA_METRICS_TOKEN}: the bearer token of {@code /metrics} (at least 24
     *                              characters); empty closes the metrics
     * @param rateLimits            the attempt counters shared by every node, for the limits per network (R47)
     * @param maxUploadBytes        the largest selfie, {@link #MAX_UPLOAD_BYTES}
     * @param clock                 time for rate limits, the sandbox page and metrics
     * @param ready                 whether the instance can serve ({@code /health/ready}), e.g. the database answers
     * @param metrics               more Prometheus text appended to {@code /metrics} (e.g. a registry's scrape);
     *                              {@code () -> ""} for none
     * @param limits                what the node admits at once: connections, idle time, the slowest body, uploads
     * @throws IllegalArgumentException naming the setting, if one is invalid
     */
    public static HttpAdapter create(
            SignIn signIn,
            ViewOrders viewOrders,
            CreateOrder createOrder,
            DiscardOrder discardOrder,
            UploadSelfie uploadSelfie,
            CheckOut checkOut,
            ListHeadshots listHeadshots,
            ReceivePaymentEvent paymentEvents,
            ReceiveGeneratorEvent generatorEvents,
            PublishPolicy policy,
            ExportMyData exportMyData,
            RectifyEmail rectifyEmail,
            WithdrawConsent withdrawConsent,
            EraseAccount eraseAccount,
            RecordCookieChoice cookieChoices,
            AuditorReports auditorReports,
            OperatorSignIn operatorSignIn,
            OperatorDesk operatorDesk,
            Optional<LocalCheckout> sandboxCheckout,
            int port,
            URI publicBaseUrl,
            boolean trustForwardedHeaders,
            Optional<String> ga4MeasurementId,
            URI gaScriptUrl,
            Set<String> auditorTokens,
            Optional<String> metricsToken,
            RateLimits rateLimits,
            long maxUploadBytes,
            InstantSource clock,
            BooleanSupplier ready,
            Supplier<String> metrics,
            Limits limits) {
        List.of(
                        signIn,
                        viewOrders,
                        createOrder,
                        discardOrder,
                        uploadSelfie,
                        checkOut,
                        listHeadshots,
                        paymentEvents,
                        generatorEvents,
                        policy,
                        exportMyData,
                        rectifyEmail,
                        withdrawConsent,
                        eraseAccount,
                        cookieChoices,
                        auditorReports,
                        operatorSignIn,
                        operatorDesk,
                        sandboxCheckout,
                        ga4MeasurementId,
                        auditorTokens,
                        metricsToken,
                        rateLimits,
                        clock,
                        ready,
                        metrics,
                        limits)
                .forEach(Objects::requireNonNull);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("KAPTURA_PORT must be from 0 to 65535 (got " + port + ")");
        }
        requireHttpUrl(publicBaseUrl, "KAPTURA_BASE_URL");
        requireHttpUrl(gaScriptUrl, "the analytics script URL");
        ga4MeasurementId.ifPresent(id -> {
            if (!AnalyticsId.isWellFormed(id)) {
                throw new IllegalArgumentException(
                        "KAPTURA_GA4_ID must be a GA4 measurement id such as G-ABC123XYZ (got '" + id + "')");
            }
        });
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("The largest upload must be at least one byte");
        }
        boolean https = "https".equalsIgnoreCase(publicBaseUrl.getScheme());
        Cookies cookies = new Cookies(https);
        SecurityHeaders headers = new SecurityHeaders(ga4MeasurementId.map(id -> gaScriptUrl), publicBaseUrl);
        Guard guard = new Guard(
                signIn,
                operatorSignIn,
                cookies,
                new BearerTokens(auditorTokens, "KAPTURA_AUDITOR_TOKENS"),
                new BearerTokens(metricsToken.map(Set::of).orElse(Set.of()), "KAPTURA_METRICS_TOKEN"),
                publicBaseUrl);
        NetworkLimits networkLimits = new NetworkLimits(rateLimits, new ClientAddress(trustForwardedHeaders));
        Metrics counters = new Metrics(clock, metrics);
        PageRoutes pages = new PageRoutes();
        List<RegisteredRoute> registered = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProtocolErrors protocolErrors = new ProtocolErrors(headers);
        ServerLimits serverLimits = new ServerLimits(limits);

        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = Json.MAX_BODY_BYTES;
            serverLimits.applyTo(config);
            config.jetty.modifyServer(server -> {
                server.insertHandler(new GracefulHandler());
                server.setErrorHandler(protocolErrors);
            });
            // Javalin starts from Jetty's LEGACY URI compliance. Two of its allowances reach the path parameter
            // decoder as input it cannot decode (a 500): IIS-style %u escapes (such as %u002e) and truncated UTF-8.
            // Jetty refuses them instead, with a 400 problem (ProtocolErrors).
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(http.getUriCompliance()
                    .without(
                            "KAPTURA",
                            UriCompliance.Violation.UTF16_ENCODINGS,
                            UriCompliance.Violation.TRUNCATED_UTF8_ENCODING)));
            if (trustForwardedHeaders) {
                config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(new ForwardedRequestCustomizer()));
            }
            config.events.handlerAdded(meta -> {
                if (meta.getHttpMethod().isHttpMethod()) {
                    registered.add(new RegisteredRoute(meta.getHttpMethod().name(), meta.getPath(), meta.getRoles()));
                }
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = PageRoutes.ASSETS;
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.ANYONE);
                files.headers = java.util.Map.of("Cache-Control", "no-cache");
            });

            var routes = config.routes;
            routes.before(ctx -> {
                counters.started(ctx);
                headers.apply(ctx);
            });
            routes.beforeMatched(guard::check);
            routes.after(counters::finished);
            new Problems(pages).register(routes);

            pages.register(routes);
            new AuthRoutes(signIn, cookies, networkLimits, guard, pages.signInLink()).register(routes);
            new OrderRoutes(
                            viewOrders,
                            createOrder,
                            discardOrder,
                            uploadSelfie,
                            checkOut,
                            maxUploadBytes,
                            serverLimits.uploads())
                    .register(routes);
            new HeadshotRoutes(viewOrders, listHeadshots).register(routes);
            new PrivacyRoutes(
                            policy,
                            exportMyData,
                            rectifyEmail,
                            withdrawConsent,
                            eraseAccount,
                            cookies,
                            networkLimits,
                            clock)
                    .register(routes);
            new CookieRoutes(cookieChoices, cookies, networkLimits, ga4MeasurementId, gaScriptUrl, maxUploadBytes)
                    .register(routes);
            new AuditRoutes(auditorReports).register(routes);
            new OperatorRoutes(operatorSignIn, operatorDesk, cookies, networkLimits).register(routes);
            new WebhookRoutes(paymentEvents, generatorEvents).register(routes);
            sandboxCheckout.ifPresent(sandbox -> new SandboxRoutes(sandbox, cookies, clock).register(routes));
            new OpsRoutes(ready, counters).register(routes);
        });
        return new HttpAdapter(javalin, port, registered);
    }

    private static void requireHttpUrl(URI url, String name) {
        Objects.requireNonNull(url, name);
        if (!url.isAbsolute()
                || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException(name + " must be an absolute http or https URL (got '" + url + "')");
        }
    }

    /** Starts listening; answers this adapter. */
    public HttpAdapter start() {
        javalin.start(requestedPort);
        return this;
    }

    /** The port it listens on (the one picked, when created with port 0). */
    public int port() {
        return javalin.port();
    }

    /**
     * Stops accepting requests and lets those in flight finish within {@code grace}; whatever still runs
     * then is cut off.
     */
    public void stop(Duration grace) {
        javalin.jettyServer().server().setStopTimeout(Math.max(0, grace.toMillis()));
        javalin.stop();
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    /** Every registered route as {@code "METHOD /path"}, in registration order (for the OpenAPI check). */
    List<String> routes() {
        return routes.stream().map(RegisteredRoute::key).toList();
    }

    /** Every registered route with the roles it was registered with, in registration order. */
    List<RegisteredRoute> routeTable() {
        return List.copyOf(routes);
    }
}
