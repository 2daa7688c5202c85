package ai.kaptura.adapter.email;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Mailer;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.VendorCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The mail adapters this module offers, and the processor-registry entries of the providers behind
 * them; the only way in from outside the module.
 *
 * <p>Every mailer renders each message as a subject, a plain-text part and an HTML part holding only
 * what the person needs (R37), sends each idempotency key once, and throws
 * {@link IllegalStateException} when a message could not be handed over, so the mail job retries.
 *
 * <p>Each provider that is a processor also answers for the person's rights ({@link ProcessorObligations}):
 * what a corrected address changes there (R26) and what erasure leaves there, and why (R27).
 */
@Implements({Rule.R26, Rule.R27, Rule.R33, Rule.R37})
public final class EmailAdapters {

    /** Resend's public API. */
    public static final URI RESEND_API = URI.create("https://api.resend.com");

    /**
     * The {@code User-Agent} of every request to Resend's API: Kaptura names itself, so Resend's support can tell its
     * requests from others' when an operator asks about them.
     */
    public static final String RESEND_USER_AGENT = "Kaptura/0.1.0 (self-hosted; resend-adapter)";

    /** Attempts per message at Resend when not configured otherwise. */
    public static final int RESEND_DEFAULT_ATTEMPTS = 4;

    /** The first pause between attempts at Resend; it doubles each time. */
    static final Duration RESEND_FIRST_BACKOFF = Duration.ofMillis(500);

    /** The longest pause between attempts at Resend, whatever its {@code retry-after} says. */
    static final Duration RESEND_MAX_BACKOFF = Duration.ofSeconds(10);

    private static final String PURPOSE =
            "Delivering service email: sign-in codes, and messages about orders and privacy requests";

    private EmailAdapters() {}

    /**
     * The embedded default: each message is written as a file into {@code directory} (the data
     * directory's {@code outbox/}, created when first needed) instead of being sent. Nothing leaves the
     * machine, so no processor is involved ({@code processorName()} is empty); an operator or a developer
     * reads the sign-in codes there. The file layout is a readable MIME message with both parts.
     */
    public static Mailer outbox(Path directory, InstantSource clock) {
        return new OutboxMailer(
                Objects.requireNonNull(directory, "outbox directory"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Sends through Resend's API, with {@value #RESEND_DEFAULT_ATTEMPTS} attempts per message.
     *
     * @see #resend(URI, String, String, Duration, int, InstantSource)
     */
    public static Mailer resend(URI apiBase, String apiKey, String from, Duration timeout, InstantSource clock) {
        return resend(apiBase, apiKey, from, timeout, RESEND_DEFAULT_ATTEMPTS, clock);
    }

    /**
     * Sends through Resend's API ({@code POST /emails}, {@code Idempotency-Key} derived from the
     * message's key). 429, 5xx, 409 {@code concurrent_idempotent_requests}, timeouts and I/O failures are
     * retried within one {@code send}, up to {@code maxAttempts} in all, pausing 0.5 s, 1 s, 2 s … (at
     * most 10 s, {@code retry-after} honoured within that cap); then, or on any other refusal, an
     * {@link IllegalStateException} names Resend's error without the recipient's address or the API key.
     * A quota reached (429 {@code daily_quota_exceeded} or {@code monthly_quota_exceeded}) is asked once and
     * marked {@link ai.kaptura.ports.out.MailOutage}; 409 {@code invalid_idempotent_request} is marked
     * {@link ai.kaptura.ports.out.MailDeliveryUnsure}, never counted as sent. {@code processorName()} is
     * {@code "resend"}, which needs a complete {@link #resendProcessor(String)} entry (R33).
     *
     * @param apiBase     {@link #RESEND_API} (https; plain http only to localhost, for a local stub)
     * @param apiKey      {@code RESEND_API_KEY}; used only in the {@code Authorization} header
     * @param from        {@code KAPTURA_EMAIL_FROM}, e.g. {@code Kaptura <no-reply@example.com>}, a
     *                    verified domain at Resend
     * @param timeout     for connecting, and for the whole answer, per attempt
     * @param maxAttempts at least 1
     * @param clock       for when a quota reached is worth asking again, and when an unsure message's key is free
     */
    public static Mailer resend(
            URI apiBase, String apiKey, String from, Duration timeout, int maxAttempts, InstantSource clock) {
        return new ResendMailer(
                apiBase, apiKey, from, timeout, maxAttempts, RESEND_FIRST_BACKOFF, RESEND_MAX_BACKOFF, clock);
    }

    /** Resend with a chosen backoff: tests pause milliseconds rather than seconds. */
    static Mailer resend(
            URI apiBase,
            String apiKey,
            String from,
            Duration timeout,
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            InstantSource clock) {
        return new ResendMailer(apiBase, apiKey, from, timeout, maxAttempts, firstBackoff, maxBackoff, clock);
    }

    /**
     * {@code ./kaptura vendors check} for Resend: one test message from {@code from} to Resend's test address
     * ({@value ResendCheck#TEST_ADDRESS}), then read back by its id until Resend reports its outcome (a key restricted to
     * sending cannot read back; that is said, and is enough for Kaptura). Costs one message of the quota; leaves nothing
     * to delete.
     *
     * @param patience how long to wait for the outcome
     */
    public static VendorCheck resendCheck(
            URI apiBase, String apiKey, String from, Duration patience, InstantSource clock) {
        return resendCheck(
                apiBase, apiKey, from, patience, Duration.ofSeconds(2), clock, duration -> Thread.sleep(duration));
    }

    /** The check polling every {@code pollEvery}, waiting with {@code sleeper} (tests wait for nothing). */
    static VendorCheck resendCheck(
            URI apiBase,
            String apiKey,
            String from,
            Duration patience,
            Duration pollEvery,
            InstantSource clock,
            ResendCheck.Sleeper sleeper) {
        ResendMailer mailer = new ResendMailer(
                apiBase, apiKey, from, Duration.ofSeconds(10), 2, RESEND_FIRST_BACKOFF, RESEND_MAX_BACKOFF, clock);
        return new ResendCheck(mailer, patience, pollEvery, clock, sleeper).run();
    }

    /**
     * Hands each message to an SMTP server as {@code multipart/alternative} (text and HTML), with a
     * {@code Message-ID} derived from the idempotency key. Keys already handed over are remembered in
     * memory, so a repeated send in the same process sends nothing; a restart between the server's
     * acceptance and the job's record may send a message twice (SMTP is at least once; both copies carry
     * the same {@code Message-ID}).
     *
     * @param host          {@code KAPTURA_SMTP_HOST}
     * @param port          {@code KAPTURA_SMTP_PORT} (587 for starttls, 465 for tls)
     * @param username      {@code KAPTURA_SMTP_USERNAME}; with a password or not at all
     * @param password      {@code KAPTURA_SMTP_PASSWORD}
     * @param security      {@code KAPTURA_SMTP_SECURITY}: {@code starttls} (required, not opportunistic),
     *                      {@code tls} (implicit TLS) or {@code none}
     * @param from          {@code KAPTURA_EMAIL_FROM}, e.g. {@code Kaptura <no-reply@example.com>}
     * @param timeout       connection, read and write timeout
     * @param processorName {@code KAPTURA_SMTP_PROCESSOR}: the registry name of the operator's mail
     *                      provider (default {@code smtp}; 1 to 80 lower-case letters, digits and '-'),
     *                      answered by {@code processorName()}; it needs a complete {@link #smtpProcessor}
     *                      entry (R33) and the same name given to {@link #smtpObligations}
     * @param clock         for the {@code Date} header
     */
    public static Mailer smtp(
            String host,
            int port,
            Optional<String> username,
            Optional<String> password,
            String security,
            String from,
            Duration timeout,
            String processorName,
            InstantSource clock) {
        return smtp(host, port, username, password, security, from, timeout, processorName, clock, new Properties());
    }

    /** SMTP with extra Jakarta Mail session properties: tests trust their local server's certificate. */
    static Mailer smtp(
            String host,
            int port,
            Optional<String> username,
            Optional<String> password,
            String security,
            String from,
            Duration timeout,
            String processorName,
            InstantSource clock,
            Properties sessionOverrides) {
        return new SmtpMailer(
                host,
                port,
                Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"),
                SmtpSecurity.parse(security),
                from,
                timeout,
                processorName,
                Objects.requireNonNull(clock, "clock"),
                sessionOverrides);
    }

    /**
     * Resend's part in rectification and erasure (R26, R27), answering for processor {@code "resend"}. It calls
     * nothing at Resend, because there is nothing to call: Kaptura keeps no contact or list there, so a
     * corrected address needs no change at Resend (mail from then on goes to it); and Resend's API cannot delete
     * a sent message, so erasure answers {@code RetainedWithBasis}: Resend's logs of the messages sent to the
     * account, kept as proof that the person's requests were answered (GDPR Art. 17(3)(e)) until Resend deletes them.
     *
     * @param logRetentionDays {@code RESEND_LOG_RETENTION_DAYS}: the data retention of the operator's Resend plan, in
     *                         days (1 to 3650); the retention lapses the day after it ends
     * @throws IllegalArgumentException naming the setting, if it is out of range
     */
    public static ProcessorObligations resendObligations(int logRetentionDays) {
        return new ResendObligations(logRetentionDays);
    }

    /**
     * The operator's SMTP provider's part in rectification and erasure (R26, R27). SMTP keeps no list Kaptura
     * could correct and has no command to delete anything, so a corrected address needs no change there, and
     * erasure answers {@code RetainedWithBasis}: the provider's logs of delivered mail, kept as proof that the person's
     * requests were answered (GDPR Art. 17(3)(e)) until the provider deletes them.
     *
     * @param processorName    {@code KAPTURA_SMTP_PROCESSOR}: the same registry name as given to {@link #smtp} (default
     *                         {@code smtp}); 1 to 80 lower-case letters, digits and '-'
     * @param logRetentionDays {@code KAPTURA_SMTP_LOG_RETENTION_DAYS}: how many days the provider keeps its delivery
     *                         logs, as its DPA or documentation says (1 to 3650)
     * @throws IllegalArgumentException naming the setting, if one is malformed
     */
    public static ProcessorObligations smtpObligations(String processorName, int logRetentionDays) {
        return new SmtpObligations(processorName, logRetentionDays);
    }

    /**
     * Resend's processor-registry entry (R33, R35): Plus Five Five, Inc., which trades as Resend, in the
     * United States, receiving the person's email address (the {@link DataCategory#ACCOUNT} category) to
     * deliver service email. The transfer basis is the operator's to state ({@code RESEND_TRANSFER}): Resend's DPA
     * incorporates the European Commission's standard contractual clauses for every customer; its Data Privacy
     * Framework listing is the company's own statement, to be checked on dataprivacyframework.gov before relying on it.
     *
     * @param dpaReference {@code RESEND_DPA_REFERENCE}: where the accepted DPA is filed; blank leaves
     *                     the entry incomplete ({@link Processor#missing()}), and startup in production
     *                     refuses it
     * @param transfer     {@code RESEND_TRANSFER}; empty leaves the entry incomplete likewise
     */
    public static Processor resendProcessor(String dpaReference, Optional<TransferMechanism> transfer) {
        return new Processor(
                ResendMailer.PROCESSOR,
                "Plus Five Five, Inc. (Resend)",
                PURPOSE,
                EnumSet.of(DataCategory.ACCOUNT),
                "US",
                Objects.requireNonNull(transfer, "transfer"),
                Objects.requireNonNullElse(dpaReference, ""));
    }

    /**
     * The processor-registry entry of the operator's SMTP provider (R33, R35), receiving the person's
     * email address ({@link DataCategory#ACCOUNT}) to deliver service email. Only the operator knows who
     * that is: a blank legal name or DPA reference, a country that is not an ISO 3166 code, or no
     * transfer mechanism leaves the entry incomplete ({@link Processor#missing()}).
     *
     * @param name         the same name as given to {@link #smtp} ({@code KAPTURA_SMTP_PROCESSOR})
     * @param legalName    the provider's legal name
     * @param country      ISO 3166-1 alpha-2 code of where it processes the mail
     * @param transfer     the transfer basis ({@link TransferMechanism#NONE_NEEDED_WITHIN_EEA} inside the EEA)
     * @param dpaReference {@code KAPTURA_SMTP_DPA_REFERENCE}: where the signed DPA is filed
     */
    public static Processor smtpProcessor(
            String name, String legalName, String country, Optional<TransferMechanism> transfer, String dpaReference) {
        return new Processor(
                name,
                Objects.requireNonNullElse(legalName, ""),
                PURPOSE,
                EnumSet.of(DataCategory.ACCOUNT),
                Objects.requireNonNullElse(country, ""),
                Objects.requireNonNull(transfer, "transfer mechanism"),
                Objects.requireNonNullElse(dpaReference, ""));
    }
}
