package ai.kaptura.domain.audit;

/** Every kind of processing step the audit log records. */
public enum AuditAction {
    ACCOUNT_OPENED,
    SIGN_IN_CODE_SENT,
    SIGNED_IN,
    /** Sessions of an account were ended at once: sign-out everywhere, an address change, erasure (R47). */
    SESSIONS_ENDED,
    /** The old address was told that the account's address changed (R47). */
    ADDRESS_CHANGE_ANNOUNCED,
    EMAIL_RECTIFIED,
    AGE_ATTESTED,
    ORDER_CREATED,
    SELFIE_UPLOADED,
    SELFIE_REMOVED,
    /** A selfie was measured on our server for photo-quality advice; only the advice flags were kept (R51). */
    PHOTO_ADVICE_COMPUTED,
    CONSENT_GRANTED,
    CONSENT_REFUSED,
    CONSENT_WITHDRAWN,
    CHECKOUT_STARTED,
    CHECKOUT_ABANDONED,
    PAYMENT_CONFIRMED,
    /** A payment named an order but was not made on its checkout for the amount asked: it did not pay the order. */
    PAYMENT_NOT_MATCHED,
    PAYMENT_REFUNDED,
    REFUND_REQUESTED,
    PROCESSING_BLOCKED,
    SELFIES_SENT_TO_VENDOR,
    MODEL_TRAINED,
    HEADSHOT_STORED,
    ORDER_DELIVERED,
    ORDER_FAILED,
    ORDER_CANCELLED,
    SELFIE_DELETION_DUE,
    SELFIE_DELETED,
    MODEL_DELETION_REQUESTED,
    MODEL_DELETION_CONFIRMED,
    /** Written every sweep for a model unconfirmed at 30 days before R49; kept so older entries still read. */
    MODEL_DELETION_ALARM,
    /** A promise at risk raised its alarm (R49). */
    ALARM_RAISED,
    /** A promise no longer at risk: its alarm cleared (R49). */
    ALARM_CLEARED,
    HEADSHOT_DELETED,
    /** A photo no selfie or headshot accounted for was deleted from the vault (R10). */
    ORPHAN_PHOTO_DELETED,
    DATA_EXPORTED,
    PRIVACY_REQUEST_RECEIVED,
    PRIVACY_REQUEST_EXTENDED,
    PRIVACY_REQUEST_COMPLETED,
    PRIVACY_REQUEST_REFUSED,
    ERASURE_LOCATION_CLOSED,
    ACCOUNT_ERASED,
    /** The database removed the old versions of an erasure's rows from its own files (R27). */
    ERASED_DATA_PURGED,
    MINOR_FLAGGED,
    COOKIE_CHOICE_RECORDED,
    POLICY_PUBLISHED,
    RECTIFICATION_PROPAGATED,
    EMAIL_SENT,
    RETENTION_APPLIED,
    /** An operator signed in to the desk (R50). */
    OPERATOR_SIGNED_IN,
    /** An operator asked for a fresh code to confirm a destructive action (R50). */
    OPERATOR_CODE_SENT,
    /** An operator ran a failing or dead job again (R50). */
    JOB_RETRIED,
    /** An operator placed a legal hold on an account (R11). */
    LEGAL_HOLD_PLACED,
    /** An operator lifted a legal hold; what it kept and is due is deleted (R11). */
    LEGAL_HOLD_LIFTED,
    /** A deletion that was due waits, because a legal hold keeps what it would delete (R11). */
    DELETION_HELD,
    /** What a legal hold kept through an erasure was erased once the hold was lifted (R11, R27). */
    HELD_DATA_ERASED,
    /**
     * Audit entries older than the schedule keeps them were removed up to a cut, after a checkpoint of the cut was
     * signed; its details name the cut's sequence and hash, which the pruned chain is verified from (R12, R46).
     */
    AUDIT_PRUNED
}
