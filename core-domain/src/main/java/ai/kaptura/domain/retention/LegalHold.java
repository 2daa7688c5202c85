package ai.kaptura.domain.retention;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * The only thing that may suspend the destruction of biometric data: a hold backed by a warrant or
 * subpoena, with its reference (R11).
 */
@Implements(Rule.R11)
public record LegalHold(Basis basis, String reference, Instant placedAt) {

    public enum Basis {
        WARRANT,
        SUBPOENA
    }

    public LegalHold {
        Objects.requireNonNull(basis, "basis: a warrant or a subpoena");
        Checks.text(reference, "court or case reference", 200);
        Objects.requireNonNull(placedAt, "placed at");
    }
}
