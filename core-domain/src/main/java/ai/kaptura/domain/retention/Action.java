package ai.kaptura.domain.retention;

/** What happens to data when its rule is due. */
public enum Action {
    /** Deleted (and, for photos, its data key destroyed). */
    DELETE("deleted"),
    /** Stripped of everything that identifies the person; a pseudonymous tombstone stays (R6). */
    PSEUDONYMISE("reduced to a pseudonymous tombstone"),
    /** Kept by a processor under a legal obligation; listed with its basis, never executed by us (R16). */
    RETAINED_BY_PROCESSOR("kept by the processor");

    private final String pastTense;

    Action(String pastTense) {
        this.pastTense = pastTense;
    }

    public String pastTense() {
        return pastTense;
    }
}
