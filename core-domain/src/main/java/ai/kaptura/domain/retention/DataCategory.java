package ai.kaptura.domain.retention;

/**
 * Every kind of personal data Kaptura holds or causes a processor to hold. Adding a category without
 * a retention rule makes {@link RetentionPolicy} refuse to exist, and the build fail (R12).
 */
public enum DataCategory {
    SELFIE("Selfies you uploaded", true),
    VENDOR_MODEL("The personal model trained on your selfies at the AI vendor", true),
    HEADSHOT("Your generated headshots", false),
    ACCOUNT("Your email address and 18+ attestations", false),
    ORDER("Your orders: plan, styles, status and payment reference", false),
    CONSENT_RECORD("Your consent decisions and the exact texts they were given to", false),
    SIGN_IN_CODE("Sign-in codes and links", false),
    SESSION("Sign-in sessions", false),
    RATE_LIMIT_COUNTER(
            "Attempt counters that limit sign-in and other requests, named by a keyed hash of your network or"
                    + " email address",
            false),
    COOKIE_CHOICE("Your cookie choice", false),
    PRIVACY_REQUEST("Your privacy requests and their outcome", false),
    AUDIT_ENTRY("Audit log entries about processing of your data (pseudonymous)", false),
    PAYMENT_RECORD("Payment records at the payment processor", false);

    private final String label;
    private final boolean biometric;

    DataCategory(String label, boolean biometric) {
        this.label = label;
        this.biometric = biometric;
    }

    public String label() {
        return label;
    }

    /** Biometric data under GDPR Art. 9 and BIPA (R1, R2). */
    public boolean isBiometric() {
        return biometric;
    }
}
