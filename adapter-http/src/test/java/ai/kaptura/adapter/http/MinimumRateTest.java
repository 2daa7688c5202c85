package ai.kaptura.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A body's pace is judged after a grace period, so a small body read late on a busy node is never a "trickle". */
class MinimumRateTest {

    private final AtomicLong now = new AtomicLong();

    /** A body that hands out {@code chunk} bytes per read, the clock moving {@code step} before each read returns. */
    private InputStream body(int size, int chunk, Duration step) {
        InputStream bytes = new ByteArrayInputStream(new byte[size]);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                now.addAndGet(step.toNanos());
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                now.addAndGet(step.toNanos());
                return bytes.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void a_small_body_whose_end_is_read_late_on_a_busy_node_is_not_too_slow() throws IOException {
        // 40 bytes, then the end read 500 ms later: 80 bytes a second, yet well inside the grace.
        InputStream guarded =
                MinimumRate.guard(body(40, 40, Duration.ofMillis(500)), 8 * 1024, MinimumRate.GRACE, now::get);

        assertThat(guarded.readAllBytes()).hasSize(40);
    }

    @Test
    void a_body_that_trickles_past_the_grace_is_too_slow() {
        // 100 bytes every 100 ms: 1 KB a second, an eighth of the minimum.
        InputStream guarded =
                MinimumRate.guard(body(1_000_000, 100, Duration.ofMillis(100)), 8 * 1024, MinimumRate.GRACE, now::get);

        assertThatThrownBy(guarded::readAllBytes).isInstanceOf(MinimumRate.TooSlow.class);
        assertThat(Duration.ofNanos(now.get()))
                .as("cut off soon after the grace")
                .isBetween(MinimumRate.GRACE, Duration.ofSeconds(3));
    }

    @Test
    void a_body_at_a_good_pace_is_read_whole() throws IOException {
        // 16 KB every 100 ms: 160 KB a second, twenty times the minimum, for 10 seconds.
        InputStream guarded = MinimumRate.guard(
                body(1_600_000, 16_000, Duration.ofMillis(100)), 8 * 1024, MinimumRate.GRACE, now::get);

        assertThat(guarded.readAllBytes()).hasSize(1_600_000);
    }
}
