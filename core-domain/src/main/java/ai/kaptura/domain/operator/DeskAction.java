package ai.kaptura.domain.operator;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;

/**
 * What an operator may do at the desk, and which of it is destructive: a destructive action (one that cannot be
 * undone, or that ends protection a person has) asks for a fresh code sent to the operator's address, whoever holds
 * the session (R50). Every action is audited with the operator's pseudonymous id and a reason of its own.
 */
@Implements(Rule.R50)
public enum DeskAction {
    /** Running a failing or dead job now; destructive when the job erases an account ({@link #RETRY_ERASURE}). */
    RETRY_JOB(false),
    /** Running an erasure job now: it deletes a person's data. */
    RETRY_ERASURE(true),
    /** Logging a privacy request that arrived by email or post (R20). */
    RECORD_REQUEST(false),
    /** The one extension of a request's deadline, with its reason (R20). */
    EXTEND_REQUEST(false),
    /** Turning a request down with reasons and the right to complain (R21). */
    REFUSE_REQUEST(true),
    /** Flagging an account as a minor's: processing stops and the account is erased within 72 hours (R42). */
    FLAG_MINOR(true),
    /** Placing a legal hold (R11). */
    PLACE_HOLD(false),
    /** Lifting a legal hold: what it kept becomes due for deletion (R11). */
    LIFT_HOLD(true);

    /** The shortest reason an operator may give: a few words a reader can follow, not "ok". */
    public static final int MIN_REASON = 10;

    /** The longest: a reason is one line of the audit log, which keeps it whole (R50). */
    public static final int MAX_REASON = 200;

    private final boolean destructive;

    DeskAction(boolean destructive) {
        this.destructive = destructive;
    }

    /** Whether the action asks for a fresh code (R50). */
    public boolean destructive() {
        return destructive;
    }

    /**
     * The reason given for an action, stripped.
     *
     * @throws InvalidInput if it is missing, shorter than {@link #MIN_REASON} or longer than {@link #MAX_REASON}, more
     *     than one line, or holds an email address (the audit log never does: name the person by request or account)
     */
    public static String reason(String given) {
        String reason = given == null ? "" : given.strip();
        if (reason.contains("@") || reason.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput(Rejection.of(
                    Rejection.Reason.INVALID_VALUE,
                    "An operator's reason is one line and holds no email address: it is kept in the audit log (R50)"));
        }
        if (reason.length() < MIN_REASON || reason.length() > MAX_REASON) {
            throw new InvalidInput(Rejection.of(
                    Rejection.Reason.INVALID_VALUE,
                    "An operator's action gives its reason in " + MIN_REASON + " to " + MAX_REASON
                            + " characters (R50)"));
        }
        return reason;
    }
}
