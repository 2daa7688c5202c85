package ai.kaptura.domain.biometric;

import ai.kaptura.domain.rule.Rule;

/** Why biometric (or other personal) data was deleted, each tied to the rule that demanded it. */
public enum DeletionReason {
    HEADSHOTS_DELIVERED(Rule.R10),
    ORDER_ENDED_UNDELIVERED(Rule.R10),
    DRAFT_ABANDONED(Rule.R10),
    REMOVED_BY_PERSON(Rule.R10),
    CONSENT_WITHDRAWN(Rule.R7),
    ACCOUNT_ERASED(Rule.R27),
    MINOR_FLAGGED(Rule.R42),
    ABSOLUTE_CAP_REACHED(Rule.R11),
    VENDOR_MODEL_MAX_AGE(Rule.R14),
    /** A photo the vault held that no selfie or headshot accounts for: its upload or copy never committed. */
    ORPHANED(Rule.R10);

    private final Rule rule;

    DeletionReason(Rule rule) {
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
