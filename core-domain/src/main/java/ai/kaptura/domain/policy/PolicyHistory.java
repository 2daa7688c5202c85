package ai.kaptura.domain.policy;

import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every published policy version, in the order they take effect. Versions are never edited or
 * removed, so the exact text behind any consent stays retrievable (R6); the latest version marked
 * material for biometrics decides which consents are stale (R9).
 */
@Implements({Rule.R6, Rule.R9})
public record PolicyHistory(List<PolicyVersion> versions) {

    public PolicyHistory {
        versions = versions.stream()
                .sorted(Comparator.comparing(PolicyVersion::effectiveAt))
                .toList();
        for (int i = 1; i < versions.size(); i++) {
            if (!versions.get(i).effectiveAt().isAfter(versions.get(i - 1).effectiveAt())) {
                throw new DomainViolation("Two policy versions take effect at the same instant");
            }
        }
        if (versions.stream().map(PolicyVersion::version).distinct().count() != versions.size()) {
            throw new DomainViolation("A policy version label is used twice");
        }
    }

    public static PolicyHistory empty() {
        return new PolicyHistory(List.of());
    }

    /** The version in force at {@code now}, if any has taken effect yet. */
    public Optional<PolicyVersion> currentAt(Instant now) {
        PolicyVersion current = null;
        for (PolicyVersion v : versions) {
            if (v.isEffectiveAt(now)) {
                current = v;
            }
        }
        return Optional.ofNullable(current);
    }

    public Optional<PolicyVersion> find(NoticeVersion version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** The newest version in force at {@code now} that is material for biometric processing. */
    public Optional<PolicyVersion> latestMaterialAt(Instant now) {
        PolicyVersion latest = null;
        for (PolicyVersion v : versions) {
            if (v.isEffectiveAt(now) && v.materialForBiometrics()) {
                latest = v;
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * R9: a consent given under a version that took effect before the latest material version is
     * stale. A consent naming a version this history does not know is treated as stale too: the
     * proof of what the person read is missing.
     */
    public boolean isStale(ConsentRecord consent, Instant now) {
        Optional<PolicyVersion> givenUnder = find(consent.policyVersion());
        if (givenUnder.isEmpty()) {
            return true;
        }
        return latestMaterialAt(now)
                .map(material -> givenUnder.get().effectiveAt().isBefore(material.effectiveAt()))
                .orElse(false);
    }

    /**
     * Publishing a version: it must take effect no earlier than now (a material change never applies
     * to the past) and after every version already published, under a label not used before.
     */
    public Publication publish(PolicyVersion next, Instant now) {
        if (next.effectiveAt().isBefore(now)) {
            return new Publication.Refused(Rejection.of(
                    Rejection.Reason.POLICY_VERSION_INVALID,
                    "Version " + next.version() + " would take effect in the past (" + next.effectiveAt() + ")"));
        }
        if (find(next.version()).isPresent()) {
            return new Publication.Refused(Rejection.of(
                    Rejection.Reason.POLICY_VERSION_INVALID,
                    "Version " + next.version() + " is already published; published texts are never edited"));
        }
        if (!versions.isEmpty()
                && !next.effectiveAt().isAfter(versions.getLast().effectiveAt())) {
            return new Publication.Refused(Rejection.of(
                    Rejection.Reason.POLICY_VERSION_INVALID,
                    "Version " + next.version() + " must take effect after "
                            + versions.getLast().version()));
        }
        List<PolicyVersion> all = new ArrayList<>(versions);
        all.add(next);
        return new Publication.Published(new PolicyHistory(all), next);
    }

    /** The outcome of {@link #publish}. */
    public sealed interface Publication {
        record Published(PolicyHistory history, PolicyVersion version) implements Publication {}

        record Refused(Rejection why) implements Publication {}
    }
}
