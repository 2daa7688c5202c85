package ai.kaptura.domain.retention;

import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * How long after its trigger a rule lets data live: an exact duration (hours, days) or a calendar
 * period (months, years, counted on the UTC calendar).
 */
public record RetentionPeriod(Duration duration, Period period) {

    public static final RetentionPeriod AT_ONCE = new RetentionPeriod(Duration.ZERO, Period.ZERO);

    public RetentionPeriod {
        if (duration == null || period == null) {
            throw new DomainViolation("A retention period has a duration and a period (either may be zero)");
        }
        if (duration.isNegative() || period.isNegative()) {
            throw new DomainViolation("A retention period cannot be negative");
        }
        if (!duration.isZero() && !period.isZero()) {
            throw new DomainViolation("A retention period is a duration or a calendar period, not both");
        }
    }

    public static RetentionPeriod of(Duration duration) {
        return new RetentionPeriod(duration, Period.ZERO);
    }

    public static RetentionPeriod of(Period period) {
        return new RetentionPeriod(Duration.ZERO, period);
    }

    public boolean isZero() {
        return duration.isZero() && period.isZero();
    }

    public Instant after(Instant trigger) {
        if (!period.isZero()) {
            return trigger.atZone(ZoneOffset.UTC).plus(period).toInstant();
        }
        return trigger.plus(duration);
    }

    /** The period in words: "at once", "15 minutes", "24 hours", "7 days", "6 months", "3 years". */
    public String describe() {
        if (isZero()) {
            return "at once";
        }
        if (!period.isZero()) {
            if (period.getYears() > 0 && period.getMonths() == 0 && period.getDays() == 0) {
                return plural(period.getYears(), "year");
            }
            if (period.getYears() == 0 && period.getMonths() > 0 && period.getDays() == 0) {
                return plural(period.getMonths(), "month");
            }
            return period.toString();
        }
        if (duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0) {
            return plural(duration.toDays(), "day");
        }
        if (duration.toMinutesPart() == 0 && duration.toSecondsPart() == 0) {
            return plural(duration.toHours(), "hour");
        }
        return plural(duration.toMinutes(), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
