package ai.kaptura.adapter.email;

/**
 * Resend's error body, e.g. {@code {"statusCode":422,"name":"validation_error","message":"..."}}. Any
 * field may be missing when the answer did not come from Resend itself (a proxy, a load balancer).
 */
record ResendError(Integer statusCode, String name, String message) {

    static final ResendError NONE = new ResendError(null, null, null);

    /** "HTTP 422 validation_error", or just "HTTP 502" when the body named nothing. */
    String describe(int status) {
        return "HTTP " + status + (name == null || name.isBlank() ? "" : " " + name);
    }
}
