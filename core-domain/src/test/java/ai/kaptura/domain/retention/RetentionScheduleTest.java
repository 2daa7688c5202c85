package ai.kaptura.domain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The public schedule is rendered from the executed policy and every data category has a rule: R12 (and R16 for kept data). */
class RetentionScheduleTest {

    private final RetentionPolicy policy = RetentionPolicy.standard(Duration.ZERO);

    @ParameterizedTest
    @EnumSource(DataCategory.class)
    @Tag("R12")
    void a_data_category_without_a_rule_is_an_error(DataCategory left) {
        List<RetentionRule> without =
                policy.rules().stream().filter(r -> r.category() != left).toList();

        assertThatThrownBy(() -> new RetentionPolicy(without))
                .isInstanceOf(DomainViolation.class)
                .hasMessageContaining(left.name());
    }

    @Test
    @Tag("R12")
    void every_data_category_has_at_least_one_rule() {
        assertThat(DataCategory.values())
                .allSatisfy(c -> assertThat(policy.rulesFor(c)).isNotEmpty());
    }

    @Test
    @Tag("R12")
    void the_retention_schedule_lists_every_category_in_order() {
        RetentionSchedule schedule = policy.schedule();

        assertThat(schedule.entries())
                .extracting(RetentionSchedule.Entry::category)
                .containsExactly(DataCategory.values());
        assertThat(schedule.entries()).allSatisfy(e -> {
            assertThat(e.label()).isEqualTo(e.category().label());
            assertThat(e.biometric()).isEqualTo(e.category().isBiometric());
            assertThat(e.lines()).hasSameSizeAs(policy.rulesFor(e.category()));
        });
        String text = schedule.asText();
        assertThat(Arrays.stream(DataCategory.values()).map(DataCategory::label))
                .allSatisfy(label -> assertThat(text).contains(label));
    }

    @Test
    @Tag("R12")
    @Tag("R10")
    @Tag("R11")
    void the_schedule_says_selfies_go_at_once_after_delivery_and_at_most_three_years_after_the_last_interaction() {
        RetentionSchedule.Entry selfies = policy.schedule().entries().getFirst();

        assertThat(selfies.category()).isEqualTo(DataCategory.SELFIE);
        assertThat(selfies.lines())
                .contains(
                        "Deleted at once after the headshots are delivered (R10)",
                        "Deleted at most 7 days after an unpaid order was last touched (R10)",
                        "Deleted at most 3 years after your last interaction (R11)");
        String text = policy.schedule().asText();
        assertThat(text).contains("Selfies you uploaded [biometric]");
        assertThat(text).contains("at once").contains("3 years");
    }

    @Test
    @Tag("R12")
    void the_schedule_follows_the_configured_margin() {
        RetentionPolicy withMargin = RetentionPolicy.standard(Duration.ofHours(6));

        assertThat(withMargin.schedule().entries().getFirst().lines())
                .contains("Deleted at most 6 hours after the headshots are delivered (R10)")
                .doesNotContain("Deleted at once after the headshots are delivered (R10)");
        assertThat(withMargin.schedule().asText())
                .isNotEqualTo(policy.schedule().asText());
    }

    @Test
    @Tag("R12")
    @Tag("R16")
    void data_kept_by_a_processor_is_listed_with_its_legal_basis_and_never_made_due_by_us() {
        RetentionSchedule.Entry payments = policy.schedule().entries().stream()
                .filter(e -> e.category() == DataCategory.PAYMENT_RECORD)
                .findFirst()
                .orElseThrow();

        assertThat(payments.lines())
                .singleElement()
                .asString()
                .startsWith("Kept by the processor at most 10 years after it is created; basis: ")
                .contains("GDPR Art. 17(3)(b)");
        RetentionFacts created = RetentionFacts.none().and(Trigger.CREATED, Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(policy.verdict(DataCategory.PAYMENT_RECORD, created))
                .isInstanceOf(RetentionPolicy.Verdict.NotTriggered.class);
        assertThatThrownBy(() -> new RetentionRule(
                        DataCategory.PAYMENT_RECORD,
                        Trigger.CREATED,
                        RetentionPeriod.of(Period.ofYears(10)),
                        Action.RETAINED_BY_PROCESSOR,
                        List.of(Rule.R16),
                        Optional.empty()))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R12")
    void the_scheduler_and_the_schedule_read_the_same_rules() {
        Instant created = Instant.parse("2026-03-15T10:00:00Z");
        RetentionFacts facts = RetentionFacts.none().and(Trigger.CREATED, created);

        assertThat(policy.dueAt(DataCategory.SIGN_IN_CODE, facts)).contains(created.plus(Duration.ofDays(1)));
        assertThat(policy.dueAt(DataCategory.COOKIE_CHOICE, facts)).contains(Instant.parse("2027-03-15T10:00:00Z"));
        assertThat(policy.triggeredBefore(
                        DataCategory.COOKIE_CHOICE, Trigger.CREATED, Instant.parse("2027-03-15T10:00:00Z")))
                .isEqualTo(created);
        assertThat(policy.triggeredBefore(DataCategory.SESSION, Trigger.ENDED, created))
                .isEqualTo(created);
        assertThat(policy.schedule().asText())
                .contains("Deleted at most 1 day after it is created (R12)")
                .contains("Deleted at most 12 months after it is created (R41)");
        assertThatThrownBy(() -> policy.triggeredBefore(DataCategory.SELFIE, Trigger.CREATED, created))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R12")
    @Tag("R47")
    void rate_limit_counters_go_when_their_window_lapses_and_at_most_a_day_after_the_last_attempt_they_count() {
        Instant lastAttempt = Instant.parse("2026-03-15T10:00:00Z");
        Instant lapses = lastAttempt.plus(Duration.ofMinutes(15));

        assertThat(policy.dueAt(
                        DataCategory.RATE_LIMIT_COUNTER,
                        RetentionFacts.none()
                                .and(Trigger.LAST_ATTEMPT, lastAttempt)
                                .and(Trigger.WINDOW_LAPSED, lapses)))
                .contains(lapses);
        assertThat(policy.dueAt(
                        DataCategory.RATE_LIMIT_COUNTER, RetentionFacts.none().and(Trigger.LAST_ATTEMPT, lastAttempt)))
                .as("whatever the window, never later than")
                .contains(lastAttempt.plus(LegalConstants.RATE_LIMIT_LONGEST_WINDOW));
        assertThat(policy.triggeredBefore(DataCategory.RATE_LIMIT_COUNTER, Trigger.WINDOW_LAPSED, lapses))
                .isEqualTo(lapses);
        assertThat(policy.schedule().entries().stream()
                        .filter(e -> e.category() == DataCategory.RATE_LIMIT_COUNTER)
                        .findFirst()
                        .orElseThrow()
                        .lines())
                .containsExactly(
                        "Deleted at once after its counting window lapses (R12, R47)",
                        "Deleted at most 1 day after the last attempt it counts (R12, R47)");
    }

    @Test
    @Tag("R12")
    void a_retention_rule_names_the_rule_it_keeps_and_a_period_is_one_kind() {
        assertThatThrownBy(() -> new RetentionRule(
                        DataCategory.SELFIE,
                        Trigger.CREATED,
                        RetentionPeriod.AT_ONCE,
                        Action.DELETE,
                        List.of(),
                        Optional.empty()))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new RetentionPeriod(Duration.ofDays(1), Period.ofDays(1)))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> RetentionPeriod.of(Duration.ofDays(-1))).isInstanceOf(DomainViolation.class);
        assertThat(RetentionPeriod.of(Duration.ofMinutes(15)).describe()).isEqualTo("15 minutes");
        assertThat(RetentionPeriod.of(Duration.ofHours(24)).describe()).isEqualTo("1 day");
        assertThat(RetentionPeriod.of(Period.ofMonths(6)).describe()).isEqualTo("6 months");
    }
}
