package ai.kaptura.domain.advice;

import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.Objects;

/**
 * How far a new selfie's picture is from an earlier selfie of the same order, as the share of the bits in which their
 * difference hashes differ (0: the same picture at a glance; about 0.5: unrelated). The hashes themselves exist only
 * while the two are compared (R51).
 */
public record Likeness(SelfieId other, double distance) {
    public Likeness {
        Objects.requireNonNull(other, "other");
        if (!(distance >= 0) || distance > 1) {
            throw new DomainViolation("A likeness distance is between 0 and 1, not " + distance);
        }
    }
}
