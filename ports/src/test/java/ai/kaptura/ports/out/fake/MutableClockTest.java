package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void it_stands_still_until_set_or_advanced() {
        MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(clock.instant()).isEqualTo(clock.instant());
        assertThat(clock.advance(Duration.ofMinutes(15))).isEqualTo(Instant.parse("2026-03-02T09:15:00Z"));
        assertThat(clock.millis())
                .isEqualTo(Instant.parse("2026-03-02T09:15:00Z").toEpochMilli());

        clock.set(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(clock.advance(Duration.ofSeconds(-1))).isEqualTo(Instant.parse("2024-12-31T23:59:59Z"));
    }

    @Test
    void it_is_a_utc_clock_and_an_instant_source_and_zoned_views_share_its_time() {
        MutableClock clock = new MutableClock();
        InstantSource source = clock;
        Clock vienna = clock.withZone(ZoneId.of("Europe/Vienna"));

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(source.instant()).isEqualTo(MutableClock.DEFAULT_START);
        clock.advance(Duration.ofHours(1));
        assertThat(vienna.instant()).isEqualTo(MutableClock.DEFAULT_START.plus(Duration.ofHours(1)));
        assertThat(vienna.getZone()).isEqualTo(ZoneId.of("Europe/Vienna"));
    }
}
