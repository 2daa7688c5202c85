package ai.kaptura.adapter.sandbox;

import java.time.Duration;

/**
 * How a callback the app has not answered is sent again: {@code first} after the first failure, each wait twice
 * the last up to {@code longest}, until {@code during} has passed since the first attempt. Then it is left for
 * the app's poll (which looks overdue callbacks up ten minutes into a stage), and sent again at the next start.
 */
record Redelivery(Duration first, Duration longest, Duration during) {

    static final Redelivery DEFAULT =
            new Redelivery(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(10));

    Redelivery {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || during.isNegative()) {
            throw new IllegalArgumentException("Redelivery waits a positive time, at most its longest wait");
        }
    }

    /** The wait after the {@code failures}-th failed attempt. */
    Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }
}
