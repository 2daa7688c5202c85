package ai.kaptura.domain.shared;

/**
 * A broken invariant: the caller asked the domain for something its rules make impossible (an
 * illegal state transition, a deletion without evidence). It is a bug to fix, never a user error,
 * so it fails loudly.
 */
public class DomainViolation extends RuntimeException {

    public DomainViolation(String message) {
        super(message);
    }
}
