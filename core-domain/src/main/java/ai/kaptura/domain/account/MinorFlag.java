package ai.kaptura.domain.account;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * The finding that an account belongs to a minor: who raised it (pseudonymously), why, when. From
 * that instant no processing happens and the account's data is erased within 72 hours, vendors
 * included.
 */
@Implements(Rule.R42)
public record MinorFlag(Instant flaggedAt, Source source, String reason) {

    public enum Source {
        PERSON_DECLARED,
        SUPPORT_REVIEW,
        PARENT_OR_GUARDIAN,
        AUTHORITY
    }

    public MinorFlag {
        Objects.requireNonNull(flaggedAt, "flagged at");
        Objects.requireNonNull(source, "source");
        Checks.text(reason, "reason for the minor flag", 500);
    }

    /** The latest instant by which the erasure, vendors included, must be complete. */
    public Instant erasureDeadline() {
        return flaggedAt.plus(LegalConstants.MINOR_ERASURE_WITHIN);
    }
}
