package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The {@link HeadshotGenerator} over Astria's API.
 *
 * <ul>
 *   <li><b>train</b>: {@code POST /tunes} (multipart) with an opaque title derived from the idempotency key,
 *       the class word, a signed callback address and the selfies; the guard's permit is checked before a
 *       byte is read (R17). One key never makes two tunes: the in-memory record answers a repeat, Astria's
 *       title idempotency answers a repeat after a restart, and a creation that went unanswered (504, or no
 *       answer at all) is looked up by its title ({@code GET /tunes}, paged) instead of being resubmitted.</li>
 *   <li><b>generate</b>: one prompt per style and up to eight images ({@code POST /tunes/{id}/prompts}; on the
 *       base tune with {@code <lora:id:1>} for a LoRA), more images as more prompts; each prompt's callback
 *       token says which part of which style it is. Existing prompts are looked up first, so asking again
 *       adds none.</li>
 *   <li><b>status</b>: {@code GET /tunes/{id}} ({@code trained_at} → model trained) and its prompts (a style
 *       whose every part has images → images ready). Prompts map to styles by this instance's record or by
 *       the signed token in the callback address Astria echoes — never by Astria's text or tune id.</li>
 *   <li><b>deletion</b>: every prompt of the model, then the tune; 404 counts as done; confirmed only by
 *       {@code GET /tunes/{id}} answering 404 (R14).</li>
 *   <li><b>callbacks</b>: authentic only at a token this Kaptura signed for that purpose and not yet retired, and
 *       then only a signal: the body is read for its shape, never for ids or image addresses; what happened is read
 *       through the API by the ids this Kaptura recorded, and decoded to the same event ids {@code status} reports.</li>
 *   <li><b>images</b>: only addresses the API gave, and only where the {@link ImagePolicy} allows ({@link ImageFetcher}:
 *       the checked address, no redirect, bounded size and time).</li>
 * </ul>
 */
@Implements({Rule.R2, Rule.R14, Rule.R15, Rule.R17, Rule.R37})
final class AstriaGenerator implements HeadshotGenerator {

    static final int MAX_IMAGES_PER_PROMPT = 8;
    static final int MAX_IMAGES_PER_STYLE = 200;
    /** How many pages of a list the adapter reads at most when it looks for its own tunes or prompts. */
    static final int MAX_PAGES = 100;

    private static final System.Logger LOG = System.getLogger(AstriaGenerator.class.getName());
    private static final Pattern CLASS_WORD = Pattern.compile("[a-z]{2,20}");
    private static final Pattern TRIGGER_WORD = Pattern.compile("[a-z0-9]{2,20}");
    private static final int MAX_CALLBACK_BYTES = 256 * 1024;

    private final AstriaApi api;
    private final ImagePolicy imagePolicy;
    private final ImageFetcher images;
    private final HttpSettings http;
    private final ModelSettings settings;
    private final CallbackTokens tokens;
    private final InstantSource clock;
    private final Backoff.Sleeper sleeper;
    private final ObjectMapper json = AstriaClients.json();
    private final Ledger ledger = new Ledger();

    AstriaGenerator(AstriaApi api, ImagePolicy imagePolicy, ImageFetcher images, HttpSettings http, ModelSettings settings,
                    CallbackTokens tokens, InstantSource clock) {
        this(api, imagePolicy, images, http, settings, tokens, clock, duration -> Thread.sleep(duration));
    }

    AstriaGenerator(AstriaApi api, ImagePolicy imagePolicy, ImageFetcher images, HttpSettings http, ModelSettings settings,
                    CallbackTokens tokens, InstantSource clock, Backoff.Sleeper sleeper) {
        this.api = api;
        this.imagePolicy = Objects.requireNonNull(imagePolicy, "image policy");
        this.images = Objects.requireNonNull(images, "image fetcher");
        this.http = http;
        this.settings = settings;
        this.tokens = tokens;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(AstriaAdapter.PROCESSOR_NAME);
    }

    // ---- training -------------------------------------------------------------------------------

    @Override
    public ModelRef train(Training training) {
        Objects.requireNonNull(training, "training");
        SelfieReadPermit permit = training.permit();
        if (permit == null || permit.purpose() != SelfieReadPermit.Purpose.VENDOR_TRAINING || !permit.order().equals(training.order())) {
            throw new SecurityException("Selfies go to Astria only with the guard's vendor-training permit for the very order "
                    + "they belong to (R1, R17); nothing was read or sent");
        }
        if (training.selfies().isEmpty()) {
            throw new IllegalArgumentException("A training needs selfies");
        }
        if (training.subjectClass() == null || !CLASS_WORD.matcher(training.subjectClass()).matches()) {
            throw new IllegalArgumentException("The subject class is one lower-case word such as person, man or woman");
        }
        if (training.idempotencyKey() == null || training.idempotencyKey().isBlank()) {
            throw new IllegalArgumentException("A training needs an idempotency key");
        }
        String title = tokens.tuneTitle(training.idempotencyKey());
        synchronized (ledger.lockFor(title)) {
            Optional<Ledger.Model> known = ledger.byTitle(title);
            if (known.isPresent()) {
                return sameOrder(known.get(), training.order());
            }
            if (ledger.wasUnanswered(title)) {
                Optional<AstriaJson.Tune> found = lookUpTune(title);
                if (found.isPresent()) {
                    LOG.log(Level.INFO, "Astria: the tune {0}, whose creation went unanswered before, was found by its title",
                            found.get().id());
                    return remember(found.get(), training, title);
                }
            }
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("tune[title]", title);
            form.put("tune[name]", training.subjectClass());
            form.put("tune[callback]", tokens.callbackUrl(new CallbackTokens.TuneClaim(training.order(), CallbackTokens.digest(title),
                    clock.instant().plus(CallbackTokens.LIFETIME))));
            settings.baseTuneId().ifPresent(base -> form.put("tune[base_tune_id]", base));
            settings.modelType().ifPresent(type -> form.put("tune[model_type]", type));
            settings.preset().ifPresent(preset -> form.put("tune[preset]", preset));
            settings.branch().ifPresent(branch -> form.put("tune[branch]", branch));
            form.put("tune[images][]", new SelfieParts(training.selfies()));
            try {
                AstriaJson.Tune tune = Steps.run("create the tune", () -> AstriaJson.Tune.of(api.createTune(form)));
                if (tune.title().isPresent() && !tune.title().get().equals(title)) {
                    throw new Steps.Failed("Could not create the tune: Astria answered with tune " + tune.id()
                            + ", which has another title", null);
                }
                LOG.log(Level.INFO, "Astria: tune {0} created from {1} selfies", tune.id(), training.selfies().size());
                return remember(tune, training, title);
            } catch (AstriaFailure.OutcomeUnknown unknown) {
                ledger.unanswered(title);
                LOG.log(Level.WARNING, "Astria did not confirm a tune creation; looking the tune up by its title instead of resubmitting");
                for (int lookUp = 1; lookUp <= http.maxAttempts(); lookUp++) {
                    pause(lookUp);
                    Optional<AstriaJson.Tune> found = lookUpTune(title);
                    if (found.isPresent()) {
                        LOG.log(Level.INFO, "Astria: the unconfirmed tune creation did happen: tune {0}", found.get().id());
                        return remember(found.get(), training, title);
                    }
                }
                throw new Steps.Failed("Could not create the tune: " + unknown.getMessage() + ", and no tune with this "
                        + "training's title appeared after " + http.maxAttempts() + " look-ups. Nothing was resubmitted; the next "
                        + "attempt looks the tune up again first, and Astria's title idempotency keeps a resubmission from "
                        + "creating a second tune", unknown.getCause());
            }
        }
    }

    private ModelRef remember(AstriaJson.Tune tune, Training training, String title) {
        ledger.remember(new Ledger.Model(training.order(), tune.id(), title, training.subjectClass()));
        return new ModelRef(tune.id());
    }

    private static ModelRef sameOrder(Ledger.Model model, OrderId order) {
        if (!model.order().equals(order)) {
            throw new IllegalArgumentException("This idempotency key already trained a model for another order");
        }
        return new ModelRef(model.model());
    }

    /** The tune titled {@code title}, looked for page by page through the account's tunes. */
    private Optional<AstriaJson.Tune> lookUpTune(String title) {
        return lookUpTune(title::equals);
    }

    /** The tune whose title {@code titled} accepts, looked for page by page through the account's tunes. */
    private Optional<AstriaJson.Tune> lookUpTune(Predicate<String> titled) {
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            int at = offset;
            List<AstriaJson.Tune> tunes = Steps.run("look the tune up by its title",
                    () -> AstriaJson.list(api.tunes(at)).stream().map(AstriaJson.Tune::of).toList());
            if (tunes.isEmpty()) {
                return Optional.empty();
            }
            for (AstriaJson.Tune tune : tunes) {
                if (tune.title().filter(titled).isPresent()) {
                    return Optional.of(tune);
                }
            }
            offset += tunes.size();
        }
        LOG.log(Level.WARNING, "Astria: stopped looking for a tune after {0} pages of tunes", MAX_PAGES);
        return Optional.empty();
    }

    // ---- generation -----------------------------------------------------------------------------

    @Override
    public void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        Objects.requireNonNull(order, "order");
        String id = tuneId(model);
        if (count < 1 || count > MAX_IMAGES_PER_STYLE) {
            throw new IllegalArgumentException("Between 1 and " + MAX_IMAGES_PER_STYLE + " headshots a style, not " + count);
        }
        if (styles.stream().map(Style::id).distinct().count() != styles.size()) {
            throw new IllegalArgumentException("Each style is asked for once");
        }
        if (styles.isEmpty()) {
            return;
        }
        sameOrderIfKnown(id, order);
        AstriaJson.Tune tune = Steps.run("read the tune", () -> AstriaJson.Tune.of(api.tune(id)));
        Map<StyleId, Map<Integer, Found>> existing = byStyleAndPart(ourPrompts(order, tune));
        String subject = ledger.byModel(id).map(Ledger.Model::subjectClass)
                .or(() -> tune.name().filter(name -> CLASS_WORD.matcher(name).matches()))
                .orElse("person");
        Instant expiresAt = clock.instant().plus(CallbackTokens.LIFETIME);
        int created = 0;
        int kept = 0;
        for (Style style : styles) {
            Map<Integer, Found> parts = existing.getOrDefault(style.id(), Map.of());
            // A style asked before keeps the plan it was asked with: asking again adds nothing.
            int total = parts.isEmpty() ? count : parts.values().iterator().next().claim().total();
            for (CallbackTokens.PromptClaim part : plan(order, id, style.id(), total, expiresAt)) {
                if (parts.containsKey(part.part())) {
                    kept++;
                    continue;
                }
                createPrompt(tune, order, style, part, subject);
                created++;
            }
        }
        LOG.log(Level.INFO, "Astria: tune {0}: {1} prompts created, {2} already there", id, created, kept);
    }

    /** The prompts of {@code total} images of one style: at most eight images each. */
    private static List<CallbackTokens.PromptClaim> plan(OrderId order, String model, StyleId style, int total, Instant expiresAt) {
        int parts = (total + MAX_IMAGES_PER_PROMPT - 1) / MAX_IMAGES_PER_PROMPT;
        List<CallbackTokens.PromptClaim> plan = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            plan.add(new CallbackTokens.PromptClaim(order, model, style, part, parts, total, expiresAt));
        }
        return plan;
    }

    static int imagesIn(CallbackTokens.PromptClaim part) {
        return Math.min(MAX_IMAGES_PER_PROMPT, part.total() - part.part() * MAX_IMAGES_PER_PROMPT);
    }

    private void createPrompt(AstriaJson.Tune tune, OrderId order, Style style, CallbackTokens.PromptClaim part, String subject) {
        String on = tune.inferenceTune();
        String trigger = tune.token().filter(word -> TRIGGER_WORD.matcher(word).matches()).orElse("ohwx");
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("prompt[text]", (tune.isLora() ? "<lora:" + tune.id() + ":1> " : "") + trigger + " " + subject + ", " + style.description());
        form.put("prompt[num_images]", Integer.toString(imagesIn(part)));
        form.put("prompt[callback]", tokens.callbackUrl(part));
        try {
            AstriaJson.Prompt prompt = Steps.run("create a prompt", () -> AstriaJson.Prompt.of(api.createPrompt(on, form)));
            ledger.prompt(prompt.id(), new Ledger.Placed(on, part));
        } catch (AstriaFailure.OutcomeUnknown unknown) {
            LOG.log(Level.WARNING, "Astria did not confirm a prompt creation; looking it up instead of resubmitting");
            for (int lookUp = 1; lookUp <= http.maxAttempts(); lookUp++) {
                pause(lookUp);
                Map<Integer, Found> parts = byStyleAndPart(ourPrompts(order, tune)).getOrDefault(style.id(), Map.of());
                if (parts.containsKey(part.part())) {
                    return;
                }
            }
            throw new Steps.Failed("Could not create a prompt: " + unknown.getMessage() + ", and it did not appear after "
                    + http.maxAttempts() + " look-ups. Nothing was resubmitted; asking again looks it up first", unknown.getCause());
        }
    }

    /** A prompt of ours with the part of a style it serves. */
    private record Found(AstriaJson.Prompt prompt, CallbackTokens.PromptClaim claim) {
    }

    /**
     * The prompts of {@code tune}'s model (of {@code order}, unless null), wherever Astria keeps them: on the
     * tune, or on its base tune for a LoRA. A prompt is ours when this instance recorded it or when the
     * callback address Astria echoes carries a token this Kaptura signed for that model.
     */
    private List<Found> ourPrompts(OrderId order, AstriaJson.Tune tune) {
        String on = tune.inferenceTune();
        List<Found> found = new ArrayList<>();
        for (AstriaJson.Prompt prompt : promptsOn(on)) {
            claimOf(prompt).filter(claim -> claim.model().equals(tune.id()) && (order == null || claim.order().equals(order)))
                    .ifPresent(claim -> {
                        found.add(new Found(prompt, claim));
                        ledger.prompt(prompt.id(), new Ledger.Placed(on, claim));
                    });
        }
        return found;
    }

    private Optional<CallbackTokens.PromptClaim> claimOf(AstriaJson.Prompt prompt) {
        return ledger.prompt(prompt.id()).map(Ledger.Placed::claim)
                .or(() -> tokens.fromCallbackUrl(prompt.callback().orElse(null))
                        .filter(CallbackTokens.PromptClaim.class::isInstance)
                        .map(CallbackTokens.PromptClaim.class::cast));
    }

    /** Every prompt on tune {@code on}, page by page; none when the tune is gone. */
    private List<AstriaJson.Prompt> promptsOn(String on) {
        List<AstriaJson.Prompt> all = new ArrayList<>();
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            int at = offset;
            Optional<List<AstriaJson.Prompt>> prompts = Steps.find("list the prompts",
                    () -> AstriaJson.list(api.prompts(on, at)).stream().map(AstriaJson.Prompt::of).toList());
            if (prompts.isEmpty() || prompts.get().isEmpty()) {
                return all;
            }
            all.addAll(prompts.get());
            offset += prompts.get().size();
        }
        LOG.log(Level.WARNING, "Astria: read only the first {0} pages of the prompts of tune {1}", MAX_PAGES, on);
        return all;
    }

    private static Map<StyleId, Map<Integer, Found>> byStyleAndPart(List<Found> prompts) {
        Map<StyleId, Map<Integer, Found>> byStyle = new LinkedHashMap<>();
        for (Found found : prompts) {
            Map<Integer, Found> parts = byStyle.computeIfAbsent(found.claim().style(), style -> new TreeMap<>());
            Found before = parts.get(found.claim().part());
            if (before == null || !before.prompt().done() && found.prompt().done()) {
                parts.put(found.claim().part(), found);
            }
        }
        return byStyle;
    }

    // ---- progress -------------------------------------------------------------------------------

    @Override
    public List<GeneratorEvent> status(OrderId order, ModelRef model) {
        Objects.requireNonNull(order, "order");
        String id = tuneId(model);
        sameOrderIfKnown(id, order);
        Optional<AstriaJson.Tune> found = Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(id)));
        if (found.isEmpty()) {
            return List.of();
        }
        AstriaJson.Tune tune = found.get();
        if (tune.trainedAt().isEmpty()) {
            return List.of();
        }
        List<GeneratorEvent> events = new ArrayList<>();
        events.add(new GeneratorEvent.ModelTrained(trainedEventId(id), order, model, tune.trainedAt().get()));
        byStyleAndPart(ourPrompts(order, tune)).forEach((style, parts) -> {
            int expected = parts.values().iterator().next().claim().parts();
            boolean complete = parts.size() == expected && parts.values().stream().allMatch(part -> part.prompt().done());
            if (complete) {
                List<String> locations = parts.values().stream().flatMap(part -> part.prompt().images().stream()).toList();
                ledger.given(locations);
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
        return part.parts() == 1 ? readyEventId(part.model(), part.style())
                : readyEventId(part.model(), part.style()) + ":part-" + (part.part() + 1) + "-of-" + part.parts();
    }

    // ---- images ---------------------------------------------------------------------------------

    /**
     * Fetches one image Astria's API gave for this Kaptura's prompts (never an address a callback's body named),
     * and only where the {@link ImagePolicy} allows: https, a host of {@code ASTRIA_IMAGE_HOSTS}, public addresses,
     * the address checked being the one connected to; no redirect is followed, size and time are bounded (R15:
     * the copy into our vault starts here). A refused address is a failure of the vendor's answer, logged with its
     * host and reason only, and nothing is fetched.
     */
    @Override
    public InputStream download(String imageLocation) {
        URI location;
        try {
            location = new URI(Objects.requireNonNull(imageLocation, "image location"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not an image address");
        }
        if (!("https".equals(location.getScheme()) || "http".equals(location.getScheme())) || location.getHost() == null
                || location.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Only http(s) image addresses are downloaded");
        }
        if (!ledger.wasGiven(imageLocation)) {
            throw new IllegalArgumentException("Not an image address Astria's API gave this Kaptura (ask for the status first)");
        }
        ImagePolicy.Fetch fetch = switch (imagePolicy.check(imageLocation)) {
            case ImagePolicy.Fetch allowed -> allowed;
            case ImagePolicy.Refused refused -> {
                LOG.log(Level.WARNING, "Astria gave an image address the image policy refuses; nothing was fetched: {0}",
                        refused.why());
                throw new Steps.Failed("Could not download a generated image: " + refused.why() + "; nothing was fetched", null);
            }
        };
        ImageFetcher.Answer answer;
        try {
            answer = images.get(fetch);
        } catch (ImageFetcher.Broken broken) {
            throw new Steps.Failed("Could not download a generated image: " + broken.getMessage(), null);
        } catch (IOException e) {
            throw new Steps.Failed("Could not download a generated image: no answer from the image host ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        int status = answer.status();
        if (status == 200) {
            return answer.body();
        }
        if (status == 403 || status == 404 || status == 410) {
            throw new NoSuchElementException("Astria no longer has this image (the image host answered " + status + ")");
        }
        if (status >= 300 && status < 400) {
            LOG.log(Level.WARNING, "The image host {0} answered {1}, a redirect; redirects are never followed", fetch.host(), status);
            throw new Steps.Failed("Could not download a generated image: the image host answered " + status
                    + ", a redirect, which is never followed", null);
        }
        throw new Steps.Failed("Could not download a generated image: the image host answered " + status, null);
    }

    // ---- deletion -------------------------------------------------------------------------------

    @Override
    public String requestDeletion(ModelRef model) {
        String id = tuneId(model);
        Optional<AstriaJson.Tune> tune = Steps.find("read the tune before deleting it", () -> AstriaJson.Tune.of(api.tune(id)));
        Map<String, Ledger.Placed> recorded = ledger.promptsOf(id);
        String on = tune.map(AstriaJson.Tune::inferenceTune)
                .or(() -> recorded.values().stream().map(Ledger.Placed::tune).findFirst())
                .orElseGet(() -> settings.modelType().filter("lora"::equals).flatMap(lora -> settings.baseTuneId()).orElse(id));
        Set<String> toDelete = new HashSet<>(recorded.keySet());
        for (AstriaJson.Prompt prompt : promptsOn(on)) {
            boolean ours = on.equals(id)
                    || claimOf(prompt).filter(claim -> claim.model().equals(id)).isPresent()
                    || prompt.text().filter(text -> text.contains("<lora:" + id + ":")).isPresent();
            if (ours) {
                toDelete.add(prompt.id());
            }
        }
        int deleted = 0;
        int gone = 0;
        for (String prompt : toDelete) {
            if (Steps.done("delete a prompt of the model", () -> api.deletePrompt(prompt))) {
                deleted++;
            } else {
                gone++;
            }
        }
        boolean tuneDeleted = Steps.done("delete the tune", () -> api.deleteTune(id));
        String evidence = "Astria: " + deleted + (deleted == 1 ? " prompt" : " prompts") + " deleted"
                + (gone > 0 ? ", " + gone + " already gone" : "") + "; DELETE /tunes/" + id
                + (tuneDeleted ? " answered 200 OK" : " answered 404 Not Found (already gone)");
        LOG.log(Level.INFO, evidence);
        return evidence;
    }

    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        String id = tuneId(model);
        Optional<AstriaJson.Tune> tune = Steps.find("check that the tune is gone", () -> AstriaJson.Tune.of(api.tune(id)));
        if (tune.isPresent()) {
            return new DeletionCheck.StillThere("GET /tunes/" + id + " still answers 200 OK ("
                    + (tune.get().trainedAt().isPresent() ? "trained" : "training") + ")");
        }
        Map<String, Ledger.Placed> prompts = ledger.promptsOf(id);
        for (Map.Entry<String, Ledger.Placed> prompt : prompts.entrySet()) {
            String on = prompt.getValue().tune();
            if (Steps.find("check that a prompt is gone", () -> {
                api.prompt(on, prompt.getKey());
                return Boolean.TRUE;
            }).isPresent()) {
                return new DeletionCheck.StillThere("GET /tunes/" + id + " answers 404, but GET /tunes/" + on + "/prompts/"
                        + prompt.getKey() + " still answers 200 OK");
            }
        }
        return new DeletionCheck.Gone("GET /tunes/" + id + " answered 404 Not Found at " + clock.instant()
                + (prompts.isEmpty() ? "" : "; so did its " + prompts.size() + (prompts.size() == 1 ? " prompt" : " prompts")));
    }

    // ---- callbacks ------------------------------------------------------------------------------

    /**
     * A callback is a signal, never a source of facts. Astria neither signs nor retries its callbacks, so its body is
     * anyone's word: it is read for its shape only (a {@code tune} at a tune's address, a {@code prompt} at a prompt's).
     * Which order and which tune or prompt it is about comes from the token this Kaptura signed into the address; what
     * happened comes from Astria's API, read with the ids this Kaptura recorded when it created them — the tune found
     * by its title, the prompt by the part of the style it was asked for. A tune id, a prompt id or an image address
     * in the body is never used: a body naming another tune does not make it the order's model (R14), and a body
     * naming images does not make anything fetch them.
     */
    @Override
    public Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers) {
        Optional<CallbackTokens.Claim> verified;
        try {
            verified = tokens.verify(token);
        } catch (RuntimeException e) {
            verified = Optional.empty();
        }
        if (verified.isEmpty()) {
            return refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback arrived at an address Kaptura never gave Astria");
        }
        CallbackTokens.Claim claim = verified.get();
        if (clock.instant().isAfter(claim.expiresAt())) {
            return refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback address was retired at " + claim.expiresAt()
                    + ": a replay, or a delivery far too late");
        }
        JsonNode root;
        try {
            if (body == null || body.length == 0) {
                return refused(Rejection.Reason.EVENT_MALFORMED, "The callback has no body");
            }
            if (body.length > MAX_CALLBACK_BYTES) {
                return refused(Rejection.Reason.EVENT_MALFORMED, "The callback body is larger than Astria's callbacks are");
            }
            root = json.readTree(body);
        } catch (IOException | RuntimeException unreadable) {
            return refused(Rejection.Reason.EVENT_MALFORMED, "The callback body is not the JSON Astria sends");
        }
        if (root == null || !root.isObject()) {
            return refused(Rejection.Reason.EVENT_MALFORMED, "The callback body is not a JSON object");
        }
        Optional<Result<GeneratorEvent>> misshapen = switch (claim) {
            case CallbackTokens.TuneClaim tune -> shapeOf(root, "tune", "prompt");
            case CallbackTokens.PromptClaim part -> shapeOf(root, "prompt", "tune");
        };
        if (misshapen.isPresent()) {
            return misshapen.get();
        }
        try {
            return switch (claim) {
                case CallbackTokens.TuneClaim tune -> trained(tune);
                case CallbackTokens.PromptClaim part -> imagesReady(part);
            };
        } catch (RuntimeException unavailable) {
            // Steps' messages are safe to log; anything else is named by its type only.
            LOG.log(Level.WARNING, "Astria: a callback could not be checked against Astria''s API ({0}); the overdue look-up will "
                    + "find what it announced", unavailable instanceof Steps.Failed ? unavailable.getMessage()
                    : unavailable.getClass().getSimpleName());
            return refused(Rejection.Reason.VENDOR_UNAVAILABLE, "Astria could not be asked about what the callback announces; "
                    + "the order is looked up again later");
        }
    }

    /** Refused unless the body carries an object under {@code expected}; one of {@code other} came to the wrong address. */
    private static Optional<Result<GeneratorEvent>> shapeOf(JsonNode root, String expected, String other) {
        JsonNode node = root.get(expected);
        if (node != null && node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(root.has(other)
                ? refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, "A " + other + "'s callback arrived at the address given for a " + expected)
                : refused(Rejection.Reason.EVENT_MALFORMED, "The callback carries no " + expected));
    }

    /** The tune this Kaptura created under the title the token names, as Astria's API reports it now. */
    private Result<GeneratorEvent> trained(CallbackTokens.TuneClaim claim) {
        Optional<AstriaJson.Tune> found = tuneNamedBy(claim);
        if (found.isEmpty()) {
            return refused(Rejection.Reason.NOT_FOUND, "Astria has no tune of the training this callback's address was given for");
        }
        AstriaJson.Tune tune = found.get();
        if (tune.trainedAt().isEmpty()) {
            return refused(Rejection.Reason.EVENT_MALFORMED, "Astria does not report the tune trained: the callback announced "
                    + "what has not happened (yet)");
        }
        return Result.ok(new GeneratorEvent.ModelTrained(trainedEventId(tune.id()), claim.order(), new ModelRef(tune.id()),
                tune.trainedAt().get()));
    }

    /**
     * The tune titled as the claim says, read through the API: by the id recorded when this instance created or found
     * it, or — after a restart, or on another node — found by its title among the account's tunes, then read by id.
     */
    private Optional<AstriaJson.Tune> tuneNamedBy(CallbackTokens.TuneClaim claim) {
        Optional<String> id = ledger.byTitleDigest(claim.titleDigest())
                .filter(model -> model.order().equals(claim.order()))
                .map(Ledger.Model::model)
                .or(() -> lookUpTune(claim::names).map(tune -> {
                    ledger.remember(new Ledger.Model(claim.order(), tune.id(), tune.title().orElseThrow(),
                            tune.name().filter(name -> CLASS_WORD.matcher(name).matches()).orElse("person")));
                    return tune.id();
                }));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String tuneId = id.get();
        return Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(tuneId)))
                .filter(tune -> tune.id().equals(tuneId) && tune.title().filter(claim::names).isPresent());
    }

    /** The images of the part of a style the token names, as Astria's API reports that part's prompt now. */
    private Result<GeneratorEvent> imagesReady(CallbackTokens.PromptClaim claim) {
        if (ledger.byModel(claim.model()).filter(known -> !known.order().equals(claim.order())).isPresent()) {
            return refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback's address names a model of another order");
        }
        Optional<AstriaJson.Tune> tune = Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(claim.model())));
        if (tune.isEmpty()) {
            return refused(Rejection.Reason.NOT_FOUND, "Astria no longer has the model this callback is about");
        }
        Optional<Found> part = promptServing(claim, tune.get());
        if (part.isEmpty()) {
            return refused(Rejection.Reason.NOT_FOUND, "Astria has no prompt for the part this callback's address was given for");
        }
        if (!part.get().prompt().done()) {
            return refused(Rejection.Reason.EVENT_MALFORMED, "Astria does not report this prompt's images: the callback announced "
                    + "what has not happened (yet)");
        }
        List<String> locations = part.get().prompt().images();
        ledger.given(locations);
        return Result.ok(new GeneratorEvent.ImagesReady(readyEventId(claim), claim.order(), claim.style(), locations));
    }

    /**
     * The prompt asked for {@code claim}'s part: the one this instance recorded, read alone
     * ({@code GET /tunes/{tune}/prompts/{id}}), or else found among the model's prompts by the signed address Astria
     * echoes in each.
     */
    private Optional<Found> promptServing(CallbackTokens.PromptClaim claim, AstriaJson.Tune tune) {
        Found best = null;
        for (Map.Entry<String, Ledger.Placed> recorded : ledger.promptsOf(claim.model()).entrySet()) {
            if (sameTarget(recorded.getValue().claim(), claim)) {
                String on = recorded.getValue().tune();
                Optional<AstriaJson.Prompt> prompt = Steps.find("read a prompt",
                        () -> AstriaJson.Prompt.of(api.prompt(on, recorded.getKey())));
                if (prompt.isPresent() && prompt.get().id().equals(recorded.getKey()) && (best == null || prompt.get().done())) {
                    best = new Found(prompt.get(), recorded.getValue().claim());
                }
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        for (Found found : ourPrompts(claim.order(), tune)) {
            if (sameTarget(found.claim(), claim) && (best == null || !best.prompt().done() && found.prompt().done())) {
                best = found;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean sameTarget(CallbackTokens.PromptClaim a, CallbackTokens.PromptClaim b) {
        return a.order().equals(b.order()) && a.model().equals(b.model()) && a.style().equals(b.style()) && a.part() == b.part()
                && a.parts() == b.parts();
    }

    private static Result<GeneratorEvent> refused(Rejection.Reason reason, String detail) {
        LOG.log(Level.DEBUG, "Astria callback refused ({0}): {1}", reason.slug(), detail);
        return Result.refused(reason, detail);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Astria's tune ids are positive integers; anything else never reaches a URL. */
    private static String tuneId(ModelRef model) {
        Objects.requireNonNull(model, "model");
        if (!AstriaJson.isId(model.value())) {
            throw new IllegalArgumentException("Not an Astria tune id: " + model);
        }
        return model.value();
    }

    private void sameOrderIfKnown(String model, OrderId order) {
        ledger.byModel(model).filter(known -> !known.order().equals(order)).ifPresent(known -> {
            throw new IllegalArgumentException("Model " + model + " was not trained for this order");
        });
    }

    private void pause(int lookUp) {
        Duration wait = http.firstBackoff().multipliedBy(1L << Math.min(lookUp - 1, 20));
        try {
            sleeper.sleep(wait.compareTo(http.maxBackoff()) > 0 ? http.maxBackoff() : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Steps.Failed("Interrupted while waiting to look an unconfirmed creation up", e);
        }
    }
}
