package ai.kaptura.domain.archfixture;

import java.time.Instant;
import java.util.function.Supplier;

/** Violates rule b: reads the system clock by a call and by a method reference. */
public final class CallsInstantNow {

    Instant stamp() {
        return Instant.now();
    }

    Supplier<Instant> clock() {
        return Instant::now;
    }
}
