package ai.kaptura.domain.shared;

/**
 * Thrown by a value object or a command record whose input a person got wrong. It carries a
 * {@link Rejection}, so an adapter answers it like any other refusal: with a clear message, not a 500.
 */
public final class InvalidInput extends RuntimeException {

    private final transient Rejection rejection;

    public InvalidInput(Rejection rejection) {
        super(rejection.detail());
        this.rejection = rejection;
    }

    public InvalidInput(String detail) {
        this(Rejection.of(Rejection.Reason.INVALID_VALUE, detail));
    }

    public Rejection rejection() {
        return rejection;
    }
}
