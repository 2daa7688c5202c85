package ai.kaptura.adapter.http;

import ai.kaptura.domain.shared.Rejection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem: a stable {@code type} URI a client can switch on, the HTTP status, a short title and
 * a {@code detail} a person understands. Every error this adapter answers is one of these, served as
 * {@code application/problem+json}.
 *
 * @param slug       the last segment of the type URI, stable across releases
 * @param extensions extra members (such as {@code errors} naming each invalid field)
 * @param retryAfter for 429 and 503, how long the client should wait
 */
record Problem(
        String slug,
        int status,
        String title,
        String detail,
        Map<String, Object> extensions,
        Optional<Duration> retryAfter) {

    static final String TYPE_BASE = "https://kaptura.ai/problems/";
    /** How long a client is asked to wait before sending again a request the server was too busy to take. */
    static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(5);

    static final String MEDIA_TYPE = "application/problem+json";

    Problem {
        extensions = Map.copyOf(extensions);
    }

    static Problem of(String slug, int status, String title, String detail) {
        return new Problem(slug, status, title, detail, Map.of(), Optional.empty());
    }

    String type() {
        return TYPE_BASE + slug;
    }

    Problem with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(key, value);
        return new Problem(slug, status, title, detail, more, retryAfter);
    }

    Problem retryAfter(Duration wait) {
        return new Problem(slug, status, title, detail, extensions, Optional.of(wait));
    }

    /**
     * The members of the JSON document, {@code instance} being the request path (left out when {@code null},
     * for a request too broken to have one).
     */
    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }

    // ---- the adapter's own problems -------------------------------------------------------------

    /** One invalid member of a request body or query. */
    record FieldError(String field, String detail) {
        Map<String, String> json() {
            return Map.of("field", field, "detail", detail);
        }
    }

    static Problem validation(List<FieldError> errors) {
        String detail =
                String.join("; ", errors.stream().map(FieldError::detail).toList());
        return of("validation", 400, "The request is not valid", detail)
                .with("errors", errors.stream().map(FieldError::json).toList());
    }

    static Problem validation(String field, String detail) {
        return validation(List.of(new FieldError(field, detail)));
    }

    /** One of the adapter's own refusals: a fixed type, status and title, only the detail differing between uses. */
    record Standard(String slug, int status, String title) {
        /** This refusal, saying what went wrong in {@code detail}. */
        Problem detail(String detail) {
            return of(slug, status, title, detail);
        }
    }

    static final Standard MALFORMED_JSON = new Standard("malformed-json", 400, "The body is not valid JSON");
    static final Standard BAD_REQUEST = new Standard("bad-request", 400, "The request is not valid");
    static final Standard NOT_FOUND = new Standard("not-found", 404, "Not found");
    static final Standard UNAUTHORIZED = new Standard("unauthorized", 401, "Sign-in required");
    static final Standard FORBIDDEN = new Standard("forbidden", 403, "Forbidden");
    static final Standard CSRF = new Standard("csrf", 403, "Cross-site request refused");
    static final Standard PAYLOAD_TOO_LARGE = new Standard("payload-too-large", 413, "Too large");
    static final Standard UNSUPPORTED_MEDIA_TYPE =
            new Standard("unsupported-media-type", 415, "Unsupported media type");
    static final Standard METHOD_NOT_ALLOWED = new Standard("method-not-allowed", 405, "Method not allowed");
    static final Standard URI_TOO_LONG = new Standard("uri-too-long", 414, "Address too long");
    static final Standard HEADERS_TOO_LARGE = new Standard("headers-too-large", 431, "Headers too large");

    static Problem rateLimited(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        return of(
                        "rate-limited",
                        429,
                        "Too many requests",
                        "Too many attempts from your network; try again in " + seconds + " seconds.")
                .retryAfter(wait);
    }

    /** A body that arrived slower than the server's minimum data rate (a slowloris upload is cut off so). */
    static Problem tooSlow() {
        return of(
                "too-slow",
                408,
                "Request too slow",
                "The request's body arrived too slowly, so the server stopped reading it; nothing was kept. Please send it again.");
    }

    /**
     * A refusal known only by its status (from the framework or the server), with a stable type per status:
     * the adapter's own where one exists, {@code http-<status>} otherwise; every 5xx but 503 is an internal error.
     */
    static Problem ofStatus(int status, String detail) {
        return switch (status) {
            case 400 -> BAD_REQUEST.detail(detail);
            case 401 -> UNAUTHORIZED.detail(detail);
            case 403 -> FORBIDDEN.detail(detail);
            case 404 -> NOT_FOUND.detail(detail);
            case 405 -> METHOD_NOT_ALLOWED.detail(detail);
            case 408 -> tooSlow();
            case 413 -> PAYLOAD_TOO_LARGE.detail(detail);
            case 414 -> URI_TOO_LONG.detail(detail);
            case 415 -> UNSUPPORTED_MEDIA_TYPE.detail(detail);
            case 431 -> HEADERS_TOO_LARGE.detail(detail);
            case 503 -> unavailable(detail);
            default -> status >= 500 ? internal() : of("http-" + status, status, "Request refused", detail);
        };
    }

    static Problem unavailable(String detail) {
        return of("unavailable", 503, "Temporarily unavailable", detail).retryAfter(Duration.ofSeconds(30));
    }

    static Problem internal() {
        return of(
                "internal-error",
                500,
                "Something went wrong on our side",
                "The request could not be completed; nothing was changed that you cannot see. Please try again.");
    }

    // ---- refusals from the use cases ------------------------------------------------------------

    /**
     * A use case's refusal. Every reason keeps its own stable type ({@code .../problems/<slug>}); the status
     * follows from the reason in one exhaustive switch, so a new reason cannot be added without deciding it.
     */
    static Problem of(Rejection why) {
        Rejection.Reason reason = why.reason();
        int status = switch (reason) {
            case INVALID_EMAIL,
                    INVALID_VALUE,
                    UNKNOWN_PLAN,
                    UNKNOWN_STYLE,
                    ADULT_ATTESTATION_MISSING,
                    SIGN_IN_CODE_INVALID,
                    SIGN_IN_CODE_EXPIRED,
                    EVENT_MALFORMED,
                    EVENT_NOT_AUTHENTIC -> 400;
            case NOT_FOUND -> 404;
            case NOTICE_VERSION_OUTDATED,
                    AGE_NOT_STATED,
                    ORDER_NOT_DRAFT,
                    ORDER_STATE,
                    TOO_FEW_SELFIES,
                    TOO_MANY_SELFIES,
                    EXTENSION_NOT_ALLOWED,
                    ERASURE_INCOMPLETE,
                    REQUEST_ALREADY_CLOSED,
                    POLICY_VERSION_INVALID,
                    OPEN_ORDER_LIMIT,
                    STORAGE_QUOTA,
                    DESK_ACTION_CONFLICT -> 409;
            case CONSENT_REFUSED,
                    CONSENT_MISSING,
                    CONSENT_WITHDRAWN,
                    CONSENT_STALE,
                    ACCOUNT_RESTRICTED,
                    PROCESSOR_NOT_REGISTERED,
                    SIGN_IN_OTHER_BROWSER,
                    FRESH_CODE_REQUIRED,
                    FRESH_CODE_INVALID -> 403;
            case SIGN_IN_ATTEMPTS_EXHAUSTED, TOO_MANY_CODES -> 429;
            case VENDOR_UNAVAILABLE, SERVER_BUSY -> 503;
            case VENDOR_REFUSED -> 502;
        };
        String title = switch (reason.kind()) {
            case INVALID_INPUT -> "The request is not valid";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Not possible in the current state";
            case FORBIDDEN -> "Not allowed";
            case LIMIT -> "Limit reached";
            case UNAVAILABLE -> "Temporarily unavailable";
        };
        Problem problem = of(reason.slug(), status, title, why.detail()).with("reason", reason.slug());
        if (reason == Rejection.Reason.TOO_MANY_CODES) {
            return problem.retryAfter(Duration.ofHours(1));
        }
        if (reason == Rejection.Reason.SERVER_BUSY) {
            return problem.retryAfter(BUSY_RETRY_AFTER);
        }
        return status == 503 ? problem.retryAfter(Duration.ofSeconds(30)) : problem;
    }
}
