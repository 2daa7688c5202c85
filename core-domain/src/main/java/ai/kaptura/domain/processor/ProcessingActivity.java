package ai.kaptura.domain.processor;

import ai.kaptura.domain.retention.DataCategory;
import java.util.EnumSet;
import java.util.Set;

/** What Kaptura does with personal data, activity by activity, with the lawful basis of each. */
public enum ProcessingActivity {
    ACCOUNT_AND_SIGN_IN(
            "Signing a person in by email and keeping their account",
            "Contract, GDPR Art. 6(1)(b)",
            EnumSet.of(DataCategory.ACCOUNT, DataCategory.SIGN_IN_CODE, DataCategory.SESSION)),
    HEADSHOT_PRODUCTION(
            "Training a personal model from the person's selfies and generating their headshots",
            "Explicit consent, GDPR Art. 9(2)(a) and Art. 6(1)(a); BIPA 15(b) written release",
            EnumSet.of(DataCategory.SELFIE, DataCategory.VENDOR_MODEL, DataCategory.HEADSHOT, DataCategory.ORDER)),
    PAYMENT(
            "Taking payment for an order and refunding it",
            "Contract, GDPR Art. 6(1)(b); legal obligation for bookkeeping, Art. 6(1)(c)",
            EnumSet.of(DataCategory.ORDER, DataCategory.PAYMENT_RECORD)),
    ABUSE_PREVENTION(
            "Limiting how often one network address, email address or account may try to sign in and make other requests,"
                    + " so that codes cannot be guessed and nobody is flooded with email",
            "Legitimate interest in the security of accounts and of the service, GDPR Art. 6(1)(f) with Art. 32",
            EnumSet.of(DataCategory.RATE_LIMIT_COUNTER)),
    TRANSACTIONAL_EMAIL(
            "Sending sign-in codes and order and privacy-request messages",
            "Contract, GDPR Art. 6(1)(b)",
            EnumSet.of(DataCategory.ACCOUNT)),
    CONSENT_PROOF(
            "Proving which consent was given to which text",
            "Legal obligation, GDPR Art. 6(1)(c) with Art. 7(1)",
            EnumSet.of(DataCategory.CONSENT_RECORD)),
    PRIVACY_REQUESTS(
            "Answering requests to exercise data protection rights",
            "Legal obligation, GDPR Art. 6(1)(c) with Art. 12",
            EnumSet.of(DataCategory.PRIVACY_REQUEST)),
    COOKIE_CHOICES(
            "Remembering a visitor's cookie choice, and measuring site use only after opt-in",
            "Consent, ePrivacy Art. 5(3) and GDPR Art. 6(1)(a)",
            EnumSet.of(DataCategory.COOKIE_CHOICE)),
    ACCOUNTABILITY(
            "Keeping a tamper-evident audit log of every processing step",
            "Legal obligation, GDPR Art. 6(1)(c) with Art. 5(2) and Art. 30",
            EnumSet.of(DataCategory.AUDIT_ENTRY));

    private final String purpose;
    private final String lawfulBasis;
    private final Set<DataCategory> categories;

    ProcessingActivity(String purpose, String lawfulBasis, Set<DataCategory> categories) {
        this.purpose = purpose;
        this.lawfulBasis = lawfulBasis;
        this.categories = categories;
    }

    public String purpose() {
        return purpose;
    }

    public String lawfulBasis() {
        return lawfulBasis;
    }

    public Set<DataCategory> categories() {
        return EnumSet.copyOf(categories);
    }

    /** Every category is covered by some activity; a test holds this true as categories are added. */
    public static Set<DataCategory> coveredCategories() {
        Set<DataCategory> all = EnumSet.noneOf(DataCategory.class);
        for (ProcessingActivity a : values()) {
            all.addAll(a.categories);
        }
        return all;
    }
}
