package ai.kaptura.domain.retention;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Proof that a piece of data is gone: what (category and opaque id), where, when, why and the
 * answer that confirmed it (for a vendor: the "not found" of its API). Evidence never holds the data
 * itself.
 *
 * <p>The {@link Answer} is what the location itself answered, kept apart from the summary: for a vendor its response
 * (HTTP status and words), and how many objects it removed or confirmed gone. An erasure location accepts only evidence
 * with its answer (R27); evidence of a single selfie or model may carry only the summary, as all evidence written before
 * answers were recorded apart does.
 */
@Implements({Rule.R10, Rule.R14, Rule.R27})
public record DeletionEvidence(
        DataCategory category,
        String subject,
        Location where,
        Instant at,
        DeletionReason reason,
        String confirmation,
        Optional<Answer> answer) {

    /**
     * What the location answered when asked to delete (R27).
     *
     * @param response    the location's own answer, such as {@code DELETE /tunes/42 answered 200 OK; GET /tunes/42 answered
     *                    404 Not Found}, or for our own stores what the store reported
     * @param objectCount how many objects the location removed or confirmed gone (0 when it held none)
     */
    public record Answer(String response, int objectCount) {
        public Answer {
            Checks.text(response, "the location's response", 300);
            if (objectCount < 0) {
                throw new DomainViolation("An object count is never negative");
            }
            if (response.contains("@")) {
                throw new DomainViolation("A location's response is recorded without any address in it");
            }
        }
    }

    public DeletionEvidence {
        Objects.requireNonNull(category, "category");
        Checks.text(subject, "subject", 200);
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Checks.text(confirmation, "confirmation", 500);
        Objects.requireNonNull(answer, "answer");
        if (subject.contains("@")) {
            throw new DomainViolation("Deletion evidence names data by opaque id, never by email");
        }
    }

    /** Evidence with its summary only (a single selfie's or model's deletion). */
    public DeletionEvidence(
            DataCategory category,
            String subject,
            Location where,
            Instant at,
            DeletionReason reason,
            String confirmation) {
        this(category, subject, where, at, reason, confirmation, Optional.empty());
    }

    /** Evidence with what the location answered: the form an erasure location requires (R27). */
    public DeletionEvidence(
            DataCategory category,
            String subject,
            Location where,
            Instant at,
            DeletionReason reason,
            String confirmation,
            Answer answer) {
        this(category, subject, where, at, reason, confirmation, Optional.of(answer));
    }

    /** This evidence with what the location answered (its response and how many objects it removed or found gone). */
    public DeletionEvidence answered(String response, int objectCount) {
        return new DeletionEvidence(
                category, subject, where, at, reason, confirmation, new Answer(response, objectCount));
    }

    public Rule rule() {
        return reason.rule();
    }
}
