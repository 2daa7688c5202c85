package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.ports.out.Processors;
import java.util.List;
import java.util.Objects;

/** {@link Processors} in memory: entries by name, in the order first registered. */
public record InMemoryProcessors(InMemoryDatabase db) implements Processors {

    public InMemoryProcessors {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public ProcessorRegistry registry() {
        synchronized (db) {
            return new ProcessorRegistry(List.copyOf(db.processors.values()));
        }
    }

    @Override
    public void register(Processor processor) {
        Objects.requireNonNull(processor, "processor");
        synchronized (db) {
            db.processors.put(processor.name(), processor);
        }
    }
}
