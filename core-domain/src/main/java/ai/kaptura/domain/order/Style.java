package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.Checks;
import java.util.Objects;

/**
 * A look for the headshots. The description is what the generator is asked for, in plain words; it
 * never carries anything about the person.
 */
public record Style(StyleId id, String title, String description) {
    public Style {
        Objects.requireNonNull(id, "style id");
        Checks.text(title, "style title", 80);
        Checks.text(description, "style description", 1_000);
    }
}
