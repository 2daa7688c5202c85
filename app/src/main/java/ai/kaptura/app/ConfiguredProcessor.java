package ai.kaptura.app;

import ai.kaptura.domain.processor.Processor;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A configured vendor's processor-registry entry (R33) with the settings that fill it, so that an incomplete
 * entry is reported by the variables an operator sets, named where the entry is built from them.
 *
 * @param settings the variables that complete the entry, such as {@code STRIPE_DPA_REFERENCE}
 */
record ConfiguredProcessor(Processor entry, String settings) {

    /**
     * The names every list of recipients covers (the access report, the export and the record of processing, R25, R35):
     * the processors behind the configured vendor adapters and every configured entry, those of the infrastructure
     * included.
     */
    static Set<String> listed(Collection<String> vendors, List<ConfiguredProcessor> entries) {
        Set<String> names = new LinkedHashSet<>(vendors);
        entries.forEach(e -> names.add(e.entry().name()));
        return Set.copyOf(names);
    }

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
