package ai.kaptura.adapter.astria;

import java.io.IOException;

/**
 * How a call to Astria went wrong, as the adapter's own exceptions: their messages are written here and
 * never carry the API key, a request or response body, or anything a person sent (R37).
 */
abstract sealed class AstriaFailure extends RuntimeException {

    private AstriaFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Astria has no such object (404): for deletion, the evidence that it is gone. */
    static final class NotFound extends AstriaFailure {
        NotFound() {
            super("Astria answered 404 Not Found", null);
        }
    }

    /** Astria refused the request (422 and other 4xx): repeating it would not help. */
    static final class Refused extends AstriaFailure {
        final int status;

        Refused(int status, String detail) {
            super(
                    "Astria refused the request with " + status + AstriaErrors.describe(status)
                            + (detail.isEmpty() ? "" : " (" + detail + ")"),
                    null);
            this.status = status;
        }
    }

    /**
     * A request that creates something got no answer, or a 504: Astria may well have processed it. It is
     * never repeated blindly; the caller looks the object up instead.
     */
    static final class OutcomeUnknown extends AstriaFailure {
        OutcomeUnknown(String what, IOException cause) {
            super("Astria did not confirm the request (" + what + "); it may have been processed", cause);
        }
    }

    /** Every attempt failed with 429, 5xx or a broken connection. */
    static final class GaveUp extends AstriaFailure {
        final int attempts;

        GaveUp(int attempts, String last, IOException cause) {
            super(
                    "Astria did not answer after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " (last: "
                            + last + ")",
                    cause);
            this.attempts = attempts;
        }
    }
}
