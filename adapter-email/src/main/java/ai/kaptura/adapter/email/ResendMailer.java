package ai.kaptura.adapter.email;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.MailDeliveryUnsure;
import ai.kaptura.ports.out.MailOutage;
import ai.kaptura.ports.out.Mailer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Feign;
import feign.FeignException;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.http2client.Http2Client;
import feign.jackson.JacksonDecoder;
import feign.jackson.JacksonEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sends each message through Resend's API ({@code POST /emails}) as one JSON object with a plain-text
 * and an HTML part (see {@link MailTemplates}).
 *
 * <p><b>Once per key.</b> Every request carries an {@code Idempotency-Key} derived from the message's
 * key ({@link IdempotencyKeys}); Resend answers a repeated key, within 24 hours, with the first answer
 * and does not send again. So any failure whose outcome is unknown (a timeout, a 5xx) is retried with
 * the same key: up to {@code maxAttempts} in all, with a capped exponential backoff that honours
 * {@code retry-after} ({@link Backoff}). A rate limit (429 {@code rate_limit_exceeded}) and 409
 * {@code concurrent_idempotent_requests} are retried the same way. Anything else is an
 * {@link IllegalStateException}, so the mail job retries later, as the {@link Mailer} port says; two of
 * them carry what the vendor's answer means (see {@link ResendErrors}), decided from it and logged:
 * <ul>
 *   <li>a quota reached (429 {@code daily_quota_exceeded} or {@code monthly_quota_exceeded}) is an
 *       outage, not a rate limit: asked once, never retried here, and marked {@link MailOutage} with
 *       when asking again is worth it;</li>
 *   <li>409 {@code invalid_idempotent_request} (the key was already used with another body) says a first
 *       request reached Resend, not that it was delivered: marked {@link MailDeliveryUnsure}, with the
 *       time Resend forgets the key ({@link #KEY_KEPT} after this answer), from which the same key may
 *       be sent again.</li>
 * </ul>
 *
 * <p>Every request names Kaptura in its {@code User-Agent} ({@link EmailAdapters#RESEND_USER_AGENT}).
 *
 * <p><b>What Resend sees</b> (R37): the sender, the recipient's address (only in {@code to}), the
 * subject, the two parts and the opaque key; never an account id. Error messages carry Resend's
 * {@code name} and {@code message} with the recipient's address masked; never the API key. The log
 * line names the kind and Resend's id for the email, never the address or the code.
 */
@Implements({Rule.R33, Rule.R37})
final class ResendMailer implements Mailer {

    /** The registry name of Resend (R33). */
    static final String PROCESSOR = "resend";

    private static final System.Logger LOG = System.getLogger(ResendMailer.class.getName());
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /**
     * How long Resend remembers an idempotency key: it "checks whether an email with the same idempotency key has
     * already been sent in the last 24 hours" (resend.com/docs/dashboard/emails/idempotency-keys, "How it works").
     */
    static final Duration KEY_KEPT = Duration.ofHours(24);

    /** The message could not be handed over: Resend's quota is reached until {@link #resumeAt()}. */
    static final class QuotaPause extends IllegalStateException implements MailOutage {
        private final transient Instant resumeAt;

        QuotaPause(String message, Instant resumeAt) {
            super(message);
            this.resumeAt = resumeAt;
        }

        @Override
        public Instant resumeAt() {
            return resumeAt;
        }
    }

    /** Resend's answer leaves unsure whether the message went: its key may be sent again from {@link #retryFrom()}. */
    static final class Unsure extends IllegalStateException implements MailDeliveryUnsure {
        private final transient Instant retryFrom;

        Unsure(String message, Instant retryFrom) {
            super(message);
            this.retryFrom = retryFrom;
        }

        @Override
        public Instant retryFrom() {
            return retryFrom;
        }
    }

    private final ResendApi api;
    private final String apiKey;
    private final String from;
    private final int maxAttempts;
    private final InstantSource clock;

    ResendMailer(
            URI apiBase,
            String apiKey,
            String from,
            Duration timeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.apiKey = checkedKey(apiKey);
        this.from = Senders.checked(from);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The Resend timeout must be positive (got " + timeout + ")");
        }
        this.maxAttempts = maxAttempts;
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String bearer = "Bearer " + this.apiKey;
        this.api = Feign.builder()
                .client(new Http2Client(http))
                .options(new Request.Options(timeout, timeout, false))
                .encoder(new JacksonEncoder(json))
                .decoder((response, type) -> type == ResendSent.class
                        ? accepted(json, response)
                        : new JacksonDecoder(json).decode(response, type))
                .errorDecoder(new ResendErrors(json))
                .retryer(new Backoff(maxAttempts, initialBackoff, maxBackoff))
                .requestInterceptor(template -> template.header("Authorization", List.of(bearer)))
                .requestInterceptor(template -> template.header("User-Agent", List.of(EmailAdapters.RESEND_USER_AGENT)))
                .target(ResendApi.class, checkedBase(apiBase));
    }

    /** The client, for {@link ResendCheck}. */
    ResendApi api() {
        return api;
    }

    /** The configured sender, for {@link ResendCheck}. */
    String from() {
        return from;
    }

    /** A text safe to report: Resend's words with the API key and any address masked. */
    String scrubbed(String said) {
        return Scrub.text(said, "", "", apiKey);
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(PROCESSOR);
    }

    @Override
    public void send(Mail mail) {
        MailTemplates.Rendered message = MailTemplates.render(mail);
        ResendEmail email =
                new ResendEmail(from, List.of(mail.to().value()), message.subject(), message.html(), message.text());
        String key = IdempotencyKeys.opaque(mail.idempotencyKey());
        try {
            ResendSent sent = api.send(key, email);
            String id = sent.id() == null ? "id unreadable" : "id " + sent.id();
            LOG.log(System.Logger.Level.INFO, () -> "Resend: accepted " + message.described() + " (" + id + ")");
        } catch (ResendErrors.QuotaReached quota) {
            Instant resumeAt = quota.resumeAt(clock.instant());
            String said = quota.error().describe(429)
                    + (quota.error().message() == null
                            ? ""
                            : ": " + scrub(quota.error().message(), mail));
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Resend: " + message.described() + " not sent: " + said + "; Resend's "
                            + (quota.monthly() ? "monthly" : "daily")
                            + " sending quota is reached, and no mail is worth handing to it before "
                            + resumeAt);
            throw new QuotaPause(
                    "Resend refused " + message.described() + ": " + said + " (its "
                            + (quota.monthly() ? "monthly" : "daily") + " sending quota is reached; ask again from "
                            + resumeAt + ")",
                    resumeAt);
        } catch (ResendErrors.KeyReused reused) {
            Instant retryFrom = clock.instant().plus(KEY_KEPT);
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Resend: " + message.described() + ": 409 invalid_idempotent_request, a request"
                            + " with this idempotency key and another body reached Resend before; whether it was delivered, Resend does not"
                            + " say. Not counted as sent; the same key may be sent again from " + retryFrom
                            + ", when Resend has forgotten it");
            throw new Unsure(
                    "Resend answered " + message.described()
                            + " with 409 invalid_idempotent_request: a request with its"
                            + " idempotency key and another body came before, and nothing says it was delivered; it may be sent again from "
                            + retryFrom,
                    retryFrom);
        } catch (ResendErrors.Refused refused) {
            throw new IllegalStateException("Resend refused " + message.described() + ": "
                    + refused.error().describe(refused.status()) + ": "
                    + scrub(refused.error().message(), mail));
        } catch (RetryableException exhausted) {
            throw new IllegalStateException(
                    "Resend did not accept " + message.described() + " after " + maxAttempts
                            + (maxAttempts == 1 ? " attempt" : " attempts") + " (last: " + last(exhausted, mail) + ")",
                    exhausted);
        } catch (FeignException unexpected) {
            throw new IllegalStateException(
                    "Resend answered " + message.described() + " with something unexpected (HTTP " + unexpected.status()
                            + ", " + unexpected.getClass().getSimpleName() + ")");
        } catch (RuntimeException broken) {
            throw new IllegalStateException("The " + message.kind() + " mail could not be handed to Resend ("
                    + broken.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A 2xx is Resend's acceptance. Its id serves only the log line, so an answer whose id cannot be read
     * is still an acceptance: failing here would retry a message that was sent.
     */
    private static ResendSent accepted(ObjectMapper json, Response response) {
        if (response.body() == null) {
            return new ResendSent(null);
        }
        try (InputStream in = response.body().asInputStream()) {
            ResendSent sent = json.readValue(in.readNBytes(16 * 1024), ResendSent.class);
            return sent == null ? new ResendSent(null) : sent;
        } catch (IOException | RuntimeException unreadable) {
            return new ResendSent(null);
        }
    }

    private String last(RetryableException e, Mail mail) {
        if (e instanceof ResendErrors.Busy busy) {
            String said = busy.error().message();
            return busy.error().describe(busy.status())
                    + (said == null || said.isBlank() ? "" : ": " + scrub(said, mail));
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return "no answer: " + cause.getClass().getSimpleName();
    }

    private String scrub(String said, Mail mail) {
        return Scrub.text(said, mail.to().value(), mail.to().masked(), apiKey);
    }

    private static String checkedKey(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("A Resend API key is required");
        }
        if (!apiKey.strip().matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException(
                    "The Resend API key has characters an API key cannot have (spaces, line breaks" + " or non-ASCII)");
        }
        return apiKey.strip();
    }

    /**
     * HTTPS, or plain HTTP only to this machine (a local stub): the API key never crosses a network in
     * clear.
     */
    private static String checkedBase(URI apiBase) {
        if (apiBase == null || apiBase.getScheme() == null || apiBase.getHost() == null) {
            throw new IllegalArgumentException(
                    "The Resend API base must be an absolute URL such as https://api.resend.com");
        }
        String scheme = apiBase.getScheme().toLowerCase(Locale.ROOT);
        boolean local = LOOPBACK.contains(apiBase.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            throw new IllegalArgumentException("The Resend API base must use https (plain http only to localhost): "
                    + apiBase.getScheme() + "://" + apiBase.getHost());
        }
        if (apiBase.getRawQuery() != null || apiBase.getRawFragment() != null || apiBase.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "The Resend API base must be a plain URL, without user, query or fragment");
        }
        String base = apiBase.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
