package ai.kaptura.adapter.astria;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A stateful stand-in for Astria's API, run inside WireMock as a response transformer. Tunes and prompts live in
 * memory and are served as Astria documents them (astriaai/astria-docs at 5704e93, August 2026; the file is named
 * after each fact):
 * <ul>
 *   <li>the tune and prompt objects of {@code docs/api/0-tune/2-retrieve.md} and {@code docs/api/1-prompt/2-retrieve.md};
 *       a LoRA or FaceID tune answers {@code "base_tune_id": null}, as the documented LoRA and FaceID responses do
 *       ({@code docs/api/0-tune/1-create.md}, {@code docs/features/faceid.md}), whatever base it was trained on;</li>
 *   <li>lists newest first (id descending), {@code limit} 20 by default and at most 120, {@code before_id} returning
 *       the objects with a lower id, and {@code offset} answered {@code 400} above 200 for tunes and above 10,000 for
 *       prompts, with an error pointing to {@code before_id} ({@code docs/api/0-tune/4-list.md},
 *       {@code docs/api/1-prompt/4-list.md}); {@code GET /tunes} lists the account's own tunes, not the gallery's;</li>
 *   <li>{@code DELETE /tunes/{id}} deletes a checkpoint's prompts with it and nothing else: a LoRA's or FaceID's
 *       prompts live on the base tune and outlive it ({@code docs/api/0-tune/5-delete.md}); {@code DELETE /prompts/{id}}
 *       answers {@code {"message": "Prompt successfully deleted"}} ({@code docs/api/1-prompt/5-delete.md}); a GET of
 *       what is gone answers 404;</li>
 *   <li>title idempotency for tunes and attribute idempotency for prompts, as the account setting turns on
 *       ({@code docs/api/0-overview.md}, "Idempotency"); 422 with field names for an invalid form; a FaceID tune is
 *       trained at creation ({@code docs/features/faceid.md}, "API");</li>
 *   <li>504 "took over 30 s but probably processed" both ways (the object made or not, {@link #processThenAnswer} and
 *       {@link #failNext}), and any other fault planned per method and path.</li>
 * </ul>
 * Images are served from the same server without the API key. Accounts with thousands of tunes and prompts are made
 * with {@link #seedForeignTunes} and {@link #seedForeignPrompts}.
 */
final class AstriaStub implements ResponseDefinitionTransformerV2 {

    static final String NAME = "astria-stub";
    static final String API_KEY = "sd_TEST_stub_key_8c1f0e6b2a";
    static final long FLUX1_DEV = 1504944;
    /** Realistic Vision v5.1, the gallery tune Astria's FaceID example prompts on ({@code docs/features/faceid.md}). */
    static final long REALISTIC_VISION = 690204;

    static final int PAGE = 20;
    static final int MAX_LIMIT = 120;
    static final int MAX_TUNE_OFFSET = 200;
    static final int MAX_PROMPT_OFFSET = 10_000;

    /** A tune as Astria keeps it. */
    static final class Tune {
        final long id;
        final String title;
        final String name;
        final String callback;
        final Long baseTuneId;
        final String modelType;
        final String preset;
        final String branch;
        final int images;
        final Instant createdAt;
        Instant trainedAt;
        boolean keepsDespiteDeletion;

        Tune(
                long id,
                String title,
                String name,
                String callback,
                Long baseTuneId,
                String modelType,
                String preset,
                String branch,
                int images,
                Instant createdAt) {
            this.id = id;
            this.title = title;
            this.name = name;
            this.callback = callback;
            this.baseTuneId = baseTuneId;
            this.modelType = modelType;
            this.preset = preset;
            this.branch = branch;
            this.images = images;
            this.createdAt = createdAt;
        }
    }

    /** A prompt as Astria keeps it. */
    static final class Prompt {
        final long id;
        final long tuneId;
        final String text;
        final int numImages;
        final String callback;
        final Instant createdAt;
        Instant trainedAt;
        final List<String> images = new ArrayList<>();

        Prompt(long id, long tuneId, String text, int numImages, String callback, Instant createdAt) {
            this.id = id;
            this.tuneId = tuneId;
            this.text = text;
            this.numImages = numImages;
            this.callback = callback;
            this.createdAt = createdAt;
        }
    }

    /** A planned fault: answer {@code status} (0: the normal answer), after {@code delayMs}, processing the request first or not. */
    private static final class Fault {
        final String method;
        final Pattern path;
        final int status;
        final int delayMs;
        final boolean process;
        int skip;
        int remaining;

        Fault(String method, String path, int status, int delayMs, boolean process, int times) {
            this(method, path, status, delayMs, process, 0, times);
        }

        Fault(String method, String path, int status, int delayMs, boolean process, int skip, int times) {
            this.method = method;
            this.path = Pattern.compile(path);
            this.status = status;
            this.delayMs = delayMs;
            this.process = process;
            this.skip = skip;
            this.remaining = times;
        }
    }

    private static final Pattern TUNE = Pattern.compile("/tunes/(\\d+)");
    private static final Pattern TUNE_PROMPTS = Pattern.compile("/tunes/(\\d+)/prompts");
    private static final Pattern TUNE_PROMPT = Pattern.compile("/tunes/(\\d+)/prompts/(\\d+)");
    private static final Pattern PROMPT = Pattern.compile("/prompts/(\\d+)");
    private static final Pattern IMAGE = Pattern.compile("/images/(\\d+)/(\\d+)\\.png");

    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();
    private final TreeMap<Long, Tune> tunes = new TreeMap<>();
    private final TreeMap<Long, Prompt> prompts = new TreeMap<>();
    private final Set<Long> gallery = new HashSet<>();
    private final List<String> badRequests = new ArrayList<>();
    private final List<String> userAgents = new ArrayList<>();
    private final Map<String, byte[]> imageBytes = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private String baseUrl = "http://localhost";
    private boolean fastIsInstant;
    private boolean titleIdempotency = true;
    private long nextTune = 7001;
    private long nextPrompt = 90001;
    private int tunesCreated;

    AstriaStub(InstantSource clock) {
        this.clock = clock;
        for (long base : new long[] {FLUX1_DEV, REALISTIC_VISION}) {
            Tune tune = new Tune(
                    base,
                    base == FLUX1_DEV ? "Flux1.dev" : "Realistic Vision v5.1",
                    null,
                    null,
                    null,
                    null,
                    null,
                    base == FLUX1_DEV ? "flux1" : "sd15",
                    0,
                    clock.instant().minus(Duration.ofDays(400)));
            tune.trainedAt = tune.createdAt;
            tunes.put(base, tune);
            gallery.add(base);
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    synchronized void baseUrl(String url) {
        this.baseUrl = url;
    }

    // ---- the vendor's side, for the tests -------------------------------------------------------

    synchronized void finishTraining(String tuneId) {
        Tune tune = require(Long.parseLong(tuneId));
        tune.trainedAt = clock.instant();
    }

    /** Every prompt asked of {@code tuneId} (on it, or on its base with its LoRA) gets its images now. */
    synchronized void finishGenerating(String tuneId) {
        finishPrompts(tuneId, Integer.MAX_VALUE);
    }

    /** The first {@code limit} unfinished prompts of {@code tuneId}, by id, get their images now. */
    synchronized void finishPrompts(String tuneId, int limit) {
        int finished = 0;
        for (Prompt prompt : promptsOfModel(tuneId)) {
            if (finished >= limit) {
                return;
            }
            if (prompt.trainedAt != null) {
                continue;
            }
            prompt.trainedAt = clock.instant();
            for (int n = 1; n <= prompt.numImages; n++) {
                String location = baseUrl + "/images/" + prompt.id + "/" + n + ".png";
                imageBytes.put(location, png(location));
                prompt.images.add(location);
            }
            finished++;
        }
    }

    /**
     * Every unfinished prompt of {@code tuneId} is finished with {@code locations} as its images, whatever they are:
     * an API that names images elsewhere (a compromised or confused vendor), for the image policy's tests.
     */
    synchronized void finishGeneratingWith(String tuneId, List<String> locations) {
        for (Prompt prompt : promptsOfModel(tuneId)) {
            if (prompt.trainedAt == null) {
                prompt.trainedAt = clock.instant();
                prompt.images.addAll(locations);
            }
        }
    }

    /**
     * Tunes on the {@code fast} branch are trained at once and their prompts answered with mock images at once, as
     * Astria's test branch does ("subsequent prompt calls will return mock images", docs/api/0-overview.md).
     */
    synchronized void fastBranchIsInstant() {
        fastIsInstant = true;
    }

    /** The account's idempotency setting turned off: the same title makes a second tune. */
    synchronized void titleIdempotencyOff() {
        titleIdempotency = false;
    }

    synchronized void keepDespiteDeletion(String tuneId) {
        require(Long.parseLong(tuneId)).keepsDespiteDeletion = true;
    }

    synchronized Optional<Tune> tune(String tuneId) {
        return Optional.ofNullable(tunes.get(Long.parseLong(tuneId)));
    }

    synchronized List<Tune> tunes() {
        return List.copyOf(tunes.values());
    }

    /** The prompts that belong to model {@code tuneId}: posted on it, or on a base tune naming its LoRA or FaceID. */
    synchronized List<Prompt> promptsOfModel(String tuneId) {
        long id = Long.parseLong(tuneId);
        return prompts.values().stream()
                .filter(p -> p.tuneId == id
                        || p.text.contains("<lora:" + id + ":")
                        || p.text.contains("<faceid:" + id + ":"))
                .sorted(Comparator.comparingLong(p -> p.id))
                .toList();
    }

    synchronized List<Prompt> promptsOn(long tuneId) {
        return prompts.values().stream().filter(p -> p.tuneId == tuneId).toList();
    }

    /** A prompt someone else made on {@code tuneId} (another order, the Astria web app), for isolation tests. */
    synchronized Prompt foreignPrompt(long tuneId, String text) {
        Prompt prompt = new Prompt(nextPrompt++, tuneId, text, 1, null, clock.instant());
        prompts.put(prompt.id, prompt);
        return prompt;
    }

    synchronized int tunesCreated() {
        return tunesCreated;
    }

    /**
     * {@code count} trained tunes of other orders (titles that are not Kaptura's), created one a minute before now, the
     * newest a minute ago: an account that has been in use for a while.
     */
    synchronized void seedForeignTunes(int count) {
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            Tune tune = new Tune(
                    nextTune++,
                    "someone else's order " + i,
                    "person",
                    null,
                    FLUX1_DEV,
                    "lora",
                    null,
                    null,
                    8,
                    now.minus(Duration.ofMinutes(count - i)));
            tune.trainedAt = tune.createdAt;
            tunes.put(tune.id, tune);
        }
    }

    /**
     * {@code count} finished prompts of other orders on {@code tuneId}, created one a minute before now, the newest a
     * minute ago: a shared base tune that has served many orders.
     */
    synchronized void seedForeignPrompts(long tuneId, int count) {
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            Prompt prompt = new Prompt(
                    nextPrompt++,
                    tuneId,
                    "<lora:" + (100 + i % 50) + ":1> ohwx woman, portrait " + i,
                    1,
                    null,
                    now.minus(Duration.ofMinutes(count - i)));
            prompt.trainedAt = prompt.createdAt;
            prompts.put(prompt.id, prompt);
        }
    }

    /** A tune titled {@code title} made now, as Astria makes one whose request it answered 504 and finished later. */
    synchronized Tune makeTune(String title, String name) {
        Tune tune = new Tune(nextTune++, title, name, null, null, null, null, "fast", 8, clock.instant());
        tunes.put(tune.id, tune);
        tunesCreated++;
        return tune;
    }

    /** Every request answered 400 so far, as its request line; a client that follows the documentation gets none. */
    synchronized List<String> badRequests() {
        return List.copyOf(badRequests);
    }

    /** The {@code User-Agent} of every API request (not image downloads), oldest first. */
    synchronized List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    String tuneJson(Tune tune) {
        return write(tuneNode(tune));
    }

    String promptJson(Prompt prompt) {
        return write(promptNode(prompt));
    }

    /** The next {@code times} requests matching answer {@code status} at once, unprocessed. */
    synchronized void failNext(String method, String pathRegex, int status, int times) {
        faults.add(new Fault(method, pathRegex, status, 0, false, times));
    }

    /** After {@code skip} matching requests served normally, the next {@code times} answer {@code status} at once, unprocessed. */
    synchronized void failAfter(String method, String pathRegex, int skip, int status, int times) {
        faults.add(new Fault(method, pathRegex, status, 0, false, skip, times));
    }

    /** The next {@code times} requests matching are processed, then answered with {@code status} instead. */
    synchronized void processThenAnswer(String method, String pathRegex, int status, int times) {
        faults.add(new Fault(method, pathRegex, status, 0, true, times));
    }

    /** The next {@code times} requests matching are processed and answered normally, but only after {@code delayMs}. */
    synchronized void delayNext(String method, String pathRegex, int delayMs, int times) {
        faults.add(new Fault(method, pathRegex, 0, delayMs, true, times));
    }

    // ---- the API ---------------------------------------------------------------------------------

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod().getName();
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q + 1);
        Fault fault = takeFault(method, path);
        if (fault != null && !fault.process) {
            return answer(fault.status, "{\"error\":\"planned fault\"}", fault.delayMs);
        }
        ResponseDefinition normal = route(request, method, path, query);
        if (fault == null) {
            return normal;
        }
        ResponseDefinitionBuilder changed =
                ResponseDefinitionBuilder.like(normal).withFixedDelay(fault.delayMs);
        if (fault.status > 0) {
            changed.withStatus(fault.status)
                    .withBody(fault.status == 504 ? "<html><body>504 Gateway Time-out</body></html>" : "{}");
        }
        return changed.build();
    }

    private Fault takeFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.remaining > 0
                    && fault.method.equals(method)
                    && fault.path.matcher(path).matches()) {
                if (fault.skip > 0) {
                    fault.skip--;
                    return null;
                }
                fault.remaining--;
                return fault;
            }
        }
        return null;
    }

    private ResponseDefinition route(Request request, String method, String path, String query) {
        Matcher m;
        if ((m = IMAGE.matcher(path)).matches() && method.equals("GET")) {
            if (request.containsHeader("Authorization")) {
                return answer(400, "{\"error\":\"the API key must not go to the image host\"}", 0);
            }
            byte[] image = imageBytes.get(baseUrl + path);
            return image == null
                    ? answer(404, "<Error><Code>NoSuchKey</Code></Error>", 0)
                    : ResponseDefinitionBuilder.responseDefinition()
                            .withStatus(200)
                            .withHeader("Content-Type", "image/png")
                            .withBody(image)
                            .build();
        }
        if (!("Bearer " + API_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, "{\"error\":\"Unauthorized\"}", 0);
        }
        userAgents.add(String.valueOf(request.getHeader("User-Agent")));
        Map<String, String> params = params(query);
        if (path.equals("/tunes") && method.equals("POST")) {
            return createTune(request);
        }
        if (path.equals("/tunes") && method.equals("GET")) {
            return list(
                    method + " " + request.getUrl(),
                    tunes.descendingMap().values().stream()
                            .filter(t -> !gallery.contains(t.id))
                            .map(t -> new Listed(t.id, tuneNode(t)))
                            .toList(),
                    params,
                    MAX_TUNE_OFFSET);
        }
        if ((m = TUNE_PROMPT.matcher(path)).matches() && method.equals("DELETE")) {
            Prompt prompt = prompts.get(Long.parseLong(m.group(2)));
            if (prompt == null || prompt.tuneId != Long.parseLong(m.group(1))) {
                return notFound();
            }
            deletePrompt(prompt);
            return ok(json.createObjectNode().put("message", "Prompt successfully deleted"));
        }
        if ((m = TUNE_PROMPT.matcher(path)).matches() && method.equals("GET")) {
            Prompt prompt = prompts.get(Long.parseLong(m.group(2)));
            boolean there = tunes.containsKey(Long.parseLong(m.group(1)))
                    && prompt != null
                    && prompt.tuneId == Long.parseLong(m.group(1));
            return there ? ok(promptNode(prompt)) : notFound();
        }
        if ((m = TUNE_PROMPTS.matcher(path)).matches()) {
            long tuneId = Long.parseLong(m.group(1));
            if (!tunes.containsKey(tuneId)) {
                return notFound();
            }
            if (method.equals("POST")) {
                return createPrompt(tuneId, request);
            }
            if (method.equals("GET")) {
                return list(
                        method + " " + request.getUrl(),
                        prompts.descendingMap().values().stream()
                                .filter(p -> p.tuneId == tuneId)
                                .map(p -> new Listed(p.id, promptNode(p)))
                                .toList(),
                        params,
                        MAX_PROMPT_OFFSET);
            }
        }
        if ((m = TUNE.matcher(path)).matches()) {
            long tuneId = Long.parseLong(m.group(1));
            Tune tune = tunes.get(tuneId);
            if (tune == null) {
                return notFound();
            }
            if (method.equals("GET")) {
                return ok(tuneNode(tune));
            }
            if (method.equals("DELETE")) {
                if (!tune.keepsDespiteDeletion) {
                    tunes.remove(tuneId);
                    if (tune.modelType == null || tune.modelType.isBlank()) {
                        // Astria deletes a checkpoint's prompts with it (not a LoRA's: those live on the base tune).
                        List.copyOf(prompts.values()).stream()
                                .filter(p -> p.tuneId == tuneId)
                                .forEach(this::deletePrompt);
                    }
                }
                return ResponseDefinitionBuilder.responseDefinition()
                        .withStatus(200)
                        .build();
            }
        }
        if ((m = PROMPT.matcher(path)).matches() && method.equals("DELETE")) {
            Prompt prompt = prompts.get(Long.parseLong(m.group(1)));
            if (prompt == null) {
                return notFound();
            }
            deletePrompt(prompt);
            return ok(json.createObjectNode().put("message", "Prompt successfully deleted"));
        }
        return notFound();
    }

    private ResponseDefinition createTune(Request request) {
        Map<String, String> fields = new LinkedHashMap<>();
        int images = 0;
        if (request.isMultipart()) {
            for (Request.Part part : request.getParts()) {
                if (part.getName().equals("tune[images][]")) {
                    images++;
                } else {
                    fields.put(part.getName(), part.getBody().asString());
                }
            }
        }
        String title = fields.get("tune[title]");
        String name = fields.get("tune[name]");
        if (title == null || title.isBlank() || name == null || name.isBlank() || images == 0) {
            ObjectNode errors = json.createObjectNode();
            if (title == null || title.isBlank()) {
                errors.putArray("title").add("can't be blank");
            }
            if (images == 0) {
                errors.putArray("images").add("can't be blank");
            }
            if (name == null || name.isBlank()) {
                errors.putArray("name").add("can't be blank");
            }
            return answer(422, write(errors), 0);
        }
        for (Tune existing : tunes.values()) {
            if (titleIdempotency && existing.title.equals(title)) {
                return ok(tuneNode(existing)); // Astria's idempotency: the same title answers the existing tune
            }
        }
        String base = fields.get("tune[base_tune_id]");
        Tune tune = new Tune(
                nextTune++,
                title,
                name,
                fields.get("tune[callback]"),
                base == null ? null : Long.parseLong(base),
                fields.get("tune[model_type]"),
                fields.get("tune[preset]"),
                fields.get("tune[branch]"),
                images,
                clock.instant());
        if ("faceid".equals(tune.modelType) || fastIsInstant && "fast".equals(tune.branch)) {
            tune.trainedAt =
                    tune.createdAt; // "The fine-tune's trained_at is set upon creation" (docs/features/faceid.md)
        }
        tunes.put(tune.id, tune);
        tunesCreated++;
        return ok(tuneNode(tune));
    }

    private ResponseDefinition createPrompt(long tuneId, Request request) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (request.isMultipart()) {
            for (Request.Part part : request.getParts()) {
                fields.put(part.getName(), part.getBody().asString());
            }
        }
        String text = fields.get("prompt[text]");
        int numImages;
        try {
            numImages = Integer.parseInt(fields.getOrDefault("prompt[num_images]", "1"));
        } catch (NumberFormatException e) {
            numImages = -1;
        }
        if (text == null || text.isBlank() || numImages < 1 || numImages > 8) {
            return answer(422, "{\"num_images\":[\"must be between 1 and 8\"]}", 0);
        }
        String callback = fields.get("prompt[callback]");
        for (Prompt existing : prompts.values()) {
            if (existing.tuneId == tuneId
                    && existing.text.equals(text)
                    && existing.numImages == numImages
                    && java.util.Objects.equals(existing.callback, callback)) {
                return ok(promptNode(existing)); // Astria's idempotency: the same attributes answer the existing prompt
            }
        }
        Prompt prompt = new Prompt(nextPrompt++, tuneId, text, numImages, callback, clock.instant());
        prompts.put(prompt.id, prompt);
        if (fastIsInstant && onFastBranch(prompt)) {
            prompt.trainedAt = clock.instant();
            for (int n = 1; n <= prompt.numImages; n++) {
                prompt.images.add("https://sdbooth2-production.s3.amazonaws.com/mock");
            }
        }
        return ok(promptNode(prompt));
    }

    /** Whether the model a prompt runs (its tune, or the LoRA or FaceID its text loads) is on the fast branch. */
    private boolean onFastBranch(Prompt prompt) {
        Matcher tag = Pattern.compile("<(?:lora|faceid):(\\d+):").matcher(prompt.text);
        Tune model = tunes.get(tag.find() ? Long.parseLong(tag.group(1)) : prompt.tuneId);
        return model != null && "fast".equals(model.branch);
    }

    private void deletePrompt(Prompt prompt) {
        prompts.remove(prompt.id);
        prompt.images.forEach(imageBytes::remove);
    }

    private ObjectNode tuneNode(Tune tune) {
        ObjectNode node = json.createObjectNode();
        node.put("id", tune.id);
        node.put("title", tune.title);
        node.put("name", tune.name);
        node.put("is_api", true);
        node.put("token", "ohwx");
        if (tune.baseTuneId == null || "lora".equals(tune.modelType) || "faceid".equals(tune.modelType)) {
            node.putNull("base_tune_id"); // as Astria's documented LoRA and FaceID answers show it
        } else {
            node.put("base_tune_id", tune.baseTuneId);
        }
        node.putNull("args");
        node.putNull("steps");
        node.putNull("face_crop");
        node.put("trained_at", text(tune.trainedAt));
        node.put("started_training_at", text(tune.createdAt));
        node.put("expires_at", tune.trainedAt == null ? null : text(tune.trainedAt.plus(Duration.ofDays(30))));
        node.put("created_at", text(tune.createdAt));
        node.put("branch", tune.branch == null ? "sd15" : tune.branch);
        node.put("model_type", tune.modelType);
        node.put("updated_at", text(tune.trainedAt == null ? tune.createdAt : tune.trainedAt));
        node.put("url", baseUrl + "/tunes/" + tune.id + ".json");
        ArrayNode originals = node.putArray("orig_images");
        for (int i = 0; i < tune.images; i++) {
            originals.add("https://sdbooth2-production.s3.amazonaws.com/mock");
        }
        return node;
    }

    private ObjectNode promptNode(Prompt prompt) {
        ObjectNode node = json.createObjectNode();
        node.put("id", prompt.id);
        node.put("callback", prompt.callback);
        node.put("text", prompt.text);
        node.putNull("negative_prompt");
        node.putNull("cfg_scale");
        node.putNull("steps");
        node.putNull("seed");
        node.put("trained_at", text(prompt.trainedAt));
        node.put("started_training_at", text(prompt.trainedAt == null ? null : prompt.createdAt));
        node.put("created_at", text(prompt.createdAt));
        node.put("updated_at", text(prompt.trainedAt == null ? prompt.createdAt : prompt.trainedAt));
        node.put("tune_id", prompt.tuneId);
        node.put("num_images", prompt.numImages);
        ArrayNode images = node.putArray("images");
        prompt.images.forEach(images::add);
        node.put("url", baseUrl + "/tunes/" + prompt.tuneId + "/prompts/" + prompt.id + ".json");
        return node;
    }

    /** An object of a list, with the id {@code before_id} compares. */
    private record Listed(long id, ObjectNode node) {}

    /** One page of {@code newestFirst} as {@code before_id}, {@code limit} and {@code offset} ask. */
    private ResponseDefinition list(String line, List<Listed> newestFirst, Map<String, String> params, int maxOffset) {
        int limit;
        int offset;
        Long before;
        try {
            limit = params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : PAGE;
            offset = params.containsKey("offset") ? Integer.parseInt(params.get("offset")) : 0;
            before = params.containsKey("before_id") ? Long.parseLong(params.get("before_id")) : null;
        } catch (NumberFormatException e) {
            badRequests.add(line);
            return answer(400, "{\"error\":\"limit, offset and before_id are integers\"}", 0);
        }
        if (offset > maxOffset) {
            badRequests.add(line);
            return answer(
                    400,
                    "{\"error\":\"offset above " + maxOffset + " is not supported; page with before_id instead\"}",
                    0);
        }
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        ArrayNode page = json.createArrayNode();
        newestFirst.stream()
                .filter(o -> before == null || o.id() < before)
                .skip(Math.max(0, offset))
                .limit(size)
                .forEach(o -> page.add(o.node()));
        return ok(page);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return params;
    }

    private Tune require(long id) {
        Tune tune = tunes.get(id);
        if (tune == null) {
            throw new IllegalStateException("The stub has no tune " + id);
        }
        return tune;
    }

    private ResponseDefinition ok(Object node) {
        return answer(200, write(node), 0);
    }

    private static ResponseDefinition notFound() {
        return answer(404, "{\"error\":\"Not found\"}", 0);
    }

    private static ResponseDefinition answer(int status, String body, int delayMs) {
        ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", body.startsWith("<") ? "text/html" : "application/json")
                .withBody(body);
        if (delayMs > 0) {
            builder.withFixedDelay(delayMs);
        }
        return builder.build();
    }

    private String write(Object node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A small PNG whose colour depends on {@code seed}. */
    static byte[] png(String seed) {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(seed.hashCode() & 0xffffff));
        graphics.fillRect(0, 0, 8, 8);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
