package ai.kaptura.domain.privacy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.List;

/** The rights a person has, as the privacy page and every access report state them. */
@Implements({Rule.R22, Rule.R24, Rule.R25})
public final class Rights {

    private Rights() {}

    public static final List<String> STATEMENTS = List.of(
            "Access: a copy of all data we hold about you, with this information, from your privacy page.",
            "Rectification: correct your email address; the change reaches every processor that holds it.",
            "Erasure: delete your account and everything in it, at us and at every processor.",
            "Withdrawal: withdraw your biometric consent in one click; it stops all processing of your selfies at once.",
            "Portability: download the data you gave us as JSON with your original files and their SHA-256 hashes.",
            "Every request is free of charge, and a request made online is answered online.",
            "We answer within one month; if we need longer, we tell you why within that month (at most two more months).");

    /** GDPR Art. 15(1)(h): nothing Kaptura does decides about a person with legal or similar effect. */
    public static final String AUTOMATED_DECISIONS =
            "No decision based solely on automated processing, including profiling, produces legal or similarly "
                    + "significant effects for you. The AI model only draws your headshots.";

    /** GDPR Art. 15(1)(g): where the data came from. */
    public static final String SOURCE =
            "All data comes from you, or is produced from it (headshots, the model trained on your selfies).";
}
