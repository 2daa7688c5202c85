package ai.kaptura.adapter.http;

/** Ends a request with a {@link Problem}; the central exception mapping writes it. */
final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }
}
