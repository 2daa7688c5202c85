package ai.kaptura.domain.retention;

import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the retention schedule: data of {@code category} is {@code action}ed at most
 * {@code maxAge} after {@code trigger}, because of {@code rules}. A rule for data kept under a legal
 * obligation names its {@code legalBasis}.
 */
public record RetentionRule(
        DataCategory category,
        Trigger trigger,
        RetentionPeriod maxAge,
        Action action,
        List<Rule> rules,
        Optional<String> legalBasis) {

    public RetentionRule {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(maxAge, "max age");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(legalBasis, "legal basis");
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new DomainViolation("A retention rule for " + category + " names the rule it keeps");
        }
        if (action == Action.RETAINED_BY_PROCESSOR && legalBasis.isEmpty()) {
            throw new DomainViolation("Data kept by a processor for " + category + " needs its legal basis (R16)");
        }
    }

    public static RetentionRule delete(DataCategory category, Trigger trigger, RetentionPeriod maxAge, Rule... rules) {
        return new RetentionRule(category, trigger, maxAge, Action.DELETE, List.of(rules), Optional.empty());
    }

    public static RetentionRule pseudonymise(
            DataCategory category, Trigger trigger, RetentionPeriod maxAge, Rule... rules) {
        return new RetentionRule(category, trigger, maxAge, Action.PSEUDONYMISE, List.of(rules), Optional.empty());
    }

    /** A human sentence, e.g. "Deleted at once after the headshots are delivered (R10)". */
    public String describe() {
        String when = maxAge.isZero()
                ? "at once " + trigger.phrase()
                : "at most " + maxAge.describe() + " " + trigger.phrase();
        String sentence = Character.toUpperCase(action.pastTense().charAt(0))
                + action.pastTense().substring(1) + " " + when;
        String basis = legalBasis.map(b -> "; basis: " + b).orElse("");
        return sentence + basis + " ("
                + String.join(", ", rules.stream().map(Rule::id).toList()) + ")";
    }
}
