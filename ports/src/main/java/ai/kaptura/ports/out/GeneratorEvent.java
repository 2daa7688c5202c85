package ai.kaptura.ports.out;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import java.time.Instant;
import java.util.List;

/** What the AI vendor tells us, decoded from its callback or its status, in domain words. */
public sealed interface GeneratorEvent {

    OrderId order();

    /**
     * An id for the fact the event reports, for de-duplication: the same fact has the same id whether it
     * arrives by callback or is found by a status look-up.
     */
    String eventId();

    record ModelTrained(String eventId, OrderId order, ModelRef model, Instant trainedAt) implements GeneratorEvent {}

    record ImagesReady(String eventId, OrderId order, StyleId style, List<String> imageLocations)
            implements GeneratorEvent {
        public ImagesReady {
            imageLocations = List.copyOf(imageLocations);
        }
    }

    record Failed(String eventId, OrderId order, String reason) implements GeneratorEvent {}
}
