package ai.kaptura.app;

import ai.kaptura.domain.processor.Processor;
import java.util.Optional;

/**
 * A configured vendor's processor-registry entry (R33) with the settings that fill it, so that an incomplete
 * entry is reported by the variables an operator sets, named where the entry is built from them.
 *
 * @param settings the variables that complete the entry, such as {@code STRIPE_DPA_REFERENCE}
 */
record ConfiguredProcessor(Processor entry, String settings) {

    /** What the entry lacks and what to set, or nothing if it is complete. */
    Optional<String> problem() {
        if (entry.isComplete()) {
            return Optional.empty();
        }
        return Optional.of("The processor entry of " + entry.name() + " is incomplete (R33: "
                + String.join(", ", entry.missing()) + "); it may receive no personal data. Set " + settings
                + " (the DPA reference is where its signed data processing agreement is filed)");
    }
}
