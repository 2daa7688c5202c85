package ai.kaptura.app;

import ai.kaptura.adapter.http.HttpAdapter;
import ai.kaptura.adapter.persistence.PersistenceAdapter;
import ai.kaptura.adapter.storage.StorageAdapter;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.cookie.AnalyticsId;
import ai.kaptura.domain.processor.TransferMechanism;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Kaptura's settings, read from environment variables, each with a safe default for the embedded mode
 * (H2, filesystem vault, sandbox generator and payments, email outbox). Every problem is reported with
 * the name of the variable that causes it, all at once, and never with the value of a secret.
 *
 * <p>{@code KAPTURA_PRODUCTION=true} refuses the stand-ins: a sandbox generator or payment, the outbox,
 * a generated master key, callback secret or audit key, a plain-http base URL and a vendor whose processor entry has
 * no data processing agreement on file (R33).
 */
record Configuration(
        Path dataDir,
        boolean production,
        int port,
        URI baseUrl,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        Storage storage,
        Optional<String> masterKey,
        Optional<String> callbackSecret,
        Optional<String> auditKey,
        Generator generator,
        Payments payments,
        Email email,
        Optional<String> ga4Id,
        URI gaScriptUrl,
        boolean trustProxy,
        List<String> auditorTokens,
        Privacy privacy,
        Security security,
        Capacity capacity,
        Infrastructure infrastructure) {

    /** {@code KAPTURA_GENERATOR}'s values, written in the variable in lower case ({@link EnvironmentReader#word}). */
    enum GeneratorKind {
        SANDBOX,
        ASTRIA
    }

    /** {@code KAPTURA_PAYMENTS}'s values, written in the variable in lower case ({@link EnvironmentReader#word}). */
    enum PaymentsKind {
        SANDBOX,
        STRIPE
    }

    /** {@code KAPTURA_EMAIL}'s values, written in the variable in lower case ({@link EnvironmentReader#word}). */
    enum EmailKind {
        OUTBOX,
        RESEND,
        SMTP
    }

    /** {@code KAPTURA_BLOBSTORE*}. */
    record Storage(
            String provider,
            Optional<String> endpoint,
            Optional<String> identity,
            Optional<String> credential,
            String container,
            Optional<Path> heifConvert) {}

    /**
     * {@code KAPTURA_GENERATOR}: sandbox or astria, and the settings of the one chosen. {@code astriaImageHosts}
     * ({@code ASTRIA_IMAGE_HOSTS}) are host names only: images come over https from public addresses whatever is set.
     */
    record Generator(
            GeneratorKind kind,
            Duration sandboxDelay,
            Optional<String> astriaApiKey,
            URI astriaBaseUrl,
            String astriaBaseTune,
            String astriaModelType,
            String astriaPreset,
            String astriaBranch,
            String astriaDpa,
            Optional<String> astriaTransfer,
            List<String> astriaImageHosts) {}

    /** {@code KAPTURA_PAYMENTS}: sandbox or stripe; {@code STRIPE_API_BASE} is where Stripe's API is (a local stub in tests). */
    record Payments(
            PaymentsKind kind,
            Optional<String> stripeSecretKey,
            Optional<String> stripeWebhookSecret,
            String stripeDpa,
            Optional<String> stripeTransfer,
            URI stripeApiBase) {}

    /** {@code KAPTURA_EMAIL}: outbox, resend or smtp; {@code RESEND_API_BASE} is where Resend's API is (a local stub in tests). */
    record Email(
            EmailKind kind,
            String from,
            Optional<String> resendApiKey,
            String resendDpa,
            Optional<String> resendTransfer,
            Optional<String> smtpHost,
            int smtpPort,
            Optional<String> smtpUsername,
            Optional<String> smtpPassword,
            String smtpSecurity,
            String smtpProcessor,
            String smtpLegalName,
            String smtpCountry,
            Optional<String> smtpTransfer,
            String smtpDpa,
            Optional<Integer> smtpLogRetentionDays,
            URI resendApiBase,
            int resendLogRetentionDays) {}

    /**
     * What one node takes on at once, so that a flood slows it down instead of exhausting it: connections, idle
     * time, the slowest body, uploads received and photos decoded at once, and how libheif's converter is held in.
     */
    record Capacity(
            int maxConnections,
            Duration idleTimeout,
            long minDataRate,
            int uploadConcurrency,
            Duration uploadWait,
            int decodeConcurrency,
            long heifMemory,
            Duration heifTimeout) {

        HttpAdapter.Limits http() {
            return new HttpAdapter.Limits(maxConnections, idleTimeout, minDataRate, uploadConcurrency, uploadWait);
        }

        StorageAdapter.DecodeLimits decoding() {
            return new StorageAdapter.DecodeLimits(decodeConcurrency, uploadWait, heifMemory, heifTimeout);
        }

        /** Each setting, or its default: the adapters' own, some worked out from this machine's processors and heap. */
        static Capacity read(EnvironmentReader r) {
            HttpAdapter.Limits http = HttpAdapter.Limits.defaults();
            StorageAdapter.DecodeLimits decoding = StorageAdapter.DecodeLimits.defaults();
            return new Capacity(
                    r.integer("KAPTURA_MAX_CONNECTIONS", http.maxConnections(), 1, 1_000_000),
                    r.duration("KAPTURA_IDLE_TIMEOUT", http.idleTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
                    r.bytes("KAPTURA_MIN_DATA_RATE", http.minDataRate(), 0, 1L << 30),
                    r.integer("KAPTURA_UPLOAD_CONCURRENCY", http.uploadConcurrency(), 1, 1024),
                    r.duration("KAPTURA_UPLOAD_WAIT", http.uploadWait(), Duration.ZERO, Duration.ofMinutes(10)),
                    r.integer("KAPTURA_DECODE_CONCURRENCY", decoding.concurrency(), 1, 256),
                    r.bytes("KAPTURA_HEIF_MEMORY", decoding.heifMemory(), 64L << 20, 1L << 40),
                    r.duration(
                            "KAPTURA_HEIF_TIMEOUT",
                            decoding.heifTimeout(),
                            Duration.ofSeconds(1),
                            Duration.ofMinutes(10)));
        }
    }

    /**
     * Who answers for the data, and where a person may complain (shown on the privacy page).
     *
     * @param alarmEmail {@code KAPTURA_ALARM_EMAIL}: the controller's contact that alarm mail goes to, once a day per alarm
     *                   (R49); unset, alarms are gauges and log lines only
     * @param operators  {@code KAPTURA_OPERATORS}: the comma-separated addresses that may sign in to the operator's desk
     *                   at {@code /operator} (R50); unset, nobody can
     */
    record Privacy(
            String controllerName,
            String controllerContact,
            String authority,
            String authorityContact,
            String timeZone,
            Optional<EmailAddress> alarmEmail,
            ai.kaptura.domain.operator.OperatorRoster operators) {}

    /**
     * Limits against abuse (R47).
     *
     * @param maxUnpaidOrders  {@code KAPTURA_MAX_UNPAID_ORDERS}: orders one person may hold open before paying
     * @param maxUnpaidBytes   {@code KAPTURA_MAX_UNPAID_MB}: bytes of photos those orders may hold, in all
     * @param metricsToken     {@code KAPTURA_METRICS_TOKEN}: the bearer token of {@code /metrics}; unset closes it
     */
    record Security(int maxUnpaidOrders, long maxUnpaidBytes, Optional<String> metricsToken) {}

    /**
     * A processor or recipient that is not a vendor adapter, as the operator describes it in its settings (R33): the
     * provider that hosts Kaptura's object store or database when it is not on this machine, and Google Analytics.
     *
     * @param prefix    the settings' common prefix, such as {@code KAPTURA_BLOBSTORE} ({@code _PROCESSOR}, {@code
     *                  _LEGAL_NAME}, {@code _COUNTRY}, {@code _TRANSFER}, {@code _DPA_REFERENCE})
     * @param transfer  the transfer basis, one of {@link #TRANSFERS}; unset leaves the entry incomplete, refused at start
     */
    record Hosted(
            String prefix, String name, String legalName, String country, Optional<String> transfer, String dpa) {}

    /**
     * The processors and recipients behind Kaptura's own infrastructure (R33, R35), each present only when it applies:
     * Google Analytics when {@code KAPTURA_GA4_ID} is set, the object store's provider when the store is not on this
     * machine, the database's host when the JDBC URL names a host that is not this machine.
     */
    record Infrastructure(Optional<Hosted> analytics, Optional<Hosted> objectStore, Optional<Hosted> database) {

        List<Hosted> all() {
            List<Hosted> all = new ArrayList<>();
            analytics.ifPresent(all::add);
            objectStore.ifPresent(all::add);
            database.ifPresent(all::add);
            return all;
        }
    }

    /** Settings that are wrong, each naming its variable. */
    static final class Invalid extends RuntimeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super("Kaptura cannot start:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /**
     * {@code RESEND_LOG_RETENTION_DAYS}'s default: the longest data retention of Resend's self-serve plans as its
     * pricing page listed them when this was written; the operator sets the retention of their own plan (R27).
     */
    static final int DEFAULT_RESEND_LOG_RETENTION_DAYS = 30;

    /** The longest log retention a mail provider may be configured with, in days (ten years). */
    static final int MAX_LOG_RETENTION_DAYS = 3650;

    /** The transfer mechanisms of the processor registry (R33), by name. */
    static final List<String> TRANSFERS =
            Arrays.stream(TransferMechanism.values()).map(Enum::name).toList();

    /** A processor-registry name: 1 to 80 lower-case letters, digits and '-', not starting with '-'. */
    private static final java.util.regex.Pattern PROCESSOR_NAME =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");

    /** The description of a hosted processor or recipient from its settings ({@link Hosted}). */
    private static Hosted hosted(
            EnvironmentReader r, String prefix, String defaultName, String defaultLegalName, String defaultCountry) {
        String name = r.text(prefix + "_PROCESSOR", defaultName);
        if (!PROCESSOR_NAME.matcher(name).matches()) {
            r.problem(prefix
                    + "_PROCESSOR must be a processor-registry name: 1 to 80 lower-case letters, digits and '-'");
        }
        return new Hosted(
                prefix,
                name,
                r.text(prefix + "_LEGAL_NAME", defaultLegalName),
                r.text(prefix + "_COUNTRY", defaultCountry).toUpperCase(Locale.ROOT),
                transfer(r, prefix + "_TRANSFER"),
                r.text(prefix + "_DPA_REFERENCE", ""));
    }

    /** Whether the photo store is on this machine: the filesystem or memory, or a server on a loopback address. */
    static boolean isLocalStore(Storage storage) {
        if (storage.provider().equals("filesystem") || storage.provider().equals("transient")) {
            return true;
        }
        return storage.endpoint()
                .map(endpoint -> {
                    try {
                        String host = URI.create(endpoint.strip()).getHost();
                        return host != null && isLoopback(host);
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                })
                .orElse(false);
    }

    /**
     * Whether the database is on this machine: the embedded default, an H2 file or memory database, or a JDBC URL whose
     * every host is a loopback address (or none, a local socket).
     */
    static boolean isLocalDatabase(Optional<String> jdbcUrl) {
        if (jdbcUrl.isEmpty()) {
            return true;
        }
        String url = jdbcUrl.get().strip();
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return true;
        }
        String authority = url.substring(slashes + 2).split("[/?;]", 2)[0];
        int at = authority.lastIndexOf('@');
        authority = authority.substring(at + 1);
        if (authority.isEmpty()) {
            return true;
        }
        for (String hostAndPort : authority.split(",")) {
            String host = hostAndPort.strip();
            if (host.startsWith("[")) {
                host = host.substring(0, host.indexOf(']') + 1);
            } else if (host.contains(":")) {
                host = host.substring(0, host.indexOf(':'));
            }
            if (!host.isEmpty() && !isLoopback(host)) {
                return false;
            }
        }
        return true;
    }

    /** A loopback host: {@code localhost} (and names under it), {@code ::1} or {@code 127.x.x.x}. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    /** A processor's transfer basis (R33), one of {@link #TRANSFERS} in any case; unset leaves its entry incomplete. */
    private static Optional<String> transfer(EnvironmentReader r, String variable) {
        Optional<String> value = r.optional(variable).map(t -> t.strip().toUpperCase(Locale.ROOT));
        if (value.filter(t -> !TRANSFERS.contains(t)).isPresent()) {
            r.problem(variable + " must be one of " + String.join(", ", TRANSFERS));
            return Optional.empty();
        }
        return value;
    }

    static Configuration from(Map<String, String> env) {
        EnvironmentReader r = new EnvironmentReader(env);
        Path dataDir = r.path("KAPTURA_DATA_DIR", Path.of("data"));
        boolean production = r.bool("KAPTURA_PRODUCTION", false);
        int port = r.integer("KAPTURA_PORT", 7070, 0, 65535);
        URI baseUrl = r.url("KAPTURA_BASE_URL", "http://localhost:" + port);
        if (r.optional("KAPTURA_PRODUCTION").isEmpty() && reachableByOthers(baseUrl)) {
            // A public address with the sandbox vendors would let anyone "pay" an order: say which it is.
            r.problem("KAPTURA_PRODUCTION must be set when KAPTURA_BASE_URL (" + baseUrl
                    + ") is https or not a loopback address:"
                    + " true for a real installation, or false to say that this public server is a demo whose sandbox lets anyone"
                    + " \"pay\" an order");
        }

        Optional<String> url = r.optional("KAPTURA_DATABASE_URL");
        url.flatMap(PersistenceAdapter::databaseUrlProblem).ifPresent(r::problem);

        Optional<Path> defaultHeif =
                Optional.of(Path.of("/usr/bin/heif-convert")).filter(Files::isExecutable);
        Storage storage = new Storage(
                r.choice(
                        "KAPTURA_BLOBSTORE",
                        "filesystem",
                        "filesystem",
                        "transient",
                        "aws-s3",
                        "s3",
                        "azureblob",
                        "google-cloud-storage"),
                r.optional("KAPTURA_BLOBSTORE_ENDPOINT"),
                r.optional("KAPTURA_BLOBSTORE_IDENTITY"),
                r.optional("KAPTURA_BLOBSTORE_CREDENTIAL"),
                r.text("KAPTURA_BLOBSTORE_CONTAINER", "kaptura"),
                r.optional("KAPTURA_HEIF_CONVERT").map(Path::of).or(() -> defaultHeif));

        Generator generator = new Generator(
                r.choice("KAPTURA_GENERATOR", GeneratorKind.SANDBOX),
                r.duration("KAPTURA_SANDBOX_DELAY", Duration.ofSeconds(3)),
                r.optional("ASTRIA_API_KEY"),
                r.url("ASTRIA_BASE_URL", "https://api.astria.ai"),
                r.text("ASTRIA_BASE_TUNE_ID", "1504944"),
                r.text("ASTRIA_MODEL_TYPE", "lora"),
                r.text("ASTRIA_PRESET", "flux-lora-portrait"),
                r.text("ASTRIA_BRANCH", "flux1"),
                r.text("ASTRIA_DPA_REFERENCE", ""),
                transfer(r, "ASTRIA_TRANSFER"),
                r.astriaImageHosts("ASTRIA_IMAGE_HOSTS"));
        if (generator.kind() == GeneratorKind.ASTRIA && generator.astriaApiKey().isEmpty()) {
            r.problem("ASTRIA_API_KEY is required when KAPTURA_GENERATOR=astria");
        }

        Payments payments = new Payments(
                r.choice("KAPTURA_PAYMENTS", PaymentsKind.SANDBOX),
                r.optional("STRIPE_SECRET_KEY"),
                r.optional("STRIPE_WEBHOOK_SECRET"),
                r.text("STRIPE_DPA_REFERENCE", ""),
                transfer(r, "STRIPE_TRANSFER"),
                r.url("STRIPE_API_BASE", "https://api.stripe.com"));
        if (payments.kind() == PaymentsKind.STRIPE) {
            if (payments.stripeSecretKey()
                    .filter(k -> k.startsWith("sk_") || k.startsWith("rk_"))
                    .isEmpty()) {
                r.problem("STRIPE_SECRET_KEY is required when KAPTURA_PAYMENTS=stripe (a secret key, sk_… or rk_…)");
            }
            if (payments.stripeWebhookSecret()
                    .filter(k -> k.startsWith("whsec_"))
                    .isEmpty()) {
                r.problem(
                        "STRIPE_WEBHOOK_SECRET is required when KAPTURA_PAYMENTS=stripe (the endpoint's signing secret, whsec_…)");
            }
        }

        Email email = new Email(
                r.choice("KAPTURA_EMAIL", EmailKind.OUTBOX),
                r.text("KAPTURA_EMAIL_FROM", "Kaptura <no-reply@localhost>"),
                r.optional("RESEND_API_KEY"),
                r.text("RESEND_DPA_REFERENCE", ""),
                transfer(r, "RESEND_TRANSFER"),
                r.optional("KAPTURA_SMTP_HOST"),
                r.integer("KAPTURA_SMTP_PORT", 587, 1, 65535),
                r.optional("KAPTURA_SMTP_USERNAME"),
                r.optional("KAPTURA_SMTP_PASSWORD"),
                r.choice("KAPTURA_SMTP_SECURITY", "starttls", "starttls", "tls", "none"),
                r.text("KAPTURA_SMTP_PROCESSOR", "smtp"),
                r.text("KAPTURA_SMTP_LEGAL_NAME", ""),
                r.text("KAPTURA_SMTP_COUNTRY", ""),
                transfer(r, "KAPTURA_SMTP_TRANSFER"),
                r.text("KAPTURA_SMTP_DPA_REFERENCE", ""),
                r.optional("KAPTURA_SMTP_LOG_RETENTION_DAYS")
                        .map(_ -> r.integer("KAPTURA_SMTP_LOG_RETENTION_DAYS", 1, 1, MAX_LOG_RETENTION_DAYS)),
                r.url("RESEND_API_BASE", "https://api.resend.com"),
                r.integer("RESEND_LOG_RETENTION_DAYS", DEFAULT_RESEND_LOG_RETENTION_DAYS, 1, MAX_LOG_RETENTION_DAYS));
        r.optional("KAPTURA_SMTP_LOG_RETENTION")
                .ifPresent(_ -> r.problem("KAPTURA_SMTP_LOG_RETENTION was replaced by KAPTURA_SMTP_LOG_RETENTION_DAYS:"
                        + " how many days the SMTP provider keeps its delivery logs, a number"));
        if (email.kind() == EmailKind.SMTP && email.smtpLogRetentionDays().isEmpty()) {
            r.problem("KAPTURA_SMTP_LOG_RETENTION_DAYS is required when KAPTURA_EMAIL=smtp: how many days the provider"
                    + " keeps its delivery logs, as its DPA states (erasure names the day they lapse, R27)");
        }
        if (email.kind() == EmailKind.RESEND && email.resendApiKey().isEmpty()) {
            r.problem("RESEND_API_KEY is required when KAPTURA_EMAIL=resend");
        }
        if (email.kind() == EmailKind.SMTP && email.smtpHost().isEmpty()) {
            r.problem("KAPTURA_SMTP_HOST is required when KAPTURA_EMAIL=smtp");
        }

        Optional<String> ga4 = r.optional("KAPTURA_GA4_ID");
        if (ga4.isPresent() && !AnalyticsId.isWellFormed(ga4.get())) {
            r.problem("KAPTURA_GA4_ID must be a Google Analytics 4 measurement id such as G-ABC123XYZ");
        }
        List<String> auditors = r.optional("KAPTURA_AUDITOR_TOKENS")
                .map(s -> Arrays.stream(s.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .toList())
                .orElse(List.of());
        if (auditors.stream().anyMatch(t -> t.length() < 24)) {
            r.problem("KAPTURA_AUDITOR_TOKENS must hold comma-separated tokens of at least 24 characters each");
        }
        Privacy privacy = new Privacy(
                r.text("KAPTURA_CONTROLLER_NAME", "The operator of this Kaptura installation"),
                r.text("KAPTURA_CONTROLLER_CONTACT", "privacy@localhost"),
                r.text("KAPTURA_COMPLAINT_AUTHORITY", "your national data protection authority"),
                r.text("KAPTURA_COMPLAINT_CONTACT", "https://edpb.europa.eu/about-edpb/about-edpb/members_en"),
                r.text("KAPTURA_TIME_ZONE", "UTC"),
                r.email("KAPTURA_ALARM_EMAIL"),
                operators(r));
        try {
            java.time.ZoneId.of(privacy.timeZone());
        } catch (java.time.DateTimeException e) {
            r.problem("KAPTURA_TIME_ZONE is not a time zone id (e.g. Europe/Dublin)");
        }

        Optional<String> metricsToken = r.optional("KAPTURA_METRICS_TOKEN");
        if (metricsToken.filter(t -> t.length() < 24 || t.contains(",")).isPresent()) {
            r.problem("KAPTURA_METRICS_TOKEN must be one token of at least 24 characters");
        }
        Security security = new Security(
                r.integer("KAPTURA_MAX_UNPAID_ORDERS", 3, 1, 100),
                r.integer("KAPTURA_MAX_UNPAID_MB", 400, 1, 1_000_000) * 1024L * 1024L,
                metricsToken);

        Optional<String> auditKey = r.optional("KAPTURA_AUDIT_KEY");
        if (auditKey.filter(k -> !AuditKey.isSeed(k)).isPresent()) {
            r.problem("KAPTURA_AUDIT_KEY must be 32 random bytes, base64 (openssl rand -base64 32)");
        }
        Infrastructure infrastructure = new Infrastructure(
                ga4.map(_ -> hosted(r, "KAPTURA_GA", "google-analytics", "Google Ireland Limited", "US")),
                Optional.of(hosted(r, "KAPTURA_BLOBSTORE", "object-store", "", ""))
                        .filter(_ -> !isLocalStore(storage)),
                Optional.of(hosted(r, "KAPTURA_DATABASE", "database-host", "", ""))
                        .filter(_ -> !isLocalDatabase(url)));
        Configuration config = new Configuration(
                dataDir,
                production,
                port,
                baseUrl,
                url,
                r.optional("KAPTURA_DATABASE_USER"),
                r.optional("KAPTURA_DATABASE_PASSWORD"),
                storage,
                r.optional("KAPTURA_MASTER_KEY"),
                r.optional("KAPTURA_CALLBACK_SECRET"),
                auditKey,
                generator,
                payments,
                email,
                ga4,
                r.url("KAPTURA_GA_SCRIPT_URL", "https://www.googletagmanager.com/gtag/js"),
                r.bool("KAPTURA_TRUST_PROXY", false),
                auditors,
                privacy,
                security,
                Capacity.read(r),
                infrastructure);
        if (production) {
            config.productionProblems().forEach(r::problem);
        }
        r.done();
        return config;
    }

    /** Whether people other than the operator can reach an address: https, or a host that is not loopback. */
    static boolean reachableByOthers(URI baseUrl) {
        if ("https".equalsIgnoreCase(baseUrl.getScheme())) {
            return true;
        }
        return !isLoopback(baseUrl.getHost());
    }

    /** What {@code KAPTURA_PRODUCTION=true} refuses, each naming its variable. */
    List<String> productionProblems() {
        List<String> problems = new ArrayList<>();
        if (generator.kind() == GeneratorKind.SANDBOX) {
            problems.add(
                    "KAPTURA_GENERATOR=sandbox is a stand-in and is refused in production (KAPTURA_PRODUCTION=true)");
        }
        if (payments.kind() == PaymentsKind.SANDBOX) {
            problems.add(
                    "KAPTURA_PAYMENTS=sandbox is a stand-in and is refused in production (KAPTURA_PRODUCTION=true)");
        }
        if (email.kind() == EmailKind.OUTBOX) {
            problems.add(
                    "KAPTURA_EMAIL=outbox delivers nothing and is refused in production (KAPTURA_PRODUCTION=true)");
        }
        if (auditKey.isEmpty()) {
            problems.add(
                    "KAPTURA_AUDIT_KEY is required in production; a generated key beside the data is refused (R50)");
        }
        if (masterKey.isEmpty()) {
            problems.add("KAPTURA_MASTER_KEY is required in production; a generated key beside the data is refused");
        }
        if (callbackSecret.isEmpty()) {
            problems.add("KAPTURA_CALLBACK_SECRET is required in production (at least 32 random bytes, base64)");
        }
        if (!"https".equals(baseUrl.getScheme())) {
            problems.add("KAPTURA_BASE_URL must be an https:// address in production (session cookies are Secure)");
        }
        if (storage.provider().equals("transient")) {
            problems.add("KAPTURA_BLOBSTORE=transient keeps photos in memory only and is refused in production");
        }
        if (payments.kind() == PaymentsKind.STRIPE
                && !"https".equals(payments.stripeApiBase().getScheme())) {
            problems.add(
                    "STRIPE_API_BASE must be an https:// address in production (every call carries STRIPE_SECRET_KEY)");
        }
        return problems;
    }

    private static ai.kaptura.domain.operator.OperatorRoster operators(EnvironmentReader r) {
        try {
            return ai.kaptura.domain.operator.OperatorRoster.parse(
                    r.optional("KAPTURA_OPERATORS").orElse(""));
        } catch (ai.kaptura.domain.shared.InvalidInput e) {
            r.problem(
                    "KAPTURA_OPERATORS must be comma-separated email addresses, such as ops@example.org,dpo@example.org");
            return ai.kaptura.domain.operator.OperatorRoster.none();
        }
    }
}
