package ai.kaptura.domain.retention;

/** The events a retention rule counts from. */
public enum Trigger {
    /** The data came into existence. */
    CREATED("after it is created"),
    /** The order's headshots were delivered: the selfies' purpose is satisfied. */
    HEADSHOTS_DELIVERED("after the headshots are delivered"),
    /** The order failed, was cancelled or refunded before delivery: the purpose ended. */
    ORDER_ENDED_UNDELIVERED("after the order fails, is cancelled or refunded"),
    /** A draft (or an unpaid checkout) was last touched by its owner. */
    DRAFT_LAST_ACTIVITY("after an unpaid order was last touched"),
    /** The person withdrew their biometric consent. */
    CONSENT_WITHDRAWN("after consent is withdrawn"),
    /** The person asked for erasure of their account. */
    ERASURE_REQUESTED("after erasure is requested"),
    /** The account was flagged as a minor's. */
    MINOR_FLAGGED("after the account is flagged as a minor's"),
    /** The vendor finished training the personal model (or was asked to, if training never finished). */
    MODEL_TRAINED("after the model is trained (or requested, if training never finished)"),
    /** The person's last interaction with Kaptura. */
    LAST_INTERACTION("after your last interaction"),
    /** The sign-in session ended (logout or expiry). */
    ENDED("after it ends"),
    /** The privacy request was completed or refused. */
    CLOSED("after it is closed"),
    /** The window a rate-limit counter counts in has passed: the counter is full again and tells nothing new. */
    WINDOW_LAPSED("after its counting window lapses"),
    /** A rate-limit counter last counted an attempt. */
    LAST_ATTEMPT("after the last attempt it counts");

    private final String phrase;

    Trigger(String phrase) {
        this.phrase = phrase;
    }

    /** The trigger as the schedule reads it, e.g. "after the headshots are delivered". */
    public String phrase() {
        return phrase;
    }
}
