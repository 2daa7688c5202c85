package ai.kaptura.domain.privacy;

import static ai.kaptura.domain.Fixtures.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.shared.Rejection;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request deadlines per Reg. 1182/71 Art. 3 and the single extension: R20. */
class DeadlineTest {

    private static final DeadlineCalendar UTC = DeadlineCalendar.of(ZoneOffset.UTC);

    private final Fixtures f = new Fixtures();

    private static Instant at(String day) {
        return LocalDate.parse(day).atTime(10, 0).toInstant(ZoneOffset.UTC);
    }

    private PrivacyRequest received(Instant at, DeadlineCalendar calendar) {
        return PrivacyRequest.receive(
                new PrivacyRequestId(f.ids.next()),
                f.account.id(),
                RequestKind.ACCESS,
                Channel.ELECTRONIC,
                at,
                calendar,
                List.of());
    }

    @ParameterizedTest(name = "received {0} -> due {1}")
    @CsvSource({
        "2026-03-15, 2026-04-15",
        "2025-01-31, 2025-02-28",
        "2024-01-31, 2024-02-29",
        "2026-03-31, 2026-04-30",
        "2025-12-15, 2026-01-15"
    })
    @Tag("R20")
    void a_request_is_due_on_the_same_date_one_month_later_or_the_last_day_of_a_shorter_month(
            String received, String due) {
        LocalDate dueDay = LocalDate.parse(due);
        assertThat(UTC.isWorkingDay(dueDay)).isTrue();

        assertThat(UTC.answerDue(at(received))).isEqualTo(dueDay);
        assertThat(received(at(received), UTC).dueOn()).isEqualTo(dueDay);
    }

    @Test
    @Tag("R20")
    void a_due_date_on_a_saturday_rolls_to_monday() {
        assertThat(LocalDate.parse("2026-04-18").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);

        assertThat(UTC.answerDue(at("2026-03-18"))).isEqualTo(LocalDate.parse("2026-04-20"));
        // 31 January 2026 -> 28 February 2026, a Saturday -> Monday 2 March
        assertThat(UTC.answerDue(at("2026-01-31"))).isEqualTo(LocalDate.parse("2026-03-02"));
    }

    @Test
    @Tag("R20")
    void a_due_date_on_a_sunday_rolls_to_monday() {
        assertThat(LocalDate.parse("2026-04-19").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);

        assertThat(UTC.answerDue(at("2026-03-19"))).isEqualTo(LocalDate.parse("2026-04-20"));
        assertThat(UTC.answerDue(at("2026-03-19")).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    }

    @Test
    @Tag("R20")
    void a_public_holiday_rolls_to_the_next_working_day() {
        LocalDate goodFriday = LocalDate.parse("2026-04-03");
        LocalDate easterMonday = LocalDate.parse("2026-04-06");
        DeadlineCalendar withHolidays = new DeadlineCalendar(ZoneOffset.UTC, Set.of(goodFriday, easterMonday));

        assertThat(UTC.answerDue(at("2026-03-06"))).isEqualTo(easterMonday);
        assertThat(withHolidays.answerDue(at("2026-03-06"))).isEqualTo(LocalDate.parse("2026-04-07"));
        // Good Friday, then the weekend, then Easter Monday: Tuesday
        assertThat(withHolidays.answerDue(at("2026-03-03"))).isEqualTo(LocalDate.parse("2026-04-07"));
        assertThat(UTC.answerDue(at("2026-03-03"))).isEqualTo(goodFriday);
    }

    @Test
    @Tag("R20")
    void the_day_of_receipt_is_the_day_in_the_controllers_zone() {
        DeadlineCalendar berlin = DeadlineCalendar.of(ZoneId.of("Europe/Berlin"));
        Instant lateEvening = Instant.parse("2026-03-14T23:30:00Z");

        assertThat(UTC.answerDue(lateEvening)).isEqualTo(LocalDate.parse("2026-04-14"));
        assertThat(berlin.answerDue(lateEvening)).isEqualTo(LocalDate.parse("2026-04-15"));
        assertThat(berlin.endOf(LocalDate.parse("2026-04-15"))).isEqualTo(Instant.parse("2026-04-15T22:00:00Z"));
    }

    @Test
    @Tag("R20")
    void a_request_is_overdue_only_once_its_due_day_is_over() {
        PrivacyRequest request = received(at("2026-03-15"), UTC);

        assertThat(request.dueBy(UTC)).isEqualTo(Instant.parse("2026-04-16T00:00:00Z"));
        assertThat(request.isOverdue(Instant.parse("2026-04-15T23:59:59Z"), UTC))
                .isFalse();
        assertThat(request.isOverdue(Instant.parse("2026-04-16T00:00:00Z"), UTC))
                .isTrue();
        PrivacyRequest answered = Fixtures.ok(request.complete(Instant.parse("2026-04-10T09:00:00Z")));
        assertThat(answered.isOverdue(Instant.parse("2026-06-01T00:00:00Z"), UTC))
                .isFalse();
    }

    @Test
    @Tag("R20")
    void one_extension_with_a_reason_within_the_first_month_gives_three_months_from_receipt() {
        PrivacyRequest request = received(at("2026-03-15"), UTC);
        Instant decidedAt = at("2026-03-25");

        PrivacyRequest extended = Fixtures.ok(
                request.extend("Your export spans four processors; we need the vendor's archive", decidedAt, UTC));

        assertThat(extended.dueOn()).isEqualTo(LocalDate.parse("2026-06-15"));
        assertThat(extended.dueOn()).isEqualTo(UTC.extendedDue(request.receivedAt()));
        assertThat(extended.extension()).hasValueSatisfying(e -> {
            assertThat(e.reason()).contains("four processors");
            assertThat(e.decidedAt()).isEqualTo(decidedAt);
            assertThat(e.newDueOn()).isEqualTo(LocalDate.parse("2026-06-15"));
        });
    }

    @Test
    @Tag("R20")
    void the_extended_due_date_rolls_to_the_next_working_day_too() {
        // 2026-03-18 + 3 months = 2026-06-18, a Thursday; 2026-03-20 + 3 months = 2026-06-20, a Saturday
        assertThat(UTC.extendedDue(at("2026-03-18"))).isEqualTo(LocalDate.parse("2026-06-18"));
        assertThat(UTC.extendedDue(at("2026-03-20"))).isEqualTo(LocalDate.parse("2026-06-22"));
    }

    @Test
    @Tag("R20")
    void an_extension_without_a_reason_is_refused() {
        PrivacyRequest request = received(at("2026-03-15"), UTC);

        for (String blank : new String[] {null, "", "   "}) {
            assertThat(refusal(request.extend(blank, at("2026-03-20"), UTC)).reason())
                    .isEqualTo(Rejection.Reason.EXTENSION_NOT_ALLOWED);
        }
    }

    @Test
    @Tag("R20")
    void a_second_extension_is_refused() {
        PrivacyRequest extended =
                Fixtures.ok(received(at("2026-03-15"), UTC).extend("Complex request", at("2026-03-20"), UTC));

        assertThat(refusal(extended.extend("Still complex", at("2026-03-21"), UTC))
                        .reason())
                .isEqualTo(Rejection.Reason.EXTENSION_NOT_ALLOWED);
    }

    @Test
    @Tag("R20")
    void an_extension_after_the_first_month_is_refused() {
        PrivacyRequest request = received(at("2026-03-15"), UTC);
        Instant firstMonthOver = Instant.parse("2026-04-16T00:00:00Z");

        assertThat(request.extend("Complex request", firstMonthOver.minusSeconds(1), UTC))
                .isInstanceOf(ai.kaptura.domain.shared.Result.Ok.class);
        assertThat(refusal(request.extend("Complex request", firstMonthOver, UTC))
                        .reason())
                .isEqualTo(Rejection.Reason.EXTENSION_NOT_ALLOWED);
        assertThat(refusal(request.extend("Complex request", firstMonthOver.plus(Duration.ofDays(10)), UTC))
                        .reason())
                .isEqualTo(Rejection.Reason.EXTENSION_NOT_ALLOWED);
    }

    @Test
    @Tag("R20")
    void a_closed_request_cannot_be_extended() {
        PrivacyRequest done = Fixtures.ok(received(at("2026-03-15"), UTC).complete(at("2026-03-16")));

        assertThat(refusal(done.extend("Complex request", at("2026-03-17"), UTC))
                        .reason())
                .isEqualTo(Rejection.Reason.REQUEST_ALREADY_CLOSED);
    }
}
