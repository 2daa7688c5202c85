package ai.kaptura.application.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.application.common.JobRequests;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.ports.out.Job;
import ai.kaptura.ports.out.JobKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** R49, R37: what an alarm says in the log and how its mail job names it: pseudonymous ids only, one line each. */
@Tag("R49")
class AlarmLinesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void a_job_is_named_by_its_kind_and_key_unless_the_key_names_an_account() {
        assertThat(AlarmService.jobSubject(
                        JobKind.DELETE_SELFIES, "delete-selfies:6b617074-7572-4000-8000-000000000001:3"))
                .isEqualTo(Subject.of("job", "DELETE_SELFIES:delete-selfies:6b617074-7572-4000-8000-000000000001:3"));
        String account = "6b617074-7572-4000-8000-00000000000a";
        Subject rectification =
                AlarmService.jobSubject(JobKind.PROPAGATE_RECTIFICATION, "rectify:" + account + ":smtp:1772443000123");

        assertThat(rectification.id())
                .startsWith("PROPAGATE_RECTIFICATION:sha256-")
                .doesNotContain(account);
        assertThat(AlarmService.jobSubject(JobKind.REFUND_PAYMENT, "refund:42:" + "p".repeat(150))
                        .id())
                .as("too long to log plainly")
                .startsWith("REFUND_PAYMENT:sha256-");
    }

    @Test
    @Tag("R37")
    void the_start_and_the_clear_are_one_line_each_with_the_promise_its_rule_and_the_subject() {
        Alarm alarm = Alarm.raise(
                Promise.REQUEST_DUE,
                Subject.of("privacy_request", "6b617074-7572-4000-8000-000000000002"),
                T0,
                "access request received at 2026-02-27T09:00:00Z, due by 2026-03-27T23:59:59Z");

        String raised = AlarmService.raisedLine(alarm);
        String cleared = AlarmService.clearedLine(alarm, T0.plus(Duration.ofHours(50)));

        assertThat(raised)
                .startsWith(
                        "Alarm raised: request_due (R20) for privacy_request 6b617074-7572-4000-8000-000000000002 since "
                                + T0 + ": a privacy request is due within 5 days, or overdue (access request")
                .contains("To do: Answer the request")
                .doesNotContain("\n");
        assertThat(cleared)
                .isEqualTo("Alarm cleared: request_due (R20) for privacy_request 6b617074-7572-4000-8000-000000000002,"
                        + " raised at " + T0 + ", lasted 50h");
    }

    @Test
    void an_alarm_mail_job_names_its_alarm_and_day_and_is_one_job_per_day() {
        Alarm alarm =
                Alarm.raise(Promise.JOB_FAILING, Subject.of("job", "DELETE_VENDOR_MODEL:delete-model:42"), T0, "");

        Job first = JobRequests.alarmMail(alarm, T0.plusSeconds(1));
        Job sameDay = JobRequests.alarmMail(alarm, T0.plus(Duration.ofHours(23)));
        Job nextDay = JobRequests.alarmMail(alarm, T0.plus(Duration.ofHours(24)));

        assertThat(first.key()).isEqualTo(sameDay.key()).isNotEqualTo(nextDay.key());
        assertThat(first.payload()).isEqualTo("ALARM JOB_FAILING/job/DELETE_VENDOR_MODEL:delete-model:42/0");
        JobRequests.AlarmMail decoded =
                JobRequests.AlarmMail.decode(nextDay.payload().split(" ")[1]);
        assertThat(decoded).isEqualTo(new JobRequests.AlarmMail(alarm.key(), 1));
        assertThatThrownBy(() -> JobRequests.AlarmMail.decode("JOB_FAILING/job"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
