package ai.kaptura.domain.policy;

import ai.kaptura.domain.consent.ConsentPurpose;

/** The texts a policy version shows a person, each of which they act on separately. */
public enum NoticeKind {
    /** Consent purpose (a): training a personal model from the selfies. */
    BIOMETRIC_PROCESSING,
    /** Consent purpose (b): disclosing the selfies to the AI vendor. */
    VENDOR_DISCLOSURE,
    /** The 18+ attestation. */
    ADULT_ATTESTATION,
    /** The privacy policy itself. */
    PRIVACY_POLICY;

    public static NoticeKind forPurpose(ConsentPurpose purpose) {
        return switch (purpose) {
            case BIOMETRIC_PROCESSING -> BIOMETRIC_PROCESSING;
            case VENDOR_DISCLOSURE -> VENDOR_DISCLOSURE;
        };
    }
}
