package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox knows of one model, as kept in its {@code model.json}: the order it was trained for
 * (an opaque id, R37), a hash of the training's idempotency key (the key itself is not kept), the nonce
 * of its callback token, how many selfie copies it holds, when it was submitted and trained, the styles
 * asked of it (and when) and the images drawn for each, and which of its callbacks the app has answered.
 * No biometric data and nothing about the person.
 *
 * <p>Everything the sandbox has accepted and not finished can be read back from it after a restart: a training
 * not trained yet ({@link #trainingDueAt}), styles asked and not drawn ({@link #pending}, due one delay after they
 * were asked, {@link #drawDueAt}), and events whose callback the app has not answered ({@link #delivered}: the ids
 * of the answered ones). A record written before {@code askedAt} and {@code delivered} existed reads as "asked
 * when trained" and "nothing answered": its callbacks are sent again, which the app ignores if it has them.
 *
 * @param askedAt   when each style was asked (a style asked before training counts from the training)
 * @param delivered the ids of the events whose callback the app answered (taken, or refused for good)
 */
record ModelState(
        ModelRef ref,
        OrderId order,
        String keyHash,
        String tokenNonce,
        int selfies,
        Instant submittedAt,
        Optional<Instant> trainedAt,
        Map<StyleId, Integer> asked,
        Map<StyleId, Instant> askedAt,
        Map<StyleId, List<String>> ready,
        Optional<String> failure,
        Set<String> delivered) {

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
        askedAt = Collections.unmodifiableMap(new LinkedHashMap<>(askedAt));
        delivered = Collections.unmodifiableSet(new LinkedHashSet<>(delivered));
        Map<StyleId, List<String>> copy = new LinkedHashMap<>();
        ready.forEach((style, images) -> copy.put(style, List.copyOf(images)));
        ready = Collections.unmodifiableMap(copy);
    }

    static ModelState submitted(
            ModelRef ref, OrderId order, String keyHash, String tokenNonce, int selfies, Instant at) {
        return new ModelState(
                ref,
                order,
                keyHash,
                tokenNonce,
                selfies,
                at,
                Optional.empty(),
                Map.of(),
                Map.of(),
                Map.of(),
                Optional.empty(),
                Set.of());
    }

    String id() {
        return ref.value();
    }

    boolean isTrained() {
        return trainedAt.isPresent();
    }

    ModelState trained(Instant at) {
        return with(Optional.of(at), asked, askedAt, ready, failure, delivered);
    }

    /** {@code style} asked at {@code at}, {@code count} images; a style asked before keeps its first request. */
    ModelState asking(StyleId style, int count, Instant at) {
        if (asked.containsKey(style)) {
            return this;
        }
        Map<StyleId, Integer> more = new LinkedHashMap<>(asked);
        more.put(style, count);
        Map<StyleId, Instant> when = new LinkedHashMap<>(askedAt);
        when.put(style, at);
        return with(trainedAt, more, when, ready, failure, delivered);
    }

    ModelState withImages(StyleId style, List<String> imageIds) {
        Map<StyleId, List<String>> more = new LinkedHashMap<>(ready);
        more.put(style, imageIds);
        return with(trainedAt, asked, askedAt, more, failure, delivered);
    }

    ModelState failed(String reason) {
        return with(trainedAt, asked, askedAt, ready, Optional.of(reason), delivered);
    }

    /** The callback of {@code eventId} was answered by the app: it is not sent again, not even after a restart. */
    ModelState answered(String eventId) {
        if (delivered.contains(eventId)) {
            return this;
        }
        Set<String> more = new LinkedHashSet<>(delivered);
        more.add(eventId);
        return with(trainedAt, asked, askedAt, ready, failure, more);
    }

    /** When the training finishes: one {@code delay} after it was submitted. */
    Instant trainingDueAt(Duration delay) {
        return submittedAt.plus(delay);
    }

    /**
     * When the earliest style asked and not drawn yet is due: one {@code delay} after it was asked, or after the
     * training if it was asked before; empty if nothing is pending or the model is not trained.
     */
    Optional<Instant> drawDueAt(Duration delay) {
        if (trainedAt.isEmpty()) {
            return Optional.empty();
        }
        Instant trained = trainedAt.get();
        return pending().stream()
                .map(style -> askedAt.getOrDefault(style, trained))
                .map(at -> (at.isBefore(trained) ? trained : at).plus(delay))
                .min(Instant::compareTo);
    }

    /** The styles asked but not drawn yet, in the order they were asked. */
    List<StyleId> pending() {
        return asked.keySet().stream()
                .filter(style -> !ready.containsKey(style))
                .toList();
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
        ObjectNode askedAtJson = json.putObject("askedAt");
        askedAt.forEach((style, at) -> askedAtJson.put(style.value(), at.toString()));
        ObjectNode readyJson = json.putObject("ready");
        ready.forEach((style, images) -> {
            ArrayNode list = readyJson.putArray(style.value());
            images.forEach(list::add);
        });
        failure.ifPresent(reason -> json.put("failure", reason));
        ArrayNode deliveredJson = json.putArray("delivered");
        delivered.forEach(deliveredJson::add);
        return json;
    }

    /**
     * The state a {@code model.json} holds.
     *
     * @throws IllegalArgumentException if it is not one the sandbox wrote
     */
    /** This model with its changing parts as given; what identifies it (reference, order, key, nonce, selfies, submission) stays. */
    private ModelState with(
            Optional<Instant> trainedAt,
            Map<StyleId, Integer> asked,
            Map<StyleId, Instant> askedAt,
            Map<StyleId, List<String>> ready,
            Optional<String> failure,
            Set<String> delivered) {
        return new ModelState(
                ref,
                order,
                keyHash,
                tokenNonce,
                selfies,
                submittedAt,
                trainedAt,
                asked,
                askedAt,
                ready,
                failure,
                delivered);
    }

    static ModelState fromJson(JsonNode json) {
        if (json == null || !json.isObject() || json.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("Not a sandbox model record of format " + FORMAT);
        }
        Map<StyleId, Integer> asked = new LinkedHashMap<>();
        json.path("asked")
                .properties()
                .forEach(e -> asked.put(new StyleId(e.getKey()), e.getValue().asInt()));
        Map<StyleId, Instant> askedAt = new LinkedHashMap<>();
        json.path("askedAt")
                .properties()
                .forEach(e -> askedAt.put(
                        new StyleId(e.getKey()), Instant.parse(e.getValue().asText())));
        Set<String> delivered = new LinkedHashSet<>();
        json.path("delivered").forEach(id -> delivered.add(id.asText()));
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
                askedAt,
                ready,
                Json.text(json, "failure"),
                delivered);
    }

    private static String required(JsonNode json, String field) {
        return Json.text(json, field)
                .orElseThrow(() -> new IllegalArgumentException("A sandbox model record lacks " + field));
    }
}
