package ai.kaptura.domain.privacy;

import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Erasure, location by location: our database, our photo vault and every processor that holds the
 * person's data. It is complete only when each location has an outcome (R27).
 */
@Implements({Rule.R16, Rule.R27})
public record ErasureChecklist(Map<Location, Optional<LocationOutcome>> items) {

    public ErasureChecklist {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
        if (!items.containsKey(Location.DATABASE) || !items.containsKey(Location.PHOTO_VAULT)) {
            throw new DomainViolation("Erasure always covers our own database and photo vault");
        }
    }

    /** A fresh checklist: our own stores plus each processor named. */
    public static ErasureChecklist covering(List<Location> processors) {
        Map<Location, Optional<LocationOutcome>> items = new LinkedHashMap<>();
        items.put(Location.DATABASE, Optional.empty());
        items.put(Location.PHOTO_VAULT, Optional.empty());
        processors.forEach(p -> {
            if (p.kind() != Location.Kind.PROCESSOR) {
                throw new DomainViolation(p + " is not a processor");
            }
            items.put(p, Optional.empty());
        });
        return new ErasureChecklist(items);
    }

    public ErasureChecklist record(Location location, LocationOutcome outcome) {
        if (!items.containsKey(location)) {
            throw new DomainViolation(location + " is not on this erasure checklist");
        }
        Map<Location, Optional<LocationOutcome>> next = new LinkedHashMap<>(items);
        next.put(location, Optional.of(outcome));
        return new ErasureChecklist(next);
    }

    /** Locations still without evidence or a retention basis. */
    public List<Location> missing() {
        return items.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    public boolean isComplete() {
        return missing().isEmpty();
    }
}
