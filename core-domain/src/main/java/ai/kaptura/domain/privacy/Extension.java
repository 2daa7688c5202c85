package ai.kaptura.domain.privacy;

import ai.kaptura.domain.shared.Checks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** The one extension of a request's deadline, with the reason given to the person (R20). */
public record Extension(String reason, Instant decidedAt, LocalDate newDueOn) {
    public Extension {
        Checks.text(reason, "reason for the extension", 2_000);
        Objects.requireNonNull(decidedAt, "decided at");
        Objects.requireNonNull(newDueOn, "new due day");
    }
}
