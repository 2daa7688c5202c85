package ai.kaptura.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.alarm.Promise;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R49: the promises at risk reach /metrics as one gauge series per promise, zero included, labelled by promise only. */
@Tag("R49")
class AlarmMetricsTest {

    @Test
    void every_promise_is_a_series_of_the_alarm_gauge_with_its_count_or_zero() {
        String text = Metrics.alarms(Map.of(Promise.JOB_FAILING, 2, Promise.MODEL_NOT_DELETED, 1));

        assertThat(text).startsWith("# HELP kaptura_alarms_active ").contains("# TYPE kaptura_alarms_active gauge\n")
                .contains("kaptura_alarms_active{promise=\"job_failing\"} 2\n")
                .contains("kaptura_alarms_active{promise=\"model_not_deleted\"} 1\n")
                .contains("kaptura_alarms_active{promise=\"request_due\"} 0\n");
        assertThat(text.lines().filter(l -> l.startsWith("kaptura_alarms_active{"))).hasSize(Promise.values().length);
    }
}
