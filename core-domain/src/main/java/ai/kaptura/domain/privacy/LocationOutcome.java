package ai.kaptura.domain.privacy;

import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * What erasure found at one location: deleted, with evidence of what the location answered, or retained on one of the
 * grounds of GDPR Art. 17(3) until a stated date (R16, R27).
 *
 * <p>{@link LegacyErased} and {@link LegacyRetained} are what requests recorded before these were required (schema V15)
 * read back as: kept, shown and never produced again.
 */
@Implements({Rule.R16, Rule.R27})
public sealed interface LocationOutcome {

    Instant at();

    /**
     * Everything the person had there is gone; each deletion has its evidence, and each piece of evidence says what the
     * location answered (its response, and how many objects it removed or confirmed gone).
     */
    record Erased(List<DeletionEvidence> evidence, Instant at) implements LocationOutcome {
        public Erased {
            evidence = List.copyOf(evidence);
            Objects.requireNonNull(at, "at");
            if (evidence.isEmpty()) {
                throw new DomainViolation(
                        "An erased location names its evidence: at least one deletion and its answer");
            }
            for (DeletionEvidence e : evidence) {
                if (e.answer().isEmpty()) {
                    throw new DomainViolation("Evidence of " + e.category() + " " + e.subject() + " at " + e.where()
                            + " does not say what the location answered (its response and object count)");
                }
            }
        }

        /** How many objects the location removed or confirmed gone, over all its evidence. */
        public int objectCount() {
            return evidence.stream()
                    .mapToInt(e -> e.answer().orElseThrow().objectCount())
                    .sum();
        }
    }

    /** Nothing of the person was ever held there; confirmed, not assumed. */
    record NothingHeld(String confirmation, Instant at) implements LocationOutcome {
        public NothingHeld {
            Checks.text(confirmation, "how it was confirmed that nothing is held", 500);
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Kept on a ground of GDPR Art. 17(3): what is kept, the ground, the law or reference that makes it apply (such as
     * "§147 AO: 10 years for invoices"), and the day the retention lapses (R16).
     *
     * <p>The lapse date is required. Every ground Kaptura can meet ends: a legal obligation with its statutory period,
     * a legal claim with its limitation period, a vendor's log with its documented retention. A basis with no end would
     * keep the data forever against the storage limitation of Art. 5(1)(e), so it is refused; where the end is not known
     * exactly, the latest day it can be is stated.
     */
    record RetainedWithBasis(String whatIsKept, RetentionGround ground, String detail, LocalDate lapsesOn, Instant at)
            implements LocationOutcome {
        public RetainedWithBasis {
            Checks.text(whatIsKept, "what is kept", 500);
            Objects.requireNonNull(ground, "the Art. 17(3) ground");
            Checks.text(detail, "the law or reference behind the ground", 500);
            Objects.requireNonNull(lapsesOn, "the day the retention lapses");
            Objects.requireNonNull(at, "at");
            if (detail.strip().length() < 10) {
                throw new DomainViolation("The detail of a retention names the law or reference, not just a word");
            }
            if (lapsesOn.isBefore(LocalDate.ofInstant(at, ZoneOffset.UTC))) {
                throw new DomainViolation("A retention that lapsed on " + lapsesOn + " keeps nothing on " + at);
            }
        }
    }

    /**
     * Kept because a legal hold on a warrant or subpoena keeps it (R11): on the ground of GDPR Art. 17(3)(e), legal
     * claims, for as long as the hold lasts, which no one can date in advance. Lifting the hold erases what it kept
     * and records that evidence; so this outcome, unlike {@link RetainedWithBasis}, names no lapse date but the hold.
     *
     * @param detail the hold's basis and reference, such as "warrant District court case 2026-HD-17"
     */
    record HeldUnderLegalHold(String whatIsKept, String detail, Instant at) implements LocationOutcome {
        public HeldUnderLegalHold {
            Checks.text(whatIsKept, "what is kept", 500);
            Checks.text(detail, "the hold's basis and reference", 500);
            Objects.requireNonNull(at, "at");
            if (detail.strip().length() < 10) {
                throw new DomainViolation("A hold is named by its basis and reference, not just a word");
            }
        }

        /** Always Art. 17(3)(e): a hold serves the establishment, exercise or defence of legal claims. */
        public RetentionGround ground() {
            return RetentionGround.LEGAL_CLAIMS;
        }
    }

    /**
     * An erasure recorded before each piece of evidence had to say what the location answered (schema V15): its
     * evidence as it was written. Read back from storage only; new erasures are {@link Erased}.
     */
    record LegacyErased(List<DeletionEvidence> evidence, Instant at) implements LocationOutcome {
        public LegacyErased {
            evidence = List.copyOf(evidence);
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A retention recorded before a ground of Art. 17(3) and a lapse date were required (schema V15): what is kept and
     * the basis in the words it was written with. Read back from storage only; new retentions are
     * {@link RetainedWithBasis}.
     */
    record LegacyRetained(String whatIsKept, String basisAsWritten, Instant at) implements LocationOutcome {
        public LegacyRetained {
            Checks.text(whatIsKept, "what is kept", 500);
            Checks.text(basisAsWritten, "the basis as written", 500);
            Objects.requireNonNull(at, "at");
        }
    }
}
