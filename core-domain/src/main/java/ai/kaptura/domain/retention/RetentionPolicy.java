package ai.kaptura.domain.retention;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The retention schedule as data. The same object decides what is due at an instant (the scheduler
 * executes it) and renders the schedule people and auditors read (R12). It refuses to exist if any
 * {@link DataCategory} lacks a rule.
 *
 * <p>Data is due at the earliest instant any of its category's rules makes it due (so the 3-year
 * biometric cap applies even if a purpose never ends, R11); a {@link LegalHold} suspends it.
 */
@Implements({Rule.R10, Rule.R11, Rule.R12, Rule.R14, Rule.R15, Rule.R16})
public final class RetentionPolicy {

    private final List<RetentionRule> rules;

    public RetentionPolicy(List<RetentionRule> rules) {
        this.rules = List.copyOf(rules);
        Set<DataCategory> uncovered = EnumSet.allOf(DataCategory.class);
        this.rules.forEach(r -> uncovered.remove(r.category()));
        if (!uncovered.isEmpty()) {
            throw new DomainViolation("No retention rule for " + uncovered + ": every data category needs one (R12)");
        }
    }

    /**
     * Kaptura's schedule.
     *
     * @param selfieMargin how long after delivery selfies may linger (default zero, at most 24 hours, R10)
     */
    public static RetentionPolicy standard(Duration selfieMargin) {
        if (selfieMargin.isNegative() || selfieMargin.compareTo(LegalConstants.SELFIE_DELETION_MAX_MARGIN) > 0) {
            throw new DomainViolation("The selfie deletion margin is between 0 and "
                    + LegalConstants.SELFIE_DELETION_MAX_MARGIN.toHours() + " hours (R10), not " + selfieMargin);
        }
        RetentionPeriod now = RetentionPeriod.AT_ONCE;
        RetentionPeriod cap = RetentionPeriod.of(LegalConstants.BIOMETRIC_ABSOLUTE_CAP);
        RetentionPeriod margin = RetentionPeriod.of(selfieMargin);
        RetentionPeriod abandoned = RetentionPeriod.of(LegalConstants.ABANDONED_DRAFT_AFTER);
        RetentionPeriod modelMaxAge = RetentionPeriod.of(LegalConstants.VENDOR_MODEL_MAX_AGE);
        RetentionPeriod longestWindow = RetentionPeriod.of(LegalConstants.RATE_LIMIT_LONGEST_WINDOW);
        List<RetentionRule> all = new ArrayList<>(List.of(
                RetentionRule.delete(DataCategory.SELFIE, Trigger.HEADSHOTS_DELIVERED, margin, Rule.R10),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.ORDER_ENDED_UNDELIVERED, now, Rule.R10),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.DRAFT_LAST_ACTIVITY, abandoned, Rule.R10),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.CONSENT_WITHDRAWN, now, Rule.R7),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.ERASURE_REQUESTED, now, Rule.R27),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.MINOR_FLAGGED, now, Rule.R42),
                RetentionRule.delete(DataCategory.SELFIE, Trigger.LAST_INTERACTION, cap, Rule.R11),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.HEADSHOTS_DELIVERED, now, Rule.R14),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.ORDER_ENDED_UNDELIVERED, now, Rule.R14),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.CONSENT_WITHDRAWN, now, Rule.R7, Rule.R14),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.ERASURE_REQUESTED, now, Rule.R14, Rule.R27),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.MINOR_FLAGGED, now, Rule.R42),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.MODEL_TRAINED, modelMaxAge, Rule.R14),
                RetentionRule.delete(DataCategory.VENDOR_MODEL, Trigger.LAST_INTERACTION, cap, Rule.R2, Rule.R11),
                RetentionRule.delete(DataCategory.HEADSHOT, Trigger.ERASURE_REQUESTED, now, Rule.R15),
                RetentionRule.delete(DataCategory.HEADSHOT, Trigger.MINOR_FLAGGED, now, Rule.R42),
                RetentionRule.delete(DataCategory.ACCOUNT, Trigger.ERASURE_REQUESTED, now, Rule.R16),
                RetentionRule.delete(DataCategory.ACCOUNT, Trigger.MINOR_FLAGGED, now, Rule.R42),
                RetentionRule.delete(DataCategory.ORDER, Trigger.ERASURE_REQUESTED, now, Rule.R27),
                RetentionRule.delete(DataCategory.ORDER, Trigger.MINOR_FLAGGED, now, Rule.R42),
                RetentionRule.pseudonymise(
                        DataCategory.CONSENT_RECORD, Trigger.ERASURE_REQUESTED, now, Rule.R6, Rule.R27),
                RetentionRule.pseudonymise(DataCategory.CONSENT_RECORD, Trigger.MINOR_FLAGGED, now, Rule.R6, Rule.R42),
                RetentionRule.delete(
                        DataCategory.SIGN_IN_CODE, Trigger.CREATED, RetentionPeriod.of(Duration.ofDays(1)), Rule.R12),
                RetentionRule.delete(DataCategory.SESSION, Trigger.ENDED, now, Rule.R12),
                RetentionRule.delete(DataCategory.RATE_LIMIT_COUNTER, Trigger.WINDOW_LAPSED, now, Rule.R12, Rule.R47),
                RetentionRule.delete(
                        DataCategory.RATE_LIMIT_COUNTER, Trigger.LAST_ATTEMPT, longestWindow, Rule.R12, Rule.R47),
                RetentionRule.delete(
                        DataCategory.COOKIE_CHOICE, Trigger.CREATED, RetentionPeriod.of(Period.ofMonths(12)), Rule.R41),
                RetentionRule.delete(
                        DataCategory.PRIVACY_REQUEST,
                        Trigger.CLOSED,
                        RetentionPeriod.of(Period.ofYears(3)),
                        Rule.R20,
                        Rule.R27),
                RetentionRule.delete(
                        DataCategory.AUDIT_ENTRY, Trigger.CREATED, RetentionPeriod.of(Period.ofYears(6)), Rule.R46),
                new RetentionRule(
                        DataCategory.PAYMENT_RECORD,
                        Trigger.CREATED,
                        RetentionPeriod.of(Period.ofYears(10)),
                        Action.RETAINED_BY_PROCESSOR,
                        List.of(Rule.R16),
                        Optional.of("the payment processor's statutory bookkeeping and anti-money-laundering duties"
                                + " (GDPR Art. 17(3)(b))"))));
        return new RetentionPolicy(all);
    }

    public List<RetentionRule> rules() {
        return rules;
    }

    public List<RetentionRule> rulesFor(DataCategory category) {
        return rules.stream().filter(r -> r.category() == category).toList();
    }

    /** What this policy says of one piece of data, given what has happened to it. */
    public Verdict verdict(DataCategory category, RetentionFacts facts) {
        Optional<Verdict.DueAt> earliest = rulesFor(category).stream()
                .filter(r -> r.action() != Action.RETAINED_BY_PROCESSOR)
                .flatMap(r -> facts
                        .when(r.trigger())
                        .map(at -> new Verdict.DueAt(r.maxAge().after(at), r))
                        .stream())
                .min(Comparator.comparing(Verdict.DueAt::at));
        if (earliest.isEmpty()) {
            return new Verdict.NotTriggered();
        }
        if (facts.hold().isPresent()) {
            return new Verdict.Held(
                    facts.hold().get(), earliest.get().at(), earliest.get().rule());
        }
        return earliest.get();
    }

    /** The instant the data must be gone by, if a rule has been triggered and nothing holds it. */
    public Optional<Instant> dueAt(DataCategory category, RetentionFacts facts) {
        return verdict(category, facts) instanceof Verdict.DueAt due ? Optional.of(due.at()) : Optional.empty();
    }

    public boolean isDue(DataCategory category, RetentionFacts facts, Instant now) {
        return dueAt(category, facts).map(at -> !at.isAfter(now)).orElse(false);
    }

    /**
     * For data that a single trigger makes due (sign-in codes, sessions, cookie choices): the instant
     * before which that trigger must have happened for the data to be due at {@code now}. Stores delete
     * such data with one indexed query instead of judging item by item.
     */
    public Instant triggeredBefore(DataCategory category, Trigger trigger, Instant now) {
        RetentionRule rule = rulesFor(category).stream()
                .filter(r -> r.trigger() == trigger && r.action() == Action.DELETE)
                .findFirst()
                .orElseThrow(() -> new DomainViolation("No deletion rule for " + category + " counts from " + trigger));
        RetentionPeriod age = rule.maxAge();
        return age.period().isZero()
                ? now.minus(age.duration())
                : now.atZone(ZoneOffset.UTC).minus(age.period()).toInstant();
    }

    /** The human-readable schedule, one entry per category, in the order of {@link DataCategory}. */
    public RetentionSchedule schedule() {
        List<RetentionSchedule.Entry> entries = new ArrayList<>();
        for (DataCategory category : DataCategory.values()) {
            entries.add(new RetentionSchedule.Entry(
                    category,
                    category.label(),
                    category.isBiometric(),
                    rulesFor(category).stream().map(RetentionRule::describe).toList()));
        }
        return new RetentionSchedule(entries);
    }

    /** The answer of {@link #verdict}. */
    public sealed interface Verdict {
        /** No rule of the category has been triggered yet: the data lives on. */
        record NotTriggered() implements Verdict {}

        /** The data must be gone at {@code at}, because of {@code rule} (the earliest one). */
        record DueAt(Instant at, RetentionRule rule) implements Verdict {}

        /** A legal hold suspends the rule that would otherwise have made it due (R11). */
        record Held(LegalHold hold, Instant wouldBeDueAt, RetentionRule rule) implements Verdict {}
    }
}
