package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox generator's callback bodies and the events they carry. A body is a small JSON object:
 * <pre>
 * {"id":"sbx-…:trained","type":"model.trained","model":"sbx-…","trained_at":"2026-11-02T09:30:00Z"}
 * {"id":"sbx-…:studio-grey:ready","type":"images.ready","model":"sbx-…","style":"studio-grey","images":["sandbox:img-…",…]}
 * {"id":"sbx-…:failed","type":"model.failed","model":"sbx-…","reason":"…"}
 * </pre>
 * It names the model and the style, never the order or the person (the token of the address tells the
 * order, R37). Event ids are derived from the fact itself, so a callback and a status look-up report the
 * same fact with the same id, and a delivery repeated is processed once: the body of an event is the same
 * whenever it is sent, so a callback sent again after a restart is the same callback.
 */
final class Callbacks {

    static final String TRAINED = "model.trained";
    static final String READY = "images.ready";
    static final String FAILED = "model.failed";
    static final String LOCATION_PREFIX = "sandbox:";
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private Callbacks() {}

    static String location(String imageId) {
        return LOCATION_PREFIX + imageId;
    }

    static String trainedEventId(ModelRef model) {
        return model + ":trained";
    }

    static String readyEventId(ModelRef model, StyleId style) {
        return model + ":" + style + ":ready";
    }

    static String failedEventId(ModelRef model) {
        return model + ":failed";
    }

    /** A callback to send: the id of the event it carries and its body. */
    record Outgoing(String eventId, byte[] body) {}

    /**
     * The callbacks of the model's events that the app has not answered yet ({@link ModelState#delivered}), in the
     * order the events happened: what is left to send, after a restart too.
     */
    static List<Outgoing> unanswered(ModelState state) {
        List<Outgoing> all = new ArrayList<>();
        if (state.isTrained()) {
            all.add(new Outgoing(trainedEventId(state.ref()), trained(state)));
        }
        state.ready()
                .keySet()
                .forEach(style -> all.add(new Outgoing(readyEventId(state.ref(), style), imagesReady(state, style))));
        if (state.failure().isPresent()) {
            all.add(new Outgoing(failedEventId(state.ref()), failed(state)));
        }
        return all.stream()
                .filter(callback -> !state.delivered().contains(callback.eventId()))
                .toList();
    }

    /** What the sandbox has to report of a model now: the same events its callbacks carry. */
    static List<GeneratorEvent> events(ModelState state) {
        List<GeneratorEvent> events = new ArrayList<>();
        state.trainedAt()
                .ifPresent(at -> events.add(
                        new GeneratorEvent.ModelTrained(trainedEventId(state.ref()), state.order(), state.ref(), at)));
        state.ready()
                .forEach((style, images) -> events.add(new GeneratorEvent.ImagesReady(
                        readyEventId(state.ref(), style),
                        state.order(),
                        style,
                        images.stream().map(Callbacks::location).toList())));
        state.failure()
                .ifPresent(reason ->
                        events.add(new GeneratorEvent.Failed(failedEventId(state.ref()), state.order(), reason)));
        return events;
    }

    static byte[] trained(ModelState state) {
        ObjectNode body = head(trainedEventId(state.ref()), TRAINED, state.ref());
        body.put("trained_at", state.trainedAt().orElseThrow().toString());
        return Json.bytes(body);
    }

    static byte[] imagesReady(ModelState state, StyleId style) {
        ObjectNode body = head(readyEventId(state.ref(), style), READY, state.ref());
        body.put("style", style.value());
        ArrayNode images = body.putArray("images");
        state.ready().get(style).forEach(image -> images.add(location(image)));
        return Json.bytes(body);
    }

    static byte[] failed(ModelState state) {
        ObjectNode body = head(failedEventId(state.ref()), FAILED, state.ref());
        body.put("reason", state.failure().orElseThrow());
        return Json.bytes(body);
    }

    /**
     * The event an authentic callback body carries for {@code owner}, the model its address belongs to.
     * Refused as malformed when it is not one of the three shapes; as not authentic when it names
     * another model than its address's. Throws nothing for the input it is given.
     */
    static Result<GeneratorEvent> decode(ModelState owner, byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
            return malformed("The callback body is empty or larger than " + MAX_BODY_BYTES + " bytes");
        }
        Optional<ObjectNode> parsed = Json.readObject(body);
        if (parsed.isEmpty()) {
            return malformed("The callback body is not a JSON object");
        }
        JsonNode json = parsed.get();
        Optional<String> id = Json.text(json, "id");
        Optional<String> type = Json.text(json, "type");
        Optional<String> model = Json.text(json, "model");
        if (id.isEmpty() || type.isEmpty() || model.isEmpty()) {
            return malformed("The callback lacks its id, type or model");
        }
        if (!model.get().equals(owner.ref().value())) {
            return Result.refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback names a model that is not its address's");
        }
        return switch (type.get()) {
            case TRAINED -> {
                Optional<Instant> at = Json.text(json, "trained_at").flatMap(Callbacks::instant);
                yield at.isEmpty()
                        ? malformed("The callback's training time is missing or not a time")
                        : Result.ok(new GeneratorEvent.ModelTrained(id.get(), owner.order(), owner.ref(), at.get()));
            }
            case READY -> {
                Optional<StyleId> style = Json.text(json, "style").flatMap(Callbacks::style);
                Optional<List<String>> images = images(json.get("images"));
                yield style.isEmpty() || images.isEmpty()
                        ? malformed("The callback lacks its style or its images")
                        : Result.ok(new GeneratorEvent.ImagesReady(id.get(), owner.order(), style.get(), images.get()));
            }
            case FAILED ->
                Result.ok(new GeneratorEvent.Failed(
                        id.get(), owner.order(), Json.text(json, "reason").orElse("The sandbox reported a failure")));
            default -> malformed("The callback's type is not one the sandbox sends");
        };
    }

    private static ObjectNode head(String eventId, String type, ModelRef model) {
        ObjectNode body = Json.object();
        body.put("id", eventId);
        body.put("type", type);
        body.put("model", model.value());
        return body;
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<StyleId> style(String text) {
        try {
            return Optional.of(new StyleId(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<List<String>> images(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            return Optional.empty();
        }
        List<String> images = new ArrayList<>();
        for (JsonNode image : node) {
            if (!image.isTextual()
                    || !image.asText().startsWith(LOCATION_PREFIX)
                    || !ModelStore.isImageId(image.asText().substring(LOCATION_PREFIX.length()))) {
                return Optional.empty();
            }
            images.add(image.asText());
        }
        return Optional.of(images);
    }

    private static Result<GeneratorEvent> malformed(String detail) {
        return Result.refused(Rejection.Reason.EVENT_MALFORMED, detail);
    }
}
