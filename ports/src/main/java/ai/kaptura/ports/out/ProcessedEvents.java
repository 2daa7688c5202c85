package ai.kaptura.ports.out;

import java.time.Instant;

/**
 * The ids of vendor events already handled, so a duplicated or replayed webhook or callback changes
 * nothing (an order is never paid twice).
 */
public interface ProcessedEvents {

    /** Records the event id; answers {@code true} only the first time it is seen for this source. */
    boolean firstTime(String source, String eventId, Instant at);
}
