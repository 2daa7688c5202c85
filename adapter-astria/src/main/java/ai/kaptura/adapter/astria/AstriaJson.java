package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Astria's tune and prompt objects, read leniently (Astria adds fields over time) but checked where the
 * adapter relies on them: ids are positive integers, times are ISO instants, image locations are http(s).
 */
final class AstriaJson {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,18}");

    private AstriaJson() {}

    /** What the adapter reads of a tune. */
    record Tune(
            String id,
            Optional<String> title,
            Optional<String> name,
            Optional<String> token,
            Optional<String> baseTuneId,
            Optional<String> modelType,
            Optional<Instant> trainedAt,
            Optional<Instant> createdAt) {

        static Tune of(JsonNode node) {
            JsonNode tune = node != null && node.isArray() && node.size() == 1 ? node.get(0) : node;
            if (tune == null || !tune.isObject()) {
                throw new IllegalArgumentException("not a tune object");
            }
            return new Tune(
                    readId(tune.get("id")).orElseThrow(() -> new IllegalArgumentException("a tune without an id")),
                    readText(tune, "title"),
                    readText(tune, "name"),
                    readText(tune, "token"),
                    readId(tune.get("base_tune_id")),
                    readText(tune, "model_type"),
                    readInstant(tune, "trained_at"),
                    readInstant(tune, "created_at"));
        }

        // base_tune_id and model_type are read but never relied on: Astria's documented LoRA answer has
        // "base_tune_id": null, so where prompts go follows from the configured model type (ModelSettings).
    }

    /** What the adapter reads of a prompt. */
    record Prompt(
            String id,
            Optional<String> text,
            Optional<String> callback,
            Optional<Instant> trainedAt,
            Optional<Instant> createdAt,
            List<String> images) {

        static Prompt of(JsonNode node) {
            JsonNode prompt = node != null && node.isArray() && node.size() == 1 ? node.get(0) : node;
            if (prompt == null || !prompt.isObject()) {
                throw new IllegalArgumentException("not a prompt object");
            }
            return new Prompt(
                    readId(prompt.get("id")).orElseThrow(() -> new IllegalArgumentException("a prompt without an id")),
                    readText(prompt, "text"),
                    readText(prompt, "callback"),
                    readInstant(prompt, "trained_at"),
                    readInstant(prompt, "created_at"),
                    readImages(prompt.get("images")));
        }

        boolean done() {
            return !images.isEmpty();
        }
    }

    /** The objects of a list answer; anything but an array is an unexpected answer. */
    static List<JsonNode> list(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("not a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    static Optional<String> readId(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() > 0) {
            return Optional.of(Long.toString(node.asLong()));
        }
        if (node.isTextual() && ID.matcher(node.asText()).matches()) {
            return Optional.of(node.asText());
        }
        throw new IllegalArgumentException("not an Astria id");
    }

    static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    private static Optional<String> readText(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<Instant> readInstant(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " is not a time");
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not a time", e);
        }
    }

    private static List<String> readImages(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("images is not a list");
        }
        List<String> images = new ArrayList<>();
        for (JsonNode image : node) {
            if (!image.isTextual()
                    || !(image.asText().startsWith("https://") || image.asText().startsWith("http://"))) {
                throw new IllegalArgumentException("an image location is not an http(s) address");
            }
            images.add(image.asText());
        }
        return List.copyOf(images);
    }
}
