package ai.kaptura.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small stand-in for Astria's API (docs.astria.ai, "API": tunes and prompts, multipart forms in, the documented
 * tune and prompt objects out), enough for Kaptura's Astria adapter to train a LoRA on the Flux base tune and ask for
 * prompts: {@code POST /tunes}, {@code GET /tunes}, {@code GET /tunes/{id}}, {@code POST|GET /tunes/{id}/prompts},
 * {@code GET /tunes/{id}/prompts/{id}}, {@code DELETE /tunes/{id}}, {@code DELETE /prompts/{id}}; tunes on the free
 * {@code fast} branch are trained at once and their prompts answered with a mock image at once. It records every request line and the callback addresses Kaptura gave, and lets
 * the test decide when training is done and which image addresses the prompts report.
 */
final class LocalAstria implements AutoCloseable {

    static final String API_KEY = "sd_attack_test_key_5e1d";
    static final long BASE_TUNE = 1504944;

    /** A tune or a prompt as the stub keeps it. */
    private static final class Entity {
        final long id;
        final Map<String, String> fields;
        Instant trainedAt;
        final List<String> images = new ArrayList<>();
        final long onTune;

        Entity(long id, Map<String, String> fields, long onTune) {
            this.id = id;
            this.fields = fields;
            this.onTune = onTune;
        }
    }

    private static final Pattern FIELD = Pattern.compile(
            "name=\"((?:tune|prompt)\\[[a-z_]+\\])\"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]*)\\r\\n");
    private static final Pattern TUNE = Pattern.compile("/tunes/(\\d+)");
    private static final Pattern PROMPTS = Pattern.compile("/tunes/(\\d+)/prompts");
    private static final Pattern PROMPT = Pattern.compile("/tunes/(\\d+)/prompts/(\\d+)");
    private static final Pattern DELETE_PROMPT = Pattern.compile("/prompts/(\\d+)");
    private static final Pattern TAG = Pattern.compile("<(?:lora|faceid):(\\d+):");
    private static final Pattern BEFORE = Pattern.compile("(?:^|&)before_id=(\\d+)");

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Long, Entity> tunes = new LinkedHashMap<>();
    private final Map<Long, Entity> prompts = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private long nextTune = 7001;
    private long nextPrompt = 90001;

    LocalAstria() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** Every request line received ({@code GET /tunes/7001}), oldest first, queries cut off. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized Optional<Long> onlyTune() {
        return tunes.keySet().stream().filter(id -> id != BASE_TUNE).findFirst();
    }

    synchronized String tuneCallback(long tune) {
        return tunes.get(tune).fields.get("tune[callback]");
    }

    synchronized String tuneTitle(long tune) {
        return tunes.get(tune).fields.get("tune[title]");
    }

    synchronized void finishTraining(long tune) {
        tunes.get(tune).trainedAt = Instant.now();
    }

    /** The callback addresses of the prompts asked so far, with their texts. */
    synchronized Map<String, String> promptCallbacks() {
        Map<String, String> callbacks = new LinkedHashMap<>();
        prompts.values().forEach(p -> callbacks.put(p.fields.get("prompt[callback]"), p.fields.get("prompt[text]")));
        return callbacks;
    }

    /** Every prompt asked so far is done, and reports {@code locations} as its images. */
    synchronized void finishPromptsWith(List<String> locations) {
        for (Entity prompt : prompts.values()) {
            prompt.trainedAt = Instant.now();
            prompt.images.clear();
            prompt.images.addAll(locations);
        }
    }

    synchronized int promptCount() {
        return prompts.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + path);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"error\":\"Unauthorized\"}");
                return;
            }
            Object reply;
            synchronized (this) {
                reply = route(method, path, exchange.getRequestURI().getQuery(), body);
            }
            if (reply == null) {
                answer(exchange, 404, "{\"error\":\"Not found\"}");
            } else {
                answer(exchange, 200, json.writeValueAsString(reply));
            }
        }
    }

    private Object route(String method, String path, String query, byte[] body) {
        // Lists are newest first and paged by before_id, as Astria documents them (docs/api/0-tune/4-list.md).
        Matcher cursor = query == null ? null : BEFORE.matcher(query);
        long before = cursor != null && cursor.find() ? Long.parseLong(cursor.group(1)) : Long.MAX_VALUE;
        Matcher m;
        if (path.equals("/tunes") && method.equals("POST")) {
            Map<String, String> fields = fields(body);
            for (Entity tune : tunes.values()) {
                if (tune.fields.get("tune[title]").equals(fields.get("tune[title]"))) {
                    return tuneNode(tune);
                }
            }
            Entity tune = new Entity(nextTune++, fields, 0);
            if ("fast".equals(fields.get("tune[branch]"))) {
                tune.trainedAt = Instant.now(); // Astria's free test branch: a mock model at once
            }
            tunes.put(tune.id, tune);
            return tuneNode(tune);
        }
        if (path.equals("/tunes") && method.equals("GET")) {
            ArrayNode list = json.createArrayNode();
            tunes.values().stream()
                    .filter(t -> t.id < before)
                    .sorted((a, b) -> Long.compare(b.id, a.id))
                    .forEach(t -> list.add(tuneNode(t)));
            return list;
        }
        if ((m = PROMPT.matcher(path)).matches() && method.equals("GET")) {
            Entity prompt = prompts.get(Long.parseLong(m.group(2)));
            return prompt == null || prompt.onTune != Long.parseLong(m.group(1)) ? null : promptNode(prompt);
        }
        if ((m = PROMPTS.matcher(path)).matches()) {
            long on = Long.parseLong(m.group(1));
            if (on != BASE_TUNE && !tunes.containsKey(on)) {
                return null;
            }
            if (method.equals("POST")) {
                Entity prompt = new Entity(nextPrompt++, fields(body), on);
                Matcher tag = TAG.matcher(prompt.fields.getOrDefault("prompt[text]", ""));
                Entity model = tunes.get(tag.find() ? Long.parseLong(tag.group(1)) : on);
                if (model != null && "fast".equals(model.fields.get("tune[branch]"))) {
                    prompt.trainedAt = Instant.now(); // and mock images at once
                    prompt.images.add("https://sdbooth2-production.s3.amazonaws.com/mock");
                }
                prompts.put(prompt.id, prompt);
                return promptNode(prompt);
            }
            ArrayNode list = json.createArrayNode();
            prompts.values().stream()
                    .filter(p -> p.onTune == on && p.id < before)
                    .sorted((a, b) -> Long.compare(b.id, a.id))
                    .forEach(p -> list.add(promptNode(p)));
            return list;
        }
        if ((m = TUNE.matcher(path)).matches() && method.equals("DELETE")) {
            return tunes.remove(Long.parseLong(m.group(1))) == null ? null : json.createObjectNode();
        }
        if ((m = DELETE_PROMPT.matcher(path)).matches() && method.equals("DELETE")) {
            return prompts.remove(Long.parseLong(m.group(1))) == null
                    ? null
                    : json.createObjectNode().put("message", "Prompt successfully deleted");
        }
        if ((m = TUNE.matcher(path)).matches() && method.equals("GET")) {
            long id = Long.parseLong(m.group(1));
            if (id == BASE_TUNE) {
                return json.createObjectNode()
                        .put("id", BASE_TUNE)
                        .put("title", "Flux1.dev")
                        .put("name", "flux")
                        .put("trained_at", "2025-01-01T00:00:00Z")
                        .put("branch", "flux1");
            }
            Entity tune = tunes.get(id);
            return tune == null ? null : tuneNode(tune);
        }
        return null;
    }

    private ObjectNode tuneNode(Entity tune) {
        ObjectNode node = json.createObjectNode();
        node.put("id", tune.id);
        node.put("title", tune.fields.get("tune[title]"));
        node.put("name", tune.fields.get("tune[name]"));
        node.put("token", "ohwx");
        node.putNull("base_tune_id"); // as Astria's documented LoRA answer shows it
        node.put("model_type", tune.fields.get("tune[model_type]"));
        node.put("branch", tune.fields.get("tune[branch]"));
        node.put("trained_at", tune.trainedAt == null ? null : tune.trainedAt.toString());
        node.put("created_at", "2026-12-01T10:00:00Z");
        return node;
    }

    private ObjectNode promptNode(Entity prompt) {
        ObjectNode node = json.createObjectNode();
        node.put("id", prompt.id);
        node.put("callback", prompt.fields.get("prompt[callback]"));
        node.put("text", prompt.fields.get("prompt[text]"));
        node.put("tune_id", prompt.onTune);
        node.put("num_images", Integer.parseInt(prompt.fields.getOrDefault("prompt[num_images]", "1")));
        node.put("trained_at", prompt.trainedAt == null ? null : prompt.trainedAt.toString());
        node.put("created_at", "2026-12-01T10:00:00Z");
        ArrayNode images = node.putArray("images");
        prompt.images.forEach(images::add);
        return node;
    }

    /** The text fields of a multipart form (file parts are skipped: they never match a one-line value). */
    private static Map<String, String> fields(byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(new String(body, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            fields.putIfAbsent(m.group(1), m.group(2));
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
