package ai.kaptura.domain.order;

import ai.kaptura.domain.shared.Checks;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a person buys: how many headshots, how many styles they may pick from the plan's list, and
 * the price.
 */
public record Plan(PlanId id, String name, int headshots, int maxStyles, Money price, List<Style> styles) {

    public Plan {
        Objects.requireNonNull(id, "plan id");
        Checks.text(name, "plan name", 80);
        Objects.requireNonNull(price, "price");
        styles = List.copyOf(styles);
        if (headshots < 1 || headshots > 200) {
            throw new DomainViolation("Plan " + id + " must promise between 1 and 200 headshots");
        }
        if (maxStyles < 1 || maxStyles > styles.size()) {
            throw new DomainViolation("Plan " + id + " lets a person pick 1 to " + styles.size() + " styles");
        }
        if (styles.stream().map(Style::id).distinct().count() != styles.size()) {
            throw new DomainViolation("Plan " + id + " lists a style twice");
        }
    }

    /** The person's pick of styles, checked against this plan. */
    public Result<List<StyleId>> choose(List<StyleId> picked) {
        Set<StyleId> unique = new LinkedHashSet<>(picked);
        if (unique.isEmpty()) {
            return Result.refused(Rejection.Reason.UNKNOWN_STYLE, "Pick at least one style");
        }
        if (unique.size() > maxStyles) {
            return Result.refused(
                    Rejection.Reason.UNKNOWN_STYLE,
                    "The " + name + " plan includes at most " + maxStyles + " styles; " + unique.size()
                            + " were picked");
        }
        for (StyleId style : unique) {
            if (styles.stream().noneMatch(s -> s.id().equals(style))) {
                return Result.refused(
                        Rejection.Reason.UNKNOWN_STYLE, "The " + name + " plan has no style '" + style + "'");
            }
        }
        return Result.ok(List.copyOf(unique));
    }

    public Style style(StyleId id) {
        return styles.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new DomainViolation("Plan " + this.id + " has no style " + id));
    }
}
