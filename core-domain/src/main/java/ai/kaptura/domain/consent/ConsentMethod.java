package ai.kaptura.domain.consent;

/** How a consent decision was expressed (R5). */
public enum ConsentMethod {
    /** An unticked box the person ticked (or left unticked) on the checkout page. */
    CHECKBOX_AT_CHECKOUT,
    /** The renewal box shown on the order page after a material policy change (R9). */
    CHECKBOX_AT_RENEWAL,
    /** The one-click withdrawal on the privacy page (R7). */
    WITHDRAWAL_ON_PRIVACY_PAGE,
    /** A withdrawal that came by email or post, recorded at the operator's desk and in effect at once (R7, R50). */
    WITHDRAWAL_RECORDED_BY_OPERATOR,
    /** Withdrawal implied by the person's erasure request. */
    ERASURE_REQUEST,
    /** Processing stopped because the account was flagged as a minor's (R42). */
    MINOR_FLAG
}
