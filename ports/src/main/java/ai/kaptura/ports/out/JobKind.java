package ai.kaptura.ports.out;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;

/**
 * The durable jobs the pipeline and the retention rules run on. The jobs that delete, erase or refund keep a
 * promise made to a person and never give up (R48); the others give up after {@link JobRetries#retries()}
 * retries and wait, dead, for an operator.
 */
@Implements(Rule.R48)
public enum JobKind {
    /** Send a paid order's selfies to the generator and start training. */
    SUBMIT_TRAINING,
    /** Ask the generator for the headshots of a trained model. */
    REQUEST_GENERATION,
    /** Copy generated images into our vault, mark them, and deliver the order. */
    COLLECT_HEADSHOTS,
    /** Delete an order's selfies that are due for deletion, with evidence. */
    DELETE_SELFIES,
    /** Ask the vendor to delete a model, and confirm it is gone. */
    DELETE_VENDOR_MODEL,
    /**
     * Ask the vendor to delete a model no order holds (trained for an order erased before it learned of the model), and
     * confirm it is gone.
     */
    DELETE_UNCLAIMED_MODEL,
    /** Refund a payment whose order ended without delivery. */
    REFUND_PAYMENT,
    /** Send one email. */
    SEND_EMAIL,
    /** Work through an erasure checklist. */
    ERASE_ACCOUNT,
    /** Pass a rectified email address on to the processors that hold it (R26). */
    PROPAGATE_RECTIFICATION,
    /** One step of an order held for renewed consent: tell the person, remind them, or cancel the order (R9). */
    CONSENT_HOLD,
    /** After an erasure, remove the old versions of the erased rows from the database's own files (R27). */
    PURGE_ERASED_DATA,
    /**
     * Compute the photo-quality advice of one stored selfie of a draft, after its upload was answered (R51). Advice is
     * optional: the job gives up after the usual retries, and an analysis that cannot run ends it without advice.
     */
    ADVISE_SELFIE;

    /**
     * R48: whether the job deletes, erases or refunds, and so is retried without limit (never more than
     * {@link ai.kaptura.domain.rule.LegalConstants#RETRY_AT_LEAST_EVERY} apart) instead of giving up. A consent hold's
     * cancellation refunds and deletes through jobs of those kinds, so the hold's own step keeps the usual limit; the
     * purge of erased rows is part of the erasure.
     */
    /**
     * What an operator's retry of a job of this kind is (R50): running an erasure, or the purge of its rows, again
     * deletes a person's data, and asks for a fresh code; any other retry does not.
     */
    public ai.kaptura.domain.operator.DeskAction operatorRetry() {
        return this == ERASE_ACCOUNT || this == PURGE_ERASED_DATA
                ? ai.kaptura.domain.operator.DeskAction.RETRY_ERASURE
                : ai.kaptura.domain.operator.DeskAction.RETRY_JOB;
    }

    public boolean neverGivesUp() {
        return switch (this) {
            case DELETE_SELFIES,
                    DELETE_VENDOR_MODEL,
                    DELETE_UNCLAIMED_MODEL,
                    REFUND_PAYMENT,
                    ERASE_ACCOUNT,
                    PURGE_ERASED_DATA -> true;
            case SUBMIT_TRAINING,
                    REQUEST_GENERATION,
                    COLLECT_HEADSHOTS,
                    SEND_EMAIL,
                    PROPAGATE_RECTIFICATION,
                    CONSENT_HOLD,
                    ADVISE_SELFIE -> false;
        };
    }
}
