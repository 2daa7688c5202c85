package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.ports.out.Alarms;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Alarms} store must do (R49): keep each raised alarm exactly, once per promise and subject, and
 * answer truthfully whether a raise or a clear changed anything — also when nodes race — so each start and each clear
 * is seen once.
 *
 * <p>{@link #alarms()} is called at the start of each test (after every {@code @BeforeEach}) and must answer an empty
 * store; the race tests use it from several threads.
 */
@Tag("R49")
public abstract class AlarmsContract {

    /** A fresh, empty store. */
    protected abstract Alarms alarms();

    private static final Subject ORDER = Subject.of("order", "6b617074-7572-4000-8000-000000000001");
    private static final Subject JOB =
            Subject.of("job", "DELETE_SELFIES:delete-selfies:6b617074-7572-4000-8000-000000000001:3");

    @Test
    void nothing_is_raised_at_first() {
        assertThat(alarms().raised()).isEmpty();
    }

    @Test
    void a_raised_alarm_is_kept_exactly_and_found_by_its_promise_and_subject() {
        Alarms alarms = alarms();
        Alarm alarm = Alarm.raise(
                Promise.JOB_FAILING, JOB, minutes(0), "12 failures in a row, the last at 2026-03-02T11:15:30Z");

        assertThat(alarms.raise(alarm)).isTrue();

        assertThat(alarms.raised()).containsExactly(alarm);
        assertThat(alarms.find(alarm.key())).contains(alarm);
        assertThat(alarms.find(new Alarm.Key(Promise.JOB_DEAD, JOB))).isEmpty();
    }

    @Test
    void the_same_promise_and_subject_is_raised_once_and_the_first_stays() {
        Alarms alarms = alarms();
        Alarm first = Alarm.raise(Promise.ORDER_STALLED, ORDER, minutes(0), "paid since 09:00");
        Alarm again = Alarm.raise(Promise.ORDER_STALLED, ORDER, minutes(5), "paid since 09:00");
        Alarm otherPromise = Alarm.raise(Promise.SELFIES_PAST_DUE, ORDER, minutes(5), "");

        assertThat(alarms.raise(first)).isTrue();
        assertThat(alarms.raise(again)).isFalse();
        assertThat(alarms.raise(otherPromise)).isTrue();

        assertThat(alarms.raised()).containsExactly(first, otherPromise);
    }

    @Test
    void a_clear_is_seen_once_and_the_alarm_may_then_be_raised_anew() {
        Alarms alarms = alarms();
        Alarm alarm = Alarm.raise(Promise.ORDER_STALLED, ORDER, minutes(0), "");
        alarms.raise(alarm);

        assertThat(alarms.clear(alarm.key())).isTrue();
        assertThat(alarms.clear(alarm.key())).isFalse();
        assertThat(alarms.raised()).isEmpty();

        Alarm later = Alarm.raise(Promise.ORDER_STALLED, ORDER, minutes(90), "");
        assertThat(alarms.raise(later)).isTrue();
        assertThat(alarms.raised()).containsExactly(later);
    }

    @Test
    void the_last_mail_is_recorded_on_a_raised_alarm_only() {
        Alarms alarms = alarms();
        Alarm alarm = Alarm.raise(
                Promise.REQUEST_DUE,
                Subject.of("privacy_request", "6b617074-7572-4000-8000-000000000002"),
                minutes(0),
                "due by 2026-04-02T23:59:59.999999999Z");
        alarms.raise(alarm);

        assertThat(alarms.mailed(alarm.key(), minutes(1))).isTrue();
        assertThat(alarms.find(alarm.key())).contains(alarm.mailed(minutes(1)));
        assertThat(alarms.mailed(new Alarm.Key(Promise.JOB_DEAD, JOB), minutes(1)))
                .isFalse();
        assertThat(alarms.raised())
                .singleElement()
                .satisfies(a -> assertThat(a.mailedAt()).isEqualTo(Optional.of(minutes(1))));
    }

    @Test
    void the_oldest_alarm_comes_first() {
        Alarms alarms = alarms();
        Alarm late = Alarm.raise(Promise.JOB_DEAD, JOB, minutes(30), "");
        Alarm early = Alarm.raise(Promise.ORDER_STALLED, ORDER, minutes(10), "");
        alarms.raise(late);
        alarms.raise(early);

        assertThat(alarms.raised()).containsExactly(early, late);
    }

    @Test
    void of_eight_nodes_raising_the_same_alarm_exactly_one_sees_it_start_and_one_sees_it_clear() {
        Alarms alarms = alarms();
        Alarm alarm = Alarm.raise(Promise.MODEL_NOT_DELETED, ORDER, minutes(0), "");

        List<Boolean> raised = Concurrently.all(8, i -> alarms.raise(alarm));
        List<Boolean> cleared = Concurrently.all(8, i -> alarms.clear(alarm.key()));

        assertThat(raised).containsOnlyOnce(true);
        assertThat(cleared).containsOnlyOnce(true);
        assertThat(alarms.raised()).isEmpty();
    }
}
