package ai.kaptura.ports.out;

/** The durable jobs the pipeline and the retention rules run on. */
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
    /** Refund a payment whose order ended without delivery. */
    REFUND_PAYMENT,
    /** Send one email. */
    SEND_EMAIL,
    /** Work through an erasure checklist. */
    ERASE_ACCOUNT,
    /** Pass a rectified email address on to the processors that hold it (R26). */
    PROPAGATE_RECTIFICATION,
    /** After an erasure, remove the old versions of the erased rows from the database's own files (R27). */
    PURGE_ERASED_DATA
}
