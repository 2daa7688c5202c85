package ai.kaptura.domain.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R49: an alarm starts when its risk is first seen, lasts while it is seen, and clears only when it is surely gone. */
@Tag("R49")
class AlarmBoardTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Subject ORDER_A = Subject.of("order", "6b617074-7572-4000-8000-00000000000a");
    private static final Subject ORDER_B = Subject.of("order", "6b617074-7572-4000-8000-00000000000b");

    private static AlarmBoard.Scan scan(Promise promise, boolean complete, Subject... subjects) {
        return new AlarmBoard.Scan(
                promise,
                List.of(subjects).stream()
                        .map(s -> new AlarmBoard.Finding(promise, s, "seen"))
                        .toList(),
                complete);
    }

    /** The alarm raised at {@code T0} when a look found {@code subject} at risk of {@code promise}. */
    private static Alarm seenAtT0(Promise promise, Subject subject) {
        return Alarm.raise(promise, subject, T0, "seen");
    }

    @Test
    void a_risk_seen_for_the_first_time_starts_an_alarm_raised_now() {
        AlarmBoard.Changes changes =
                AlarmBoard.compare(List.of(), List.of(scan(Promise.ORDER_STALLED, true, ORDER_A)), T0);

        assertThat(changes.started())
                .containsExactly(new Alarm(Promise.ORDER_STALLED, ORDER_A, T0, "seen", Optional.empty()));
        assertThat(changes.cleared()).isEmpty();
        assertThat(changes.lasting()).isEmpty();
    }

    @Test
    void a_risk_seen_again_lasts_with_its_first_instant_and_starts_nothing() {
        Alarm raised = seenAtT0(Promise.ORDER_STALLED, ORDER_A);

        AlarmBoard.Changes changes = AlarmBoard.compare(
                List.of(raised), List.of(scan(Promise.ORDER_STALLED, true, ORDER_A)), T0.plus(Duration.ofHours(5)));

        assertThat(changes.started()).isEmpty();
        assertThat(changes.lasting()).containsExactly(raised);
    }

    @Test
    void an_alarm_clears_when_a_complete_look_no_longer_finds_it() {
        Alarm a = seenAtT0(Promise.ORDER_STALLED, ORDER_A);
        Alarm b = seenAtT0(Promise.ORDER_STALLED, ORDER_B);

        AlarmBoard.Changes changes =
                AlarmBoard.compare(List.of(a, b), List.of(scan(Promise.ORDER_STALLED, true, ORDER_B)), T0);

        assertThat(changes.cleared()).containsExactly(a);
        assertThat(changes.lasting()).containsExactly(b);
    }

    @Test
    void a_look_cut_short_or_not_made_clears_nothing() {
        List<Alarm> open =
                List.of(seenAtT0(Promise.ORDER_STALLED, ORDER_A), seenAtT0(Promise.SELFIES_PAST_DUE, ORDER_A));

        AlarmBoard.Changes changes = AlarmBoard.compare(open, List.of(scan(Promise.ORDER_STALLED, false, ORDER_B)), T0);

        assertThat(changes.cleared()).isEmpty();
        assertThat(changes.lasting()).containsExactlyInAnyOrderElementsOf(open);
        assertThat(changes.started()).extracting(Alarm::subject).containsExactly(ORDER_B);
    }

    @Test
    void the_same_subject_at_risk_of_two_promises_is_two_alarms() {
        AlarmBoard.Changes changes = AlarmBoard.compare(
                List.of(),
                List.of(
                        scan(Promise.ORDER_STALLED, true, ORDER_A),
                        scan(Promise.SELFIES_PAST_DUE, true, ORDER_A, ORDER_A)),
                T0);

        assertThat(changes.started())
                .extracting(Alarm::promise)
                .containsExactly(Promise.ORDER_STALLED, Promise.SELFIES_PAST_DUE);
    }

    @Test
    void a_look_must_report_only_its_own_promise_and_each_promise_is_looked_at_once() {
        assertThatThrownBy(() -> new AlarmBoard.Scan(
                        Promise.ORDER_STALLED, List.of(new AlarmBoard.Finding(Promise.JOB_DEAD, ORDER_A, "")), true))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> AlarmBoard.compare(
                        List.of(), List.of(scan(Promise.JOB_DEAD, true), scan(Promise.JOB_DEAD, true)), T0))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void an_alarm_is_mailed_at_once_then_once_a_day_while_it_lasts() {
        Alarm raised = Alarm.raise(Promise.REQUEST_DUE, ORDER_A, T0, "due soon");
        assertThat(raised.mailDue(T0)).isTrue();
        assertThat(raised.day(T0)).isZero();

        Alarm mailed = raised.mailed(T0.plusSeconds(30));
        assertThat(mailed.mailDue(T0.plus(Duration.ofHours(24)))).isFalse();
        assertThat(mailed.mailDue(T0.plus(Duration.ofHours(24)).plusSeconds(30)))
                .isTrue();
        assertThat(mailed.day(T0.plus(Duration.ofHours(24)).plusSeconds(30))).isEqualTo(1);
        assertThat(mailed.day(T0.plus(Duration.ofHours(49)))).isEqualTo(2);
    }

    @Test
    void an_alarm_holds_no_email_address_and_one_line_only() {
        assertThatThrownBy(() -> Alarm.raise(Promise.REQUEST_DUE, ORDER_A, T0, "ada@example.com"))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> Alarm.raise(Promise.REQUEST_DUE, ORDER_A, T0, "two\nlines"))
                .isInstanceOf(DomainViolation.class);
        assertThat(Promise.MODEL_NOT_DELETED.label()).isEqualTo("model_not_deleted");
        assertThat(Promise.values()).allSatisfy(p -> assertThat(p.whatToDo()).isNotBlank());
    }
}
