package ai.kaptura.domain.privacy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;

/**
 * The only grounds on which data may outlive an erasure request: the exceptions of GDPR Art. 17(3), each with its
 * citation (R16, R27). A location that keeps something names one of these, never a reason in its own words; "no law
 * requires it" or "the vendor cannot delete it" is none of them.
 */
@Implements({Rule.R16, Rule.R27})
public enum RetentionGround {
    FREEDOM_OF_EXPRESSION("GDPR Art. 17(3)(a)", "exercising the right of freedom of expression and information"),
    LEGAL_OBLIGATION(
            "GDPR Art. 17(3)(b)",
            "compliance with a legal obligation under Union or Member State law, or a task carried out in the public"
                    + " interest or in the exercise of official authority"),
    PUBLIC_HEALTH(
            "GDPR Art. 17(3)(c)",
            "reasons of public interest in the area of public health (Art. 9(2)(h) and (i), 9(3))"),
    ARCHIVING_RESEARCH_STATISTICS(
            "GDPR Art. 17(3)(d)",
            "archiving in the public interest, scientific or historical research or statistics (Art. 89(1)), where erasure"
                    + " would make them impossible or seriously impair them"),
    LEGAL_CLAIMS("GDPR Art. 17(3)(e)", "the establishment, exercise or defence of legal claims");

    private final String article;
    private final String description;

    RetentionGround(String article, String description) {
        this.article = article;
        this.description = description;
    }

    /** The citation, such as {@code GDPR Art. 17(3)(b)}. */
    public String article() {
        return article;
    }

    /** What the ground covers, in the regulation's words. */
    public String description() {
        return description;
    }
}
