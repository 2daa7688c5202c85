package ai.kaptura.adapter.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Response;
import feign.RetryableException;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Sorts Resend's error answers into what to do next.
 *
 * <ul>
 *   <li>429 (rate limited), any 5xx, and 409 {@code concurrent_idempotent_requests} (a request with
 *       the same idempotency key is still being processed) are worth another try with the same key:
 *       {@link Busy}, a {@link RetryableException}, carrying the {@code retry-after} delay when Resend
 *       sent one (whole seconds; an HTTP-date is not honoured and falls back to the backoff).</li>
 *   <li>409 {@code invalid_idempotent_request} means the key was already used, within Resend's 24 h,
 *       with a different body. Our keys are one per message, so the first request reached Resend and
 *       the message was sent; the body differs only because it was rendered again (say, after an
 *       upgrade changed a template). {@link AlreadySent}: the mailer treats it as delivered, since
 *       trying again could never succeed and the person already has the message.</li>
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
        if (status == 429 || status >= 500 || (status == 409 && "concurrent_idempotent_requests".equals(error.name()))) {
            return new Busy(status, error, retryAfter(response), response);
        }
        if (status == 409 && "invalid_idempotent_request".equals(error.name())) {
            return new AlreadySent(error);
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
            super(status, "Resend answered " + error.describe(status), response.request().httpMethod(), (Long) null,
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

    /** 409 {@code invalid_idempotent_request}: this message was already sent under its key. */
    static final class AlreadySent extends RuntimeException {

        private final transient ResendError error;

        AlreadySent(ResendError error) {
            super("Resend already sent a message under this idempotency key", null, false, false);
            this.error = error;
        }

        ResendError error() {
            return error;
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
