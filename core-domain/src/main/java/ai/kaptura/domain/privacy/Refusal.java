package ai.kaptura.domain.privacy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Checks;
import java.util.Objects;

/** A request turned down: always with the reasons and the right to complain (R21). */
@Implements(Rule.R21)
public record Refusal(String reasons, ComplaintRoute complaintRoute) {
    public Refusal {
        Checks.text(reasons, "reasons for the refusal", 4_000);
        Objects.requireNonNull(complaintRoute, "the right to complain must accompany a refusal (R21)");
    }
}
