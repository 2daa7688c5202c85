package ai.kaptura.adapter.astria;

import feign.FeignException;
import feign.codec.DecodeException;
import feign.codec.EncodeException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one call to Astria as a named step and turns every failure into a clear one that says which step
 * failed and how (status, attempts), never with the API key, a body, or Feign's request (its headers carry
 * the key). {@link AstriaFailure.OutcomeUnknown} passes through: its caller looks the object up.
 */
final class Steps {

    /** A step that failed; the message is safe to log. */
    static class Failed extends IllegalStateException {
        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A step Astria answered and refused (422 and other 4xx): nothing was made, and repeating it would not help. */
    static final class Refused extends Failed {
        Refused(String message) {
            super(message, null);
        }
    }

    private Steps() {}

    /** The answer of {@code call}; a 404 is a failure of the step. */
    static <T> T run(String step, Supplier<T> call) {
        try {
            return call.get();
        } catch (AstriaFailure.NotFound e) {
            throw new Failed("Astria has nothing there: 404 Not Found when asked to " + step, null);
        } catch (RuntimeException e) {
            throw translate(step, e);
        }
    }

    /** The answer of {@code call}, or empty when Astria answers 404 (the object is not, or no longer, there). */
    static <T> Optional<T> find(String step, Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (AstriaFailure.NotFound e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw translate(step, e);
        }
    }

    /** Runs {@code call}; answers false when Astria answers 404 (already gone). */
    static boolean done(String step, Runnable call) {
        try {
            call.run();
            return true;
        } catch (AstriaFailure.NotFound e) {
            return false;
        } catch (RuntimeException e) {
            throw translate(step, e);
        }
    }

    private static RuntimeException translate(String step, RuntimeException e) {
        return switch (e) {
            case AstriaFailure.OutcomeUnknown unknown -> unknown;
            case AstriaFailure.GaveUp gaveUp ->
                new Failed("Could not " + step + ": " + gaveUp.getMessage(), gaveUp.getCause());
            case AstriaFailure.Refused refused ->
                new Refused("Could not " + step + ": " + refused.getMessage() + "; not retried");
            case AstriaFailure failure -> new Failed("Could not " + step + ": " + failure.getMessage(), null);
            // The cause is named, not attached: a vault's message may name a photo key, which holds the account id
            // (R37).
            case EncodeException encode ->
                new Failed(
                        "Could not " + step + ": " + encode.getMessage()
                                + (encode.getCause() == null
                                        ? ""
                                        : " (" + encode.getCause().getClass().getSimpleName() + ")"),
                        null);
            case DecodeException decode ->
                new Failed(
                        "Could not " + step + ": Astria's answer (" + decode.status() + ") is not the JSON expected",
                        null);
            case FeignException feign ->
                new Failed(
                        "Could not " + step + ": Astria answered " + feign.status()
                                + AstriaErrors.describe(feign.status()),
                        null);
            case IllegalArgumentException unexpected ->
                new Failed(
                        "Could not " + step + ": Astria's answer is not what its " + "documentation describes ("
                                + unexpected.getMessage() + ")",
                        null);
            default -> e;
        };
    }
}
