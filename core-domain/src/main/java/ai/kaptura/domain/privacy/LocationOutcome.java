package ai.kaptura.domain.privacy;

import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What erasure found at one location: deleted, with evidence, or retained under a legal basis (R27). */
@Implements(Rule.R27)
public sealed interface LocationOutcome {

    Instant at();

    /** Everything the person had there is gone; each deletion has its evidence. */
    record Erased(List<DeletionEvidence> evidence, Instant at) implements LocationOutcome {
        public Erased {
            evidence = List.copyOf(evidence);
            Objects.requireNonNull(at, "at");
        }
    }

    /** Nothing of the person was ever held there; confirmed, not assumed. */
    record NothingHeld(String confirmation, Instant at) implements LocationOutcome {
        public NothingHeld {
            Checks.text(confirmation, "how it was confirmed that nothing is held", 500);
            Objects.requireNonNull(at, "at");
        }
    }

    /** Kept because a law requires it: what is kept, on which basis, until when if known (R16). */
    record RetainedWithBasis(String whatIsKept, String legalBasis, Instant at) implements LocationOutcome {
        public RetainedWithBasis {
            Checks.text(whatIsKept, "what is kept", 500);
            Checks.text(legalBasis, "legal basis", 500);
            Objects.requireNonNull(at, "at");
            if (legalBasis.strip().length() < 10) {
                throw new DomainViolation("A legal basis names the law, not just a word");
            }
        }
    }
}
