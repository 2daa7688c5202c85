package ai.kaptura.domain.shared;

import java.util.function.Function;

/**
 * A decision that a person's request either passes, with a value, or is refused for a reason they
 * can read. Rules return this instead of throwing or answering {@code false}.
 */
public sealed interface Result<T> {

    record Ok<T>(T value) implements Result<T> {}

    record Refused<T>(Rejection why) implements Result<T> {}

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> refused(Rejection.Reason reason, String detail) {
        return new Refused<>(Rejection.of(reason, detail));
    }

    static <T> Result<T> refused(Rejection why) {
        return new Refused<>(why);
    }

    default <U> Result<U> map(Function<T, U> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Refused<T> no -> new Refused<>(no.why());
        };
    }

    default <U> Result<U> then(Function<T, Result<U>> f) {
        return switch (this) {
            case Ok<T> ok -> f.apply(ok.value());
            case Refused<T> no -> new Refused<>(no.why());
        };
    }

    /** The value, or a {@link DomainViolation} for a caller that had already checked. */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Refused<T> no ->
                throw new DomainViolation("Refused: " + no.why().detail());
        };
    }
}
