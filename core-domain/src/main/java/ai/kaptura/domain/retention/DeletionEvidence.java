package ai.kaptura.domain.retention;

import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Objects;

/**
 * Proof that a piece of data is gone: what (category and opaque id), where, when, why and the
 * answer that confirmed it (for a vendor: the "not found" of its API). Evidence never holds the data
 * itself.
 */
@Implements({Rule.R10, Rule.R14, Rule.R27})
public record DeletionEvidence(
        DataCategory category, String subject, Location where, Instant at, DeletionReason reason, String confirmation) {

    public DeletionEvidence {
        Objects.requireNonNull(category, "category");
        Checks.text(subject, "subject", 200);
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Checks.text(confirmation, "confirmation", 500);
        if (subject.contains("@")) {
            throw new DomainViolation("Deletion evidence names data by opaque id, never by email");
        }
    }

    public Rule rule() {
        return reason.rule();
    }
}
