package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Astria's error statuses, as its API overview describes them: 422 is a validation error (never retried);
 * 429 and 500–503 are retried with backoff; 504 means "took over 30 s but probably processed", so a
 * request that creates something is not repeated (the caller looks the object up) while a read is;
 * 404 is its own answer (deletion evidence).
 */
final class AstriaErrors implements ErrorDecoder {

    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final ObjectMapper json;

    AstriaErrors(ObjectMapper json) {
        this.json = json;
    }

    /** A failure worth another attempt, with Astria's {@code Retry-After} as a hint. */
    static final class TryAgain extends RetryableException {
        final Duration hint;

        TryAgain(int status, String what, Request request, Duration hint) {
            super(status, what, request.httpMethod(), (Long) null, request);
            this.hint = hint;
        }
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        Request request = response.request();
        String what = status + describe(status);
        return switch (status) {
            case 404, 410 -> new AstriaFailure.NotFound();
            case 429, 500, 502, 503 -> new TryAgain(status, what, request, retryAfter(response.headers()));
            case 504 ->
                request.httpMethod() == Request.HttpMethod.GET || request.httpMethod() == Request.HttpMethod.DELETE
                        ? new TryAgain(status, what, request, Duration.ZERO)
                        : new AstriaFailure.OutcomeUnknown(what, null);
            default -> new AstriaFailure.Refused(status, fieldNames(response));
        };
    }

    static String describe(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized (check ASTRIA_API_KEY)";
            case 402 -> " Payment Required";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 409 -> " Conflict";
            case 422 -> " Unprocessable Entity";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static Duration retryAfter(Map<String, Collection<String>> headers) {
        for (Map.Entry<String, Collection<String>> header : headers.entrySet()) {
            if ("retry-after".equalsIgnoreCase(header.getKey())) {
                for (String value : header.getValue()) {
                    try {
                        long seconds = Long.parseLong(value.strip());
                        return seconds > 0 ? Duration.ofSeconds(Math.min(seconds, 86_400)) : Duration.ZERO;
                    } catch (NumberFormatException notSeconds) {
                        return Duration.ZERO;
                    }
                }
            }
        }
        return Duration.ZERO;
    }

    /**
     * The names of the fields a validation error points at (Astria answers {@code {"field": ["message"]}}),
     * never their messages or values: those may echo what was sent.
     */
    private String fieldNames(Response response) {
        if (response.body() == null) {
            return "";
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
            JsonNode body = json.readTree(bytes);
            if (body == null || !body.isObject()) {
                return "";
            }
            List<String> names = new ArrayList<>();
            body.fieldNames().forEachRemaining(name -> {
                if (name.matches("[A-Za-z0-9_.\\[\\]]{1,40}") && names.size() < 10) {
                    names.add(name);
                }
            });
            return names.isEmpty() ? "" : "about " + String.join(", ", names);
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
