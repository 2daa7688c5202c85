package ai.kaptura.ports.out.fake;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * When calls to a vendor fail, decided by a seeded {@link Random}, so a fault test fails the same calls on every run. Each
 * call draws one {@link Fault}: most go through; of the rest, half never reach the vendor (a 5xx, a refused connection:
 * nothing was done) and half are carried out by the vendor but their answer never comes back (a read timeout). Either
 * way the caller gets what the real adapters throw once their own retries are spent: an {@link IllegalStateException}
 * that is not a {@link ai.kaptura.ports.out.VendorRefusal}, so the call may be repeated later.
 */
public final class FaultSchedule {

    /** What happens to one call. */
    public enum Fault {
        /** The vendor answers. */
        NONE,
        /** The vendor answered 5xx (or could not be reached): nothing was done. */
        UNAVAILABLE,
        /** The vendor did the work, but its answer was lost on the way (a read timeout). */
        ANSWER_LOST
    }

    /** What the caller of a failed call gets. */
    public static final class VendorFault extends IllegalStateException {
        VendorFault(String message) {
            super(message);
        }
    }

    private final long seed;
    private final Map<String, Random> randoms = new TreeMap<>();
    private final double rate;
    private final Map<String, int[]> injected = new TreeMap<>();
    private boolean calm;

    /** @param rate the share of calls that fail, between 0 and 1 */
    public FaultSchedule(long seed, double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("A fault rate is between 0 and 1, not " + rate);
        }
        this.seed = seed;
        this.rate = rate;
    }

    /**
     * Draws what happens to the next call to {@code vendor}, and counts it. Each vendor has its own sequence, so the calls
     * to one never shift which calls to another fail.
     */
    public synchronized Fault next(String vendor) {
        Random random = randoms.computeIfAbsent(vendor, v -> new Random(seed * 31 + v.hashCode()));
        int[] counts = injected.computeIfAbsent(vendor, v -> new int[3]);
        counts[0]++;
        if (calm || random.nextDouble() >= rate) {
            return Fault.NONE;
        }
        Fault fault = random.nextBoolean() ? Fault.UNAVAILABLE : Fault.ANSWER_LOST;
        counts[fault.ordinal()]++;
        return fault;
    }

    /** What a call to {@code vendor} that met {@code fault} throws. */
    public static VendorFault failure(String vendor, String call, Fault fault) {
        return switch (fault) {
            case UNAVAILABLE ->
                new VendorFault(
                        vendor + " answered 503 Service Unavailable to " + call + " (injected); nothing was done");
            case ANSWER_LOST ->
                new VendorFault(vendor + " did not answer " + call + " in time (injected read timeout)");
            case NONE -> throw new IllegalArgumentException("A call that went through did not fail");
        };
    }

    /** From now on every call goes through (or, with {@code false}, fails on the schedule again). */
    public synchronized void calm(boolean yes) {
        calm = yes;
    }

    /** Calls made to {@code vendor}. */
    public synchronized int calls(String vendor) {
        return injected.getOrDefault(vendor, new int[3])[0];
    }

    /** Calls to {@code vendor} that met {@code fault}. */
    public synchronized int injected(String vendor, Fault fault) {
        if (fault == Fault.NONE) {
            throw new IllegalArgumentException("Count the faults, not the calls that went through");
        }
        return injected.getOrDefault(vendor, new int[3])[fault.ordinal()];
    }

    /** Every fault injected, all vendors together. */
    public synchronized int injected() {
        return injected.values().stream().mapToInt(c -> c[1] + c[2]).sum();
    }

    /** "astria 412 calls: 61 × 5xx, 58 × timeout; …", for a test's summary line. */
    public synchronized String summary() {
        StringBuilder text = new StringBuilder();
        injected.forEach((vendor, c) -> text.append(text.isEmpty() ? "" : "; ")
                .append(vendor)
                .append(' ')
                .append(c[0])
                .append(" calls: ")
                .append(c[1])
                .append(" × 5xx, ")
                .append(c[2])
                .append(" × timeout"));
        return text.toString();
    }
}
