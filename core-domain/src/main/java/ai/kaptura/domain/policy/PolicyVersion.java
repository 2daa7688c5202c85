package ai.kaptura.domain.policy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.InvalidInput;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A published version of the privacy policy with the exact notices it shows. A version marked
 * {@code materialForBiometrics} changes what a person agreed to about their face: consents given under
 * earlier versions become stale and processing waits until the person consents again (R9).
 *
 * <p>Every version carries, in each of its languages, all {@link NoticeKind}s: the two consent
 * purposes are never merged into one text (R4).
 */
@Implements({Rule.R4, Rule.R6, Rule.R9})
public record PolicyVersion(
        NoticeVersion version,
        Instant effectiveAt,
        boolean materialForBiometrics,
        String summaryOfChanges,
        List<Notice> notices) {

    public PolicyVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(effectiveAt, "effective at");
        Checks.text(summaryOfChanges, "summary of changes", 2_000);
        notices = List.copyOf(notices);
        Set<Language> languages = new HashSet<>();
        notices.forEach(n -> languages.add(n.language()));
        if (languages.isEmpty()) {
            throw new InvalidInput("Policy version " + version + " has no notices");
        }
        for (Language language : languages) {
            Set<NoticeKind> kinds = EnumSet.noneOf(NoticeKind.class);
            for (Notice n : notices) {
                if (n.language().equals(language) && !kinds.add(n.kind())) {
                    throw new InvalidInput(
                            "Policy version " + version + " has two " + n.kind() + " notices in " + language);
                }
            }
            Set<NoticeKind> missing = EnumSet.allOf(NoticeKind.class);
            missing.removeAll(kinds);
            if (!missing.isEmpty()) {
                throw new InvalidInput("Policy version " + version + " lacks notices " + missing + " in " + language);
            }
        }
    }

    public Optional<Notice> notice(NoticeKind kind, Language language) {
        return notices.stream()
                .filter(n -> n.kind() == kind && n.language().equals(language))
                .findFirst();
    }

    public Set<Language> languages() {
        Set<Language> languages = new LinkedHashSet<>();
        notices.forEach(n -> languages.add(n.language()));
        return languages;
    }

    public boolean isEffectiveAt(Instant now) {
        return !effectiveAt.isAfter(now);
    }
}
