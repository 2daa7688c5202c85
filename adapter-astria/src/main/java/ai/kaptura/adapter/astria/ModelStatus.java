package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.ports.out.GeneratorEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model's progress at Astria: {@code GET /tunes/{id}} ({@code trained_at}: model trained) and each recorded prompt by
 * its id ({@code GET /tunes/{home}/prompts/{id}}; a style whose every part has images: images ready), however many
 * prompts the shared base tune holds. It also names the events, so that a callback reports the same ids.
 */
final class ModelStatus {

    private final AstriaAccess astria;
    private final PromptSettlement settlement;

    ModelStatus(AstriaAccess astria, PromptSettlement settlement) {
        this.astria = astria;
        this.settlement = settlement;
    }

    /** A recorded prompt with what Astria answers for its id now. */
    private record Read(AstriaRecords.Placed placed, AstriaJson.Prompt prompt) {}

    List<GeneratorEvent> status(OrderId order, ModelRef model) {
        Objects.requireNonNull(order, "order");
        String id = AstriaAccess.tuneId(model);
        astria.sameOrderIfKnown(id, order);
        Optional<AstriaJson.Tune> found = astria.findTune("read the tune", id);
        if (found.isEmpty()) {
            return List.of();
        }
        AstriaJson.Tune tune = found.get();
        if (tune.trainedAt().isEmpty()) {
            return List.of();
        }
        List<GeneratorEvent> events = new ArrayList<>();
        events.add(new GeneratorEvent.ModelTrained(
                trainedEventId(id), order, model, tune.trainedAt().get()));
        settlement.settleRequests(order, id);
        Map<StyleId, Map<Integer, Read>> byStyle = new LinkedHashMap<>();
        for (AstriaRecords.Placed placed : astria.records().promptsOf(order, id)) {
            if (!placed.open()) {
                continue;
            }
            Optional<AstriaJson.Prompt> prompt = astria.readPrompt(placed);
            if (prompt.isEmpty()) {
                continue;
            }
            Map<Integer, Read> parts = byStyle.computeIfAbsent(placed.note().style(), style -> new TreeMap<>());
            Read before = parts.get(placed.note().part());
            if (before == null || !before.prompt().done() && prompt.get().done()) {
                parts.put(placed.note().part(), new Read(placed, prompt.get()));
            }
        }
        byStyle.forEach((style, parts) -> {
            int expected = parts.values().iterator().next().placed().note().parts();
            boolean complete = parts.size() == expected
                    && parts.values().stream().allMatch(part -> part.prompt().done());
            if (complete) {
                List<String> locations = parts.values().stream()
                        .flatMap(part -> part.prompt().images().stream())
                        .toList();
                astria.given().add(locations);
                events.add(new GeneratorEvent.ImagesReady(readyEventId(id, style), order, style, locations));
            }
        });
        return events;
    }

    static String trainedEventId(String model) {
        return "astria:" + model + ":trained";
    }

    static String readyEventId(String model, StyleId style) {
        return "astria:" + model + ":images:" + style;
    }

    /** A part of a style split over several prompts is its own fact; a style in one prompt is the style's. */
    static String readyEventId(CallbackTokens.PromptClaim part) {
        return part.parts() == 1
                ? readyEventId(part.model(), part.style())
                : readyEventId(part.model(), part.style()) + ":part-" + (part.part() + 1) + "-of-" + part.parts();
    }
}
