package ai.kaptura.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A strict reader of one JSON object of a request body. Members are read by name and type; no value is
 * ever coerced (the string {@code "true"} is not a boolean) and no missing member is defaulted. Every
 * problem found is collected with the member's path, and {@link #done()} then answers them all at once as
 * one 400 problem, unknown members included.
 */
final class JsonObject {

    private final String path;
    private final JsonNode node;
    private final boolean absent;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<JsonObject> children = new ArrayList<>();
    private final List<Problem.FieldError> errors;

    JsonObject(String path, JsonNode node) {
        this(path, node, false, new ArrayList<>());
    }

    private JsonObject(String path, JsonNode node, boolean absent, List<Problem.FieldError> errors) {
        this.path = path;
        this.node = node;
        this.absent = absent;
        this.errors = errors;
    }

    private String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private JsonNode member(String name, boolean required) {
        known.add(name);
        JsonNode value = node.get(name);
        if (value == null) {
            if (required) {
                errors.add(new Problem.FieldError(field(name), "'" + field(name) + "' is required"));
            }
            return null;
        }
        return value;
    }

    /** A required JSON boolean, given explicitly: {@code true} or {@code false}, nothing else. */
    boolean requiredBoolean(String name) {
        JsonNode value = member(name, true);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            wrongType(name, "true or false (a JSON boolean)", value);
            return false;
        }
        return value.booleanValue();
    }

    String requiredString(String name, int maxLength) {
        JsonNode value = member(name, true);
        return value == null ? null : string(name, value, maxLength);
    }

    Optional<String> optionalString(String name, int maxLength) {
        JsonNode value = member(name, false);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(string(name, value, maxLength));
    }

    List<String> requiredStrings(String name, int maxItems, int maxLength) {
        JsonNode value = member(name, true);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            wrongType(name, "an array of strings", value);
            return List.of();
        }
        if (value.size() > maxItems) {
            errors.add(
                    new Problem.FieldError(field(name), "'" + field(name) + "' holds at most " + maxItems + " items"));
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String item = string(name + "[" + i + "]", value.get(i), maxLength);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    /** A required nested object; its members are checked by the same rules, under this one's errors. */
    JsonObject requiredObject(String name) {
        JsonNode value = member(name, true);
        if (value != null && !value.isObject()) {
            wrongType(name, "an object", value);
            value = null;
        }
        JsonObject nested = new JsonObject(
                field(name), value == null ? Json.MAPPER.createObjectNode() : value, value == null, errors);
        children.add(nested);
        return nested;
    }

    private String string(String name, JsonNode value, int maxLength) {
        if (!value.isTextual()) {
            wrongType(name, "a string", value);
            return null;
        }
        String text = value.textValue();
        if (text.length() > maxLength) {
            errors.add(new Problem.FieldError(
                    field(name), "'" + field(name) + "' is at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    private void wrongType(String name, String expected, JsonNode value) {
        errors.add(new Problem.FieldError(
                field(name), "'" + field(name) + "' must be " + expected + ", not " + describe(value)));
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }

    /** Unknown members of this object (and of nested ones read from it) as errors. */
    private void collectUnknown() {
        if (absent) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new Problem.FieldError(field(name), "'" + field(name) + "' is not a known field"));
            }
        }
    }

    /**
     * Ends reading: if any member was missing, of the wrong type, too long, or unknown, answers every such
     * error as one 400 validation problem.
     */
    void done() {
        collectAll();
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(List.copyOf(errors)));
        }
    }

    private void collectAll() {
        collectUnknown();
        children.forEach(JsonObject::collectAll);
    }
}
