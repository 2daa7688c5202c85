package ai.kaptura.ports.out;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;

/** The processor registry (R33), kept as data so the record of processing is generated from it (R35). */
public interface Processors {

    ProcessorRegistry registry();

    /** Adds or replaces the entry with this name. */
    void register(Processor processor);
}
