package ai.kaptura.adapter.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.RetryableException;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Optional;

/**
 * Sorts Resend's error answers into what to do next.
 *
 * <ul>
 *   <li>429 {@code daily_quota_exceeded} or {@code monthly_quota_exceeded} is not a rate limit but an
 *       outage of hours or weeks: Resend refuses every message until the quota allows again
 *       (resend.com/docs/api-reference/errors; resend.com/docs/api-reference/rate-limit, "Email Quotas").
 *       {@link QuotaReached}: never retried here, so four quick tries cannot burn through the quota's
 *       refusals; the mailer says when asking again is worth it.</li>
 *   <li>429 otherwise ({@code rate_limit_exceeded}: requests per second), any 5xx, and 409
 *       {@code concurrent_idempotent_requests} (a request with the same idempotency key is still being
 *       processed) are worth another try with the same key: {@link Busy}, a {@link RetryableException},
 *       carrying the {@code retry-after} delay when Resend sent one (whole seconds; an HTTP-date is not
 *       honoured and falls back to the backoff).</li>
 *   <li>409 {@code invalid_idempotent_request} means the key was already used, within Resend's 24 h,
 *       with a different body ("Same idempotency key used with a different request payload"). That
 *       says a first request with this key reached Resend, never that it was delivered: it may have
 *       been refused, or answered and lost. {@link KeyReused}: the mailer reports the delivery as
 *       unsure; it is neither counted as sent nor dropped.</li>
 *   <li>Any other answer (400, 401, 403, 404, 422, …) is {@link Refused}: retrying the same request
 *       cannot help, so it is not retried here; Resend's {@code name} and {@code message} say why.</li>
 * </ul>
 */
final class ResendErrors implements ErrorDecoder {

    /** Error bodies are small JSON objects; anything longer is not read further. */
    private static final int MAX_BODY = 16 * 1024;

    private final ObjectMapper json;

    ResendErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        ResendError error = body(response);
        if (status == 429
                && ("daily_quota_exceeded".equals(error.name()) || "monthly_quota_exceeded".equals(error.name()))) {
            return new QuotaReached(error, retryAfter(response));
        }
        if (status == 429
                || status >= 500
                || (status == 409 && "concurrent_idempotent_requests".equals(error.name()))) {
            return new Busy(status, error, retryAfter(response), response);
        }
        if (status == 409 && "invalid_idempotent_request".equals(error.name())) {
            return new KeyReused(error);
        }
        return new Refused(status, error);
    }

    private ResendError body(Response response) {
        if (response.body() == null) {
            return ResendError.NONE;
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY);
            return bytes.length == 0 ? ResendError.NONE : json.readValue(bytes, ResendError.class);
        } catch (IOException | RuntimeException notJson) {
            return ResendError.NONE;
        }
    }

    /** Resend sends {@code retry-after} in seconds; a missing, negative or non-numeric value is no hint. */
    static Optional<Duration> retryAfter(Response response) {
        Collection<String> values = response.headers().get("retry-after");
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.iterator().next().strip();
        if (!value.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    /** An answer worth trying again, with the same idempotency key, after a pause. */
    static final class Busy extends RetryableException {

        private final transient ResendError error;
        private final Duration retryAfter;

        Busy(int status, ResendError error, Optional<Duration> retryAfter, Response response) {
            super(
                    status,
                    "Resend answered " + error.describe(status),
                    response.request().httpMethod(),
                    (Long) null,
                    response.request());
            this.error = error;
            this.retryAfter = retryAfter.orElse(null);
        }

        ResendError error() {
            return error;
        }

        /** The pause Resend asked for with {@code retry-after}, if it did. */
        Optional<Duration> pause() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * 409 {@code invalid_idempotent_request}: a request with this key, and another body, reached Resend before;
     * whether it was delivered, the answer does not say.
     */
    static final class KeyReused extends RuntimeException {

        private final transient ResendError error;

        KeyReused(ResendError error) {
            super("Resend had a request with this idempotency key and another body before", null, false, false);
            this.error = error;
        }

        ResendError error() {
            return error;
        }
    }

    /**
     * 429 {@code daily_quota_exceeded} or {@code monthly_quota_exceeded}: Resend takes no message until the quota allows
     * again. The daily quota is a rolling 24 hours (resend.com/docs/api-reference/usage/retrieve-usage, {@code daily}),
     * so room comes back as the day's first messages age: asking again after {@link #DAILY_PAUSE} is worth it. The monthly
     * one is a calendar month and ends when the plan is raised: asking again every {@link #MONTHLY_PAUSE} notices the
     * raise, and the month's start at the latest. A longer {@code retry-after} is honoured, within those bounds.
     */
    static final class QuotaReached extends RuntimeException {

        static final Duration DAILY_PAUSE = Duration.ofHours(1);
        static final Duration MONTHLY_PAUSE = Duration.ofHours(6);

        private final transient ResendError error;
        private final Duration retryAfter;

        QuotaReached(ResendError error, Optional<Duration> retryAfter) {
            super("Resend's sending quota is reached", null, false, false);
            this.error = error;
            this.retryAfter = retryAfter.orElse(null);
        }

        ResendError error() {
            return error;
        }

        boolean monthly() {
            return "monthly_quota_exceeded".equals(error.name());
        }

        /** When asking Resend again is worth it, seen from {@code now}. */
        Instant resumeAt(Instant now) {
            Duration pause = monthly() ? MONTHLY_PAUSE : DAILY_PAUSE;
            if (retryAfter != null && retryAfter.compareTo(pause) > 0) {
                pause = retryAfter.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : retryAfter;
            }
            Instant at = now.plus(pause);
            if (monthly()) {
                Instant nextMonth = now.atZone(ZoneOffset.UTC)
                        .toLocalDate()
                        .withDayOfMonth(1)
                        .plusMonths(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                return at.isAfter(nextMonth) ? nextMonth : at;
            }
            return at;
        }
    }

    /** An answer that retrying the same request cannot change. */
    static final class Refused extends RuntimeException {

        private final int status;
        private final transient ResendError error;

        Refused(int status, ResendError error) {
            super("Resend refused the request: " + error.describe(status), null, false, false);
            this.status = status;
            this.error = error;
        }

        int status() {
            return status;
        }

        ResendError error() {
            return error;
        }
    }
}
