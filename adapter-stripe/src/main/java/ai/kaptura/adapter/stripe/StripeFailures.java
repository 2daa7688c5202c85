package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.VendorRefusal;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns what stripe-java throws into one of two clear failures, never carrying the secret key (R37):
 * {@link StripeUnavailable} (no answer, 409, 429 or 5xx: nothing is known to have changed, the same call
 * with the same idempotency key may be repeated later) and {@link StripeRefused} (Stripe said no: the
 * message names what Stripe said, its error type, code and parameter, and the request id).
 */
@Implements(Rule.R37)
final class StripeFailures {

    /** Stripe's error code for a refund of a charge that has no money left to refund. */
    static final String ALREADY_REFUNDED = "charge_already_refunded";

    private static final Pattern ANY_KEY = Pattern.compile("\\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+");

    private final String secretKey;

    StripeFailures(String secretKey) {
        this.secretKey = Objects.requireNonNull(secretKey, "secret key");
    }

    /** Stripe could not be asked, or could not answer now; retrying later is safe. */
    static final class StripeUnavailable extends RuntimeException {
        StripeUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Stripe refused the request; repeating it unchanged will not help. */
    static final class StripeRefused extends RuntimeException implements VendorRefusal {
        StripeRefused(String message) {
            super(message);
        }

        StripeRefused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    RuntimeException translate(String action, StripeException e) {
        Integer status = e.getStatusCode();
        String said = said(e);
        Throwable cause = carriesNoSecret(e) ? e : null;
        if (e instanceof ApiConnectionException || status == null || status == 0) {
            return new StripeUnavailable(
                    "Stripe could not be reached to " + action + ": " + said
                            + "; nothing is known to have changed, so the same call may be repeated later",
                    cause);
        }
        String details = details(e, status);
        if (status == 409 || status == 429 || status >= 500) {
            String why = status == 429
                    ? "is limiting the rate of requests"
                    : status == 409 ? "saw a conflicting request" : "failed";
            return new StripeUnavailable(
                    "Stripe " + why + " and could not " + action + ": " + said + " (" + details
                            + "); the same call may be repeated later",
                    cause);
        }
        return new StripeRefused("Stripe refused to " + action + ": " + said + " (" + details + ")", cause);
    }

    private String said(StripeException e) {
        StripeError error = e.getStripeError();
        String message = error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return scrub(message);
    }

    private String details(StripeException e, int status) {
        List<String> parts = new ArrayList<>();
        parts.add("HTTP " + status);
        StripeError error = e.getStripeError();
        if (error != null && error.getType() != null) {
            parts.add("type " + error.getType());
        }
        if (e.getCode() != null) {
            parts.add("code " + e.getCode());
        }
        if (error != null && error.getParam() != null) {
            parts.add("parameter " + error.getParam());
        }
        if (e.getRequestId() != null) {
            parts.add("request " + e.getRequestId());
        }
        return scrub(String.join(", ", parts));
    }

    private boolean carriesNoSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !scrub(message).equals(message)) {
                return false;
            }
        }
        return true;
    }

    /** The text with the configured key, and anything shaped like a Stripe API key, masked. */
    String scrub(String text) {
        String masked = secretKey.isEmpty() ? text : text.replace(secretKey, "[STRIPE_SECRET_KEY]");
        return ANY_KEY.matcher(masked).replaceAll("[a Stripe API key]");
    }
}
