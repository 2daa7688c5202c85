package ai.kaptura.application.common;

import ai.kaptura.domain.shared.ConcurrentUpdate;
import java.util.function.Supplier;

/**
 * Re-runs a read-decide-write unit that lost an optimistic-locking race. Each attempt reads afresh, so
 * the decision is taken again on the current state; nothing is applied twice.
 */
public final class Retry {

    private static final int ATTEMPTS = 5;

    private Retry() {}

    public static <T> T onConflict(Supplier<T> unit) {
        ConcurrentUpdate last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return unit.get();
            } catch (ConcurrentUpdate e) {
                last = e;
            }
        }
        throw last;
    }
}
