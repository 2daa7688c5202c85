package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sandbox knows of one model, as kept in its {@code model.json}: the order it was trained for
 * (an opaque id, R37), a hash of the training's idempotency key (the key itself is not kept), the nonce
 * of its callback token, how many selfie copies it holds, when it was submitted and trained, the styles
 * asked of it and the images drawn for each. No biometric data and nothing about the person.
 */
record ModelState(ModelRef ref, OrderId order, String keyHash, String tokenNonce, int selfies, Instant submittedAt,
                  Optional<Instant> trainedAt, Map<StyleId, Integer> asked, Map<StyleId, List<String>> ready,
                  Optional<String> failure) {

    static final int FORMAT = 1;

    ModelState {
        Objects.requireNonNull(ref, "model");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(keyHash, "key hash");
        Objects.requireNonNull(tokenNonce, "token nonce");
        Objects.requireNonNull(submittedAt, "submitted at");
        Objects.requireNonNull(trainedAt, "trained at");
        Objects.requireNonNull(failure, "failure");
        if (selfies < 1) {
            throw new IllegalArgumentException("A model is trained from at least one selfie");
        }
        asked = Collections.unmodifiableMap(new LinkedHashMap<>(asked));
        Map<StyleId, List<String>> copy = new LinkedHashMap<>();
        ready.forEach((style, images) -> copy.put(style, List.copyOf(images)));
        ready = Collections.unmodifiableMap(copy);
    }

    static ModelState submitted(ModelRef ref, OrderId order, String keyHash, String tokenNonce, int selfies, Instant at) {
        return new ModelState(ref, order, keyHash, tokenNonce, selfies, at, Optional.empty(), Map.of(), Map.of(), Optional.empty());
    }

    String id() {
        return ref.value();
    }

    boolean isTrained() {
        return trainedAt.isPresent();
    }

    ModelState trained(Instant at) {
        return new ModelState(ref, order, keyHash, tokenNonce, selfies, submittedAt, Optional.of(at), asked, ready, failure);
    }

    ModelState asking(StyleId style, int count) {
        Map<StyleId, Integer> more = new LinkedHashMap<>(asked);
        more.putIfAbsent(style, count);
        return new ModelState(ref, order, keyHash, tokenNonce, selfies, submittedAt, trainedAt, more, ready, failure);
    }

    ModelState withImages(StyleId style, List<String> imageIds) {
        Map<StyleId, List<String>> more = new LinkedHashMap<>(ready);
        more.put(style, imageIds);
        return new ModelState(ref, order, keyHash, tokenNonce, selfies, submittedAt, trainedAt, asked, more, failure);
    }

    ModelState failed(String reason) {
        return new ModelState(ref, order, keyHash, tokenNonce, selfies, submittedAt, trainedAt, asked, ready, Optional.of(reason));
    }

    /** The styles asked but not drawn yet, in the order they were asked. */
    List<StyleId> pending() {
        return asked.keySet().stream().filter(style -> !ready.containsKey(style)).toList();
    }

    /** Every image id of every style. */
    List<String> images() {
        return ready.values().stream().flatMap(List::stream).toList();
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("format", FORMAT);
        json.put("model", ref.value());
        json.put("order", order.toString());
        json.put("keyHash", keyHash);
        json.put("tokenNonce", tokenNonce);
        json.put("selfies", selfies);
        json.put("submittedAt", submittedAt.toString());
        trainedAt.ifPresent(at -> json.put("trainedAt", at.toString()));
        ObjectNode askedJson = json.putObject("asked");
        asked.forEach((style, count) -> askedJson.put(style.value(), count));
        ObjectNode readyJson = json.putObject("ready");
        ready.forEach((style, images) -> {
            ArrayNode list = readyJson.putArray(style.value());
            images.forEach(list::add);
        });
        failure.ifPresent(reason -> json.put("failure", reason));
        return json;
    }

    /**
     * The state a {@code model.json} holds.
     *
     * @throws IllegalArgumentException if it is not one the sandbox wrote
     */
    static ModelState fromJson(JsonNode json) {
        if (json == null || !json.isObject() || json.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("Not a sandbox model record of format " + FORMAT);
        }
        Map<StyleId, Integer> asked = new LinkedHashMap<>();
        json.path("asked").properties().forEach(e -> asked.put(new StyleId(e.getKey()), e.getValue().asInt()));
        Map<StyleId, List<String>> ready = new LinkedHashMap<>();
        json.path("ready").properties().forEach(e -> {
            List<String> images = new ArrayList<>();
            e.getValue().forEach(image -> images.add(ModelStore.requireImageId(image.asText())));
            ready.put(new StyleId(e.getKey()), images);
        });
        return new ModelState(
                new ModelRef(ModelStore.requireModelId(required(json, "model"))),
                OrderId.parse(required(json, "order")),
                required(json, "keyHash"),
                required(json, "tokenNonce"),
                json.path("selfies").asInt(0),
                Instant.parse(required(json, "submittedAt")),
                Json.text(json, "trainedAt").map(Instant::parse),
                asked,
                ready,
                Json.text(json, "failure"));
    }

    private static String required(JsonNode json, String field) {
        return Json.text(json, field).orElseThrow(() -> new IllegalArgumentException("A sandbox model record lacks " + field));
    }
}
