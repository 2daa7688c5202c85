package ai.kaptura.domain.account;

/** Where an account stands. Only an {@link #ACTIVE} account may have its data processed. */
public enum AccountStatus {
    ACTIVE,
    /** Flagged as belonging to a minor: all processing stopped, erasure due within 72 hours (R42). */
    FLAGGED_MINOR,
    /** Erasure requested and under way: no new processing, the checklist is being worked. */
    ERASING,
    /** Erased: the email is gone, only the pseudonymous id remains in evidence. */
    ERASED;

    public boolean mayProcess() {
        return this == ACTIVE;
    }
}
