package ai.kaptura.ports.out;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import java.time.Instant;
import java.util.List;

/** What the AI vendor tells us, decoded from its callback or its status, in domain words. */
public sealed interface GeneratorEvent {

    OrderId order();

    /** The vendor's own id for the event, for de-duplication. */
    String eventId();

    record ModelTrained(String eventId, OrderId order, ModelRef model, Instant trainedAt) implements GeneratorEvent {
    }

    record ImagesReady(String eventId, OrderId order, StyleId style, List<String> imageLocations) implements GeneratorEvent {
        public ImagesReady {
            imageLocations = List.copyOf(imageLocations);
        }
    }

    record Failed(String eventId, OrderId order, String reason) implements GeneratorEvent {
    }
}
