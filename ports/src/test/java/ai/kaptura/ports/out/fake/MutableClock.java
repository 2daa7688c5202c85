package ai.kaptura.ports.out.fake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} (and so an {@link java.time.InstantSource}) that stands still until a test sets or
 * advances it. Thread-safe; clocks made by {@link #withZone} share this one's instant.
 */
public final class MutableClock extends Clock {

    /** A fixed, unremarkable default start: Monday 2 March 2026, 09:00 UTC. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T09:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start}, in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    /** A clock at an ISO-8601 instant such as {@code 2026-03-02T09:00:00Z}. */
    public static MutableClock at(String isoInstant) {
        return new MutableClock(Instant.parse(isoInstant));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    /** Sets the time (backwards too). */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    /** Moves the time on by {@code by} (which may be negative); answers the new time. */
    public Instant advance(Duration by) {
        Objects.requireNonNull(by, "by");
        return now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + ", " + zone + "]";
    }
}
