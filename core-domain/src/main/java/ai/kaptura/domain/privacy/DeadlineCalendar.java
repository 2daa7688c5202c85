package ai.kaptura.domain.privacy;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Deadline arithmetic of Regulation 1182/71 Art. 3, in the controller's time zone:
 * <ul>
 *   <li>a period in months ends on the same date of the last month as the day the request arrived
 *       (the arrival day itself does not count, Art. 3(1), 3(2)(c)): 15 March → 15 April;</li>
 *   <li>if that date does not exist in the last month, on that month's last day: 31 January →
 *       28 February, or 29 February in a leap year;</li>
 *   <li>a last day on a Saturday, Sunday or public holiday rolls to the next working day (Art. 3(4)).</li>
 * </ul>
 * The period ends with the last hour of the due day, so {@link #endOf} is the start of the next day.
 */
@Implements(Rule.R20)
public record DeadlineCalendar(ZoneId zone, Set<LocalDate> publicHolidays) {

    public DeadlineCalendar {
        Objects.requireNonNull(zone, "time zone");
        publicHolidays = Set.copyOf(publicHolidays);
    }

    public static DeadlineCalendar of(ZoneId zone) {
        return new DeadlineCalendar(zone, Set.of());
    }

    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The due day of a period of {@code months} months from {@code received}. */
    public LocalDate dueDay(Instant received, Period months) {
        return nextWorkingDay(dayOf(received).plus(months));
    }

    /** R20: the due day of a request received at {@code received}: one month. */
    public LocalDate answerDue(Instant received) {
        return dueDay(received, LegalConstants.REQUEST_DEADLINE);
    }

    /** R20: the due day once extended by two further months (three months from receipt). */
    public LocalDate extendedDue(Instant received) {
        return dueDay(received, LegalConstants.REQUEST_DEADLINE.plus(LegalConstants.REQUEST_EXTENSION));
    }

    /** The instant a due day is over: the start of the following day in the zone. */
    public Instant endOf(LocalDate dueDay) {
        return dueDay.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY
                && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !publicHolidays.contains(day);
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate d = day;
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }
}
