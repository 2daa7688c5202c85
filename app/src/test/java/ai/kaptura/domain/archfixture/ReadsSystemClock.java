package ai.kaptura.domain.archfixture;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Violates rule b: every other way of reading the machine's clock. */
public final class ReadsSystemClock {

    Object localDate() {
        return LocalDate.now();
    }

    Object localDateInZone() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    Object localDateTime() {
        return LocalDateTime.now();
    }

    Object zonedDateTime() {
        return ZonedDateTime.now();
    }

    long millis() {
        return System.currentTimeMillis();
    }

    long nanos() {
        return System.nanoTime();
    }

    Clock systemClock() {
        return Clock.systemUTC();
    }
}
