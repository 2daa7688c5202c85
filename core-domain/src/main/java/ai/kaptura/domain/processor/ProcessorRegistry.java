package ai.kaptura.domain.processor;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every processor that may receive personal data. Nothing goes to a processor that is not here with a
 * complete entry, nor in a category its entry does not list (R33); the configured vendors are checked
 * at startup.
 */
@Implements({Rule.R33, Rule.R26, Rule.R27})
public record ProcessorRegistry(List<Processor> processors) {

    public ProcessorRegistry {
        processors = List.copyOf(processors);
        if (processors.stream().map(Processor::name).distinct().count() != processors.size()) {
            throw new DomainViolation("A processor is registered twice");
        }
    }

    public Optional<Processor> find(String name) {
        return processors.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** R33: may {@code processor} receive data of {@code category}? */
    public Optional<Rejection> checkTransfer(String processor, DataCategory category) {
        Optional<Processor> entry = find(processor);
        if (entry.isEmpty()) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.PROCESSOR_NOT_REGISTERED, "Processor '" + processor + "' is not in the registry"));
        }
        if (!entry.get().isComplete()) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.PROCESSOR_NOT_REGISTERED,
                    "Processor '" + processor + "' has an incomplete entry: missing "
                            + entry.get().missing()));
        }
        if (!entry.get().receives(category)) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.PROCESSOR_NOT_REGISTERED,
                    "Processor '" + processor + "' is not registered to receive "
                            + category.label().toLowerCase()));
        }
        return Optional.empty();
    }

    /**
     * R33 at startup: one line for each configured processor that is missing or incomplete. An empty
     * answer means the configuration may start.
     */
    public List<String> problemsWith(Collection<String> configured) {
        List<String> problems = new ArrayList<>();
        for (String name : configured) {
            Optional<Processor> entry = find(name);
            if (entry.isEmpty()) {
                problems.add("Processor '" + name + "' is configured but has no registry entry");
            } else if (!entry.get().isComplete()) {
                problems.add("Processor '" + name + "' lacks "
                        + String.join(", ", entry.get().missing()));
            }
        }
        return problems;
    }

    /** Processors among {@code configured} that hold data of {@code category}: where rectification and erasure must reach (R26, R27). */
    public List<Processor> holding(DataCategory category, Collection<String> configured) {
        return processors.stream()
                .filter(p -> configured.contains(p.name()) && p.receives(category))
                .toList();
    }

    /** The erasure locations: every configured processor that holds any personal data (R27). */
    public List<Location> erasureLocations(Collection<String> configured) {
        return processors.stream()
                .filter(p -> configured.contains(p.name()))
                .map(p -> Location.processor(p.name()))
                .toList();
    }
}
