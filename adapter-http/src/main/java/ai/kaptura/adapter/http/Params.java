package ai.kaptura.adapter.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Path and query parameters: an id that cannot exist answers 404, a bad number 400, never a 500. */
final class Params {

    private Params() {}

    /** The path parameter {@code name} as an id; anything not a UUID is simply not found. */
    static <T> T id(Context ctx, String name, Function<UUID, T> wrap, String what) {
        String raw = ctx.pathParam(name);
        try {
            UUID uuid = UUID.fromString(raw);
            if (!uuid.toString().equalsIgnoreCase(raw)) {
                throw new IllegalArgumentException("not canonical");
            }
            return wrap.apply(uuid);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.NOT_FOUND.detail("There is no " + what + " here."));
        }
    }

    /**
     * The query parameter {@code name} as a whole number from {@code min} to {@code max}, {@code fallback} when
     * it is absent or blank. Anything else is a 400 naming it: not a number, out of range, given more than once,
     * or not decodable (a bad percent-encoding, which the framework would otherwise drop silently).
     */
    static long number(Context ctx, String name, long fallback, long min, long max) {
        List<String> values = ctx.queryParams(name);
        String rule = "'" + name + "' must be a whole number from " + min + " to " + max;
        if (values.size() > 1) {
            throw new ProblemException(Problem.validation(name, rule + ", given once"));
        }
        if (values.isEmpty()) {
            if (ctx.queryParamMap().containsKey(name)) {
                throw new ProblemException(Problem.validation(name, rule + "; its value could not be read"));
            }
            return fallback;
        }
        String raw = values.getFirst();
        if (raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.strip());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ProblemException(Problem.validation(name, rule));
        }
    }

    static Optional<String> query(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }
}
