package ai.kaptura.domain.consent;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;

/** The two purposes a person consents to separately, each with its own unticked box (R4). */
@Implements(Rule.R4)
public enum ConsentPurpose {
    /** (a) Processing the selfies to train a personal model of the person's face. */
    BIOMETRIC_PROCESSING,
    /** (b) Disclosing the selfies to the AI vendor who trains and runs that model. */
    VENDOR_DISCLOSURE
}
