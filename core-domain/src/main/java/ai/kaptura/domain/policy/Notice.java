package ai.kaptura.domain.policy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.Digest;
import java.util.Objects;

/**
 * One exact text shown to a person. Its hash goes into the consent record, so the text a consent was
 * given to can always be proved (R5) and, because published versions are never edited, retrieved (R6).
 */
@Implements({Rule.R5, Rule.R6})
public record Notice(NoticeKind kind, Language language, String text) {

    public static final int MAX_LENGTH = 20_000;

    public Notice {
        Objects.requireNonNull(kind, "notice kind");
        Objects.requireNonNull(language, "notice language");
        Checks.text(text, "notice text", MAX_LENGTH);
    }

    /** SHA-256 of the exact UTF-8 text. */
    public Digest hash() {
        return Digest.sha256(text);
    }
}
