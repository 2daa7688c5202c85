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
import ai.kaptura.ports.out.VendorObjects;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@link HeadshotGenerator} over Astria's API. Every object it makes at Astria is recorded, by Astria's id, in the
 * shared {@link VendorObjects} store before anything else is done with it, and every creation is recorded before it is
 * asked for: that record, not a listing, says what Kaptura holds at Astria for an order (R14, R27).
 *
 * <ul>
 *   <li><b>train</b>: {@code POST /tunes} (multipart) with an opaque title derived from the idempotency key, the class
 *       word, a signed callback address and the selfies; the guard's permit is checked before a byte is read (R17). One
 *       key never makes two tunes: the recorded tune answers a repeat; a creation that went unanswered (504, or no answer)
 *       is looked for by its title among the tunes made since it was asked (newest first, {@code before_id}), on every
 *       node and after a restart, before anything is submitted again; Astria's title idempotency covers the rest.</li>
 *   <li><b>generate</b>: one prompt per style and up to eight images ({@code POST /tunes/{id}/prompts}), more images as
 *       more prompts. Where prompts go follows from the configured model type, never from the tune's JSON (Astria's
 *       documented LoRA answer has {@code "base_tune_id": null}): a LoRA's on the configured base tune with
 *       {@code <lora:ID:1>}, a FaceID's there with {@code <faceid:ID:1>}, a checkpoint's on the tune. The parts already
 *       recorded are not asked again.</li>
 *   <li><b>status</b>: {@code GET /tunes/{id}} ({@code trained_at} → model trained) and each recorded prompt by its id
 *       ({@code GET /tunes/{home}/prompts/{id}}; a style whose every part has images → images ready), however many
 *       prompts the shared base tune holds.</li>
 *   <li><b>deletion</b>: every recorded prompt by its id ({@code DELETE /prompts/{id}}), then the tune; confirmed only
 *       when {@code GET /tunes/{id}} and {@code GET /tunes/{home}/prompts/{id}} of each recorded prompt answer 404, each
 *       404 kept as that object's evidence. Deleting a LoRA does not delete its prompts on the base tune, so the tune's
 *       404 alone proves nothing about them; and nothing is ever inferred gone from a listing.</li>
 *   <li><b>callbacks</b>: authentic only at a token this Kaptura signed for that purpose and not yet retired, and then
 *       only a signal: the body is read for its shape, never for ids or image addresses; what happened is read through
 *       the API by the ids Kaptura recorded, and decoded to the same event ids {@code status} reports.</li>
 *   <li><b>images</b>: only addresses the API gave, and only where the {@link ImagePolicy} allows ({@link ImageFetcher}:
 *       the checked address, no redirect, bounded size and time).</li>
 * </ul>
 *
 * <p>Lists are read only to find a creation whose answer never came ({@link AstriaLookUps}).
 */
@Implements({Rule.R2, Rule.R14, Rule.R15, Rule.R17, Rule.R27, Rule.R37})
final class AstriaGenerator implements HeadshotGenerator {

    static final int MAX_IMAGES_PER_PROMPT = 8;
    static final int MAX_IMAGES_PER_STYLE = 200;
    /**
     * How long an unanswered prompt creation is given before a look-up that does not find it settles it as never made;
     * until then nothing more is asked of that model, and its deletion is not confirmed.
     */
    static final Duration SETTLE = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger(AstriaGenerator.class.getName());
    private static final Pattern CLASS_WORD = Pattern.compile("[a-z]{2,20}");
    private static final Pattern TRIGGER_WORD = Pattern.compile("[a-z0-9]{2,20}");
    private static final int MAX_CALLBACK_BYTES = 256 * 1024;
    private static final Object[] TITLE_LOCKS = new Object[64];

    static {
        Arrays.setAll(TITLE_LOCKS, i -> new Object());
    }

    private final AstriaApi api;
    private final ImagePolicy imagePolicy;
    private final ImageFetcher images;
    private final HttpSettings http;
    private final ModelSettings settings;
    private final CallbackTokens tokens;
    private final InstantSource clock;
    private final Backoff.Sleeper sleeper;
    private final AstriaRecords records;
    private final AstriaLookUps lookUps;
    private final ObjectMapper json = AstriaClients.json();
    private final GivenImages given = new GivenImages();

    AstriaGenerator(
            AstriaApi api,
            ImagePolicy imagePolicy,
            ImageFetcher images,
            HttpSettings http,
            ModelSettings settings,
            CallbackTokens tokens,
            VendorObjects objects,
            InstantSource clock) {
        this(api, imagePolicy, images, http, settings, tokens, objects, clock, duration -> Thread.sleep(duration));
    }

    AstriaGenerator(
            AstriaApi api,
            ImagePolicy imagePolicy,
            ImageFetcher images,
            HttpSettings http,
            ModelSettings settings,
            CallbackTokens tokens,
            VendorObjects objects,
            InstantSource clock,
            Backoff.Sleeper sleeper) {
        this.api = api;
        this.imagePolicy = Objects.requireNonNull(imagePolicy, "image policy");
        this.images = Objects.requireNonNull(images, "image fetcher");
        this.http = http;
        this.settings = settings;
        this.tokens = tokens;
        this.records = new AstriaRecords(objects);
        this.lookUps = new AstriaLookUps(api);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(AstriaAdapter.PROCESSOR_NAME);
    }

    @Override
    public String recordedName() {
        return AstriaAdapter.PROCESSOR_NAME;
    }

    // ---- training -------------------------------------------------------------------------------

    @Override
    public ModelRef train(Training training) {
        Objects.requireNonNull(training, "training");
        SelfieReadPermit permit = training.permit();
        if (permit == null
                || permit.purpose() != SelfieReadPermit.Purpose.VENDOR_TRAINING
                || !permit.order().equals(training.order())) {
            throw new SecurityException(
                    "Selfies go to Astria only with the guard's vendor-training permit for the very order "
                            + "they belong to (R1, R17); nothing was read or sent");
        }
        if (training.selfies().isEmpty()) {
            throw new IllegalArgumentException("A training needs selfies");
        }
        if (training.subjectClass() == null
                || !CLASS_WORD.matcher(training.subjectClass()).matches()) {
            throw new IllegalArgumentException("The subject class is one lower-case word such as person, man or woman");
        }
        if (training.idempotencyKey() == null || training.idempotencyKey().isBlank()) {
            throw new IllegalArgumentException("A training needs an idempotency key");
        }
        String title = tokens.tuneTitle(training.idempotencyKey());
        synchronized (TITLE_LOCKS[Math.floorMod(title.hashCode(), TITLE_LOCKS.length)]) {
            Optional<VendorObjects.Entry> asked = records.tuneRequest(title);
            if (asked.isPresent() && !asked.get().order().equals(training.order())) {
                throw new IllegalArgumentException("This idempotency key already trained a model for another order");
            }
            Optional<String> known = records.tuneOf(training.order(), title);
            if (known.isPresent()) {
                return new ModelRef(known.get());
            }
            if (asked.isPresent() && asked.get().isOpen()) {
                Optional<AstriaJson.Tune> found =
                        lookUps.tune(title::equals, asked.get().recordedAt()).found();
                if (found.isPresent()) {
                    LOG.log(
                            Level.INFO,
                            "Astria: tune {0}, whose creation went unanswered before, was found by its title",
                            found.get().id());
                    return remember(found.get(), training, title);
                }
            } else if (asked.isEmpty()) {
                records.tuneRequested(title, training.order(), training.subjectClass(), clock.instant());
            }
            Instant askedAt = asked.map(VendorObjects.Entry::recordedAt).orElseGet(clock::instant);
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("tune[title]", title);
            form.put("tune[name]", training.subjectClass());
            form.put(
                    "tune[callback]",
                    tokens.callbackUrl(new CallbackTokens.TuneClaim(
                            training.order(),
                            CallbackTokens.digest(title),
                            clock.instant().plus(CallbackTokens.LIFETIME))));
            settings.baseTuneId().ifPresent(base -> form.put("tune[base_tune_id]", base));
            settings.modelType().ifPresent(type -> form.put("tune[model_type]", type));
            settings.preset().ifPresent(preset -> form.put("tune[preset]", preset));
            settings.branch().ifPresent(branch -> form.put("tune[branch]", branch));
            form.put("tune[images][]", new SelfieParts(training.selfies()));
            try {
                AstriaJson.Tune tune = Steps.run("create the tune", () -> AstriaJson.Tune.of(api.createTune(form)));
                if (tune.title().isPresent() && !tune.title().get().equals(title)) {
                    throw new Steps.Failed(
                            "Could not create the tune: Astria answered with tune " + tune.id()
                                    + ", which has another title",
                            null);
                }
                LOG.log(
                        Level.INFO,
                        "Astria: tune {0} created from {1} selfies",
                        tune.id(),
                        training.selfies().size());
                return remember(tune, training, title);
            } catch (AstriaFailure.OutcomeUnknown unknown) {
                LOG.log(
                        Level.WARNING,
                        "Astria did not confirm a tune creation; looking the tune up by its title instead of resubmitting");
                for (int lookUp = 1; lookUp <= http.maxAttempts(); lookUp++) {
                    pause(lookUp);
                    Optional<AstriaJson.Tune> found =
                            lookUps.tune(title::equals, askedAt).found();
                    if (found.isPresent()) {
                        LOG.log(
                                Level.INFO,
                                "Astria: the unconfirmed tune creation did happen: tune {0}",
                                found.get().id());
                        return remember(found.get(), training, title);
                    }
                }
                throw new Steps.Failed(
                        "Could not create the tune: " + unknown.getMessage() + ", and no tune with this "
                                + "training's title appeared after " + http.maxAttempts()
                                + " look-ups. Nothing was resubmitted; the next "
                                + "attempt looks the tune up again first, and Astria's title idempotency keeps a resubmission from "
                                + "creating a second tune",
                        unknown.getCause());
            }
        }
    }

    private ModelRef remember(AstriaJson.Tune tune, Training training, String title) {
        records.tune(tune.id(), title, training.order(), training.subjectClass(), clock.instant());
        return new ModelRef(tune.id());
    }

    // ---- generation -----------------------------------------------------------------------------

    @Override
    public void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        Objects.requireNonNull(order, "order");
        String id = tuneId(model);
        if (count < 1 || count > MAX_IMAGES_PER_STYLE) {
            throw new IllegalArgumentException(
                    "Between 1 and " + MAX_IMAGES_PER_STYLE + " headshots a style, not " + count);
        }
        if (styles.stream().map(Style::id).distinct().count() != styles.size()) {
            throw new IllegalArgumentException("Each style is asked for once");
        }
        if (styles.isEmpty()) {
            return;
        }
        sameOrderIfKnown(id, order);
        AstriaJson.Tune tune = Steps.run("read the tune", () -> AstriaJson.Tune.of(api.tune(id)));
        List<VendorObjects.Entry> unsettled = settleRequests(order, id);
        if (!unsettled.isEmpty()) {
            throw new Steps.Failed(
                    "Astria has not answered " + unsettled.size()
                            + (unsettled.size() == 1 ? " prompt creation" : " prompt creations")
                            + " asked at " + unsettled.getFirst().recordedAt()
                            + " yet; nothing more is asked for this model until it is found, "
                            + "or until " + SETTLE.toMinutes() + " minutes have passed without it",
                    null);
        }
        Map<StyleId, Map<Integer, AstriaRecords.PromptNote>> existing = new LinkedHashMap<>();
        for (AstriaRecords.Placed placed : records.promptsOf(order, id)) {
            existing.computeIfAbsent(placed.note().style(), style -> new TreeMap<>())
                    .putIfAbsent(placed.note().part(), placed.note());
        }
        String subject = records.tune(id)
                .map(entry -> AstriaRecords.TuneNote.decode(entry.note()).subject())
                .or(() -> tune.name().filter(name -> CLASS_WORD.matcher(name).matches()))
                .orElse("person");
        String home = settings.promptHome(id);
        Instant expiresAt = clock.instant().plus(CallbackTokens.LIFETIME);
        int created = 0;
        int kept = 0;
        for (Style style : styles) {
            Map<Integer, AstriaRecords.PromptNote> parts = existing.getOrDefault(style.id(), Map.of());
            // A style asked before keeps the plan it was asked with: asking again adds nothing.
            int total =
                    parts.isEmpty() ? count : parts.values().iterator().next().total();
            for (CallbackTokens.PromptClaim part : plan(order, id, style.id(), total, expiresAt)) {
                if (parts.containsKey(part.part())) {
                    kept++;
                    continue;
                }
                createPrompt(tune, order, style, part, subject, home);
                created++;
            }
        }
        LOG.log(
                Level.INFO,
                "Astria: model {0}: {1} prompts created on tune {2}, {3} already there",
                id,
                created,
                home,
                kept);
    }

    /** The prompts of {@code total} images of one style: at most eight images each. */
    private static List<CallbackTokens.PromptClaim> plan(
            OrderId order, String model, StyleId style, int total, Instant expiresAt) {
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

    /** The prompt's text: the model's tag on a shared base tune, the trigger word (not for FaceID), the class word, the style. */
    private String text(AstriaJson.Tune tune, String subject, Style style) {
        String trigger = settings.family() == ModelSettings.Family.FACEID
                ? ""
                : tune.token()
                                .filter(word -> TRIGGER_WORD.matcher(word).matches())
                                .orElse("ohwx") + " ";
        return settings.tag(tune.id()) + trigger + subject + ", " + style.description();
    }

    private void createPrompt(
            AstriaJson.Tune tune,
            OrderId order,
            Style style,
            CallbackTokens.PromptClaim part,
            String subject,
            String home) {
        AstriaRecords.PromptNote note = AstriaRecords.PromptNote.of(part);
        Instant askedAt = clock.instant();
        String request = part.model() + ":" + part.style().value() + ":" + part.part() + "/" + part.parts() + ":"
                + askedAt.toEpochMilli();
        records.promptRequested(request, order, home, note, askedAt);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("prompt[text]", text(tune, subject, style));
        form.put("prompt[num_images]", Integer.toString(imagesIn(part)));
        form.put("prompt[callback]", tokens.callbackUrl(part));
        try {
            AstriaJson.Prompt prompt =
                    Steps.run("create a prompt", () -> AstriaJson.Prompt.of(api.createPrompt(home, form)));
            records.prompt(prompt.id(), home, order, note, clock.instant());
            records.close(
                    AstriaRecords.PROMPT_REQUEST,
                    request,
                    clock.instant(),
                    "Astria answered with prompt " + prompt.id());
        } catch (Steps.Refused refused) {
            records.close(
                    AstriaRecords.PROMPT_REQUEST, request, clock.instant(), "never made: Astria refused the request");
            throw refused;
        } catch (AstriaFailure.OutcomeUnknown unknown) {
            LOG.log(Level.WARNING, "Astria did not confirm a prompt creation; looking it up instead of resubmitting");
            for (int lookUp = 1; lookUp <= http.maxAttempts(); lookUp++) {
                pause(lookUp);
                if (settle(order, home, note, request, askedAt, false)) {
                    return;
                }
            }
            throw new Steps.Failed(
                    "Could not create a prompt: " + unknown.getMessage() + ", and it did not appear after "
                            + http.maxAttempts() + " look-ups. Nothing was resubmitted; asking again looks it up first",
                    unknown.getCause());
        }
    }

    /**
     * Settles the prompt creations of {@code model} of {@code order} whose answer never came: each is looked for among
     * the prompts of its tune made since it was asked; one found is recorded, one not found {@link #SETTLE} after it was
     * asked is closed as never made. Answers those still unsettled.
     */
    private List<VendorObjects.Entry> settleRequests(OrderId order, String model) {
        List<VendorObjects.Entry> unsettled = new ArrayList<>();
        for (VendorObjects.Entry request : records.openPromptRequests(order, model)) {
            boolean settled = settle(
                    order,
                    request.home(),
                    AstriaRecords.PromptNote.decode(request.note()),
                    request.id(),
                    request.recordedAt(),
                    !clock.instant().isBefore(request.recordedAt().plus(SETTLE)));
            if (!settled) {
                unsettled.add(request);
            }
        }
        return unsettled;
    }

    /**
     * Looks for the prompt asked by {@code request} among those of tune {@code home} made since {@code askedAt}, by the
     * signed address Astria echoes in each. Found: records every match and closes the request. Not found after a look-up
     * that read back past the time it was asked, and {@code mayCloseAsNeverMade}: closes the request as never made.
     */
    private boolean settle(
            OrderId order,
            String home,
            AstriaRecords.PromptNote note,
            String request,
            Instant askedAt,
            boolean mayCloseAsNeverMade) {
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = lookUps.prompts(
                "look a prompt up",
                home,
                prompt -> claimOf(prompt)
                        .filter(c -> c.order().equals(order) && note.sameTarget(c))
                        .isPresent(),
                askedAt);
        Instant now = clock.instant();
        if (!lookUp.matches().isEmpty()) {
            for (AstriaJson.Prompt prompt : lookUp.matches()) {
                records.prompt(prompt.id(), home, order, note, now);
            }
            records.close(
                    AstriaRecords.PROMPT_REQUEST,
                    request,
                    now,
                    "found by its signed address: prompt "
                            + lookUp.matches().stream()
                                    .map(AstriaJson.Prompt::id)
                                    .reduce((a, b) -> a + ", " + b)
                                    .orElseThrow());
            return true;
        }
        if (lookUp.complete() && mayCloseAsNeverMade) {
            records.close(
                    AstriaRecords.PROMPT_REQUEST,
                    request,
                    now,
                    "never made: no prompt with its signed address among the " + lookUp.read() + " prompts of tune "
                            + home + " made since " + askedAt.minus(AstriaLookUps.LOOK_BACK));
            return true;
        }
        return false;
    }

    /** The part of a style a prompt serves, by the signed token in the callback address Astria echoes. */
    private Optional<CallbackTokens.PromptClaim> claimOf(AstriaJson.Prompt prompt) {
        return tokens.fromCallbackUrl(prompt.callback().orElse(null))
                .filter(CallbackTokens.PromptClaim.class::isInstance)
                .map(CallbackTokens.PromptClaim.class::cast);
    }

    // ---- progress -------------------------------------------------------------------------------

    /** A recorded prompt with what Astria answers for its id now. */
    private record Read(AstriaRecords.Placed placed, AstriaJson.Prompt prompt) {}

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
        events.add(new GeneratorEvent.ModelTrained(
                trainedEventId(id), order, model, tune.trainedAt().get()));
        settleRequests(order, id);
        Map<StyleId, Map<Integer, Read>> byStyle = new LinkedHashMap<>();
        for (AstriaRecords.Placed placed : records.promptsOf(order, id)) {
            if (!placed.open()) {
                continue;
            }
            Optional<AstriaJson.Prompt> prompt = readPrompt(placed);
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
                given.add(locations);
                events.add(new GeneratorEvent.ImagesReady(readyEventId(id, style), order, style, locations));
            }
        });
        return events;
    }

    /** The recorded prompt as Astria answers for its id now; empty when Astria answers 404 (its 404 is then recorded). */
    private Optional<AstriaJson.Prompt> readPrompt(AstriaRecords.Placed placed) {
        Optional<AstriaJson.Prompt> prompt = Steps.find(
                        "read a prompt", () -> AstriaJson.Prompt.of(api.prompt(placed.home(), placed.id())))
                .filter(p -> p.id().equals(placed.id()));
        if (prompt.isEmpty()) {
            records.close(
                    AstriaRecords.PROMPT,
                    placed.id(),
                    clock.instant(),
                    "GET /tunes/" + placed.home() + "/prompts/" + placed.id() + " answered 404 Not Found");
        }
        return prompt;
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
        if (!("https".equals(location.getScheme()) || "http".equals(location.getScheme()))
                || location.getHost() == null
                || location.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Only http(s) image addresses are downloaded");
        }
        if (!given.contains(imageLocation)) {
            throw new IllegalArgumentException(
                    "Not an image address Astria's API gave this Kaptura (ask for the status first)");
        }
        ImagePolicy.Fetch fetch = switch (imagePolicy.check(imageLocation)) {
            case ImagePolicy.Fetch allowed -> allowed;
            case ImagePolicy.Refused refused -> {
                LOG.log(
                        Level.WARNING,
                        "Astria gave an image address the image policy refuses; nothing was fetched: {0}",
                        refused.why());
                throw new Steps.Failed(
                        "Could not download a generated image: " + refused.why() + "; nothing was fetched", null);
            }
        };
        ImageFetcher.Answer answer;
        try {
            answer = images.get(fetch);
        } catch (ImageFetcher.Broken broken) {
            throw new Steps.Failed("Could not download a generated image: " + broken.getMessage(), null);
        } catch (IOException e) {
            throw new Steps.Failed(
                    "Could not download a generated image: no answer from the image host ("
                            + e.getClass().getSimpleName() + ")",
                    null);
        }
        int status = answer.status();
        if (status == 200) {
            return answer.body();
        }
        if (status == 403 || status == 404 || status == 410) {
            throw new NoSuchElementException(
                    "Astria no longer has this image (the image host answered " + status + ")");
        }
        if (status >= 300 && status < 400) {
            LOG.log(
                    Level.WARNING,
                    "The image host {0} answered {1}, a redirect; redirects are never followed",
                    fetch.host(),
                    status);
            throw new Steps.Failed(
                    "Could not download a generated image: the image host answered " + status
                            + ", a redirect, which is never followed",
                    null);
        }
        throw new Steps.Failed("Could not download a generated image: the image host answered " + status, null);
    }

    // ---- deletion -------------------------------------------------------------------------------

    /**
     * Deletes every prompt recorded for the model by its id, then the tune. A prompt Astria answers 404 for is closed with
     * that answer as its evidence; one it deleted is confirmed by {@link #verifyDeletion}. A model trained before Kaptura
     * recorded its prompts (none recorded, no tune recorded) has them looked for first on the tune they would live on.
     */
    @Override
    public String requestDeletion(ModelRef model) {
        String id = tuneId(model);
        Optional<AstriaJson.Tune> tune =
                Steps.find("read the tune before deleting it", () -> AstriaJson.Tune.of(api.tune(id)));
        Set<OrderId> orders = ordersOf(id, tune);
        List<VendorObjects.Entry> unsettled = new ArrayList<>();
        for (OrderId order : orders) {
            unsettled.addAll(settleRequests(order, id));
        }
        int deleted = 0;
        int gone = 0;
        for (OrderId order : orders) {
            for (AstriaRecords.Placed placed : records.promptsOf(order, id)) {
                if (!placed.open()) {
                    gone++;
                    continue;
                }
                if (Steps.done("delete a prompt of the model", () -> api.deletePrompt(placed.id()))) {
                    deleted++;
                } else {
                    gone++;
                    records.close(
                            AstriaRecords.PROMPT,
                            placed.id(),
                            clock.instant(),
                            "DELETE /prompts/" + placed.id() + " answered 404 Not Found");
                }
            }
        }
        boolean tuneDeleted = Steps.done("delete the tune", () -> api.deleteTune(id));
        String evidence = "Astria: " + deleted + (deleted == 1 ? " prompt" : " prompts") + " deleted"
                + (gone > 0 ? ", " + gone + " already gone" : "")
                + (unsettled.isEmpty() ? "" : ", " + unsettled.size() + " asked and not yet found")
                + "; DELETE /tunes/" + id
                + (tuneDeleted ? " answered 200 OK" : " answered 404 Not Found (already gone)");
        LOG.log(Level.INFO, evidence);
        return evidence;
    }

    /**
     * Gone only when Astria answers 404 for the tune and for every prompt recorded for it, each by its own id (a 404 once
     * seen is kept as that prompt's evidence and not asked again), and no prompt creation for it is left unsettled.
     */
    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        String id = tuneId(model);
        Optional<AstriaJson.Tune> tune =
                Steps.find("check that the tune is gone", () -> AstriaJson.Tune.of(api.tune(id)));
        if (tune.isPresent()) {
            return new DeletionCheck.StillThere("GET /tunes/" + id + " still answers 200 OK ("
                    + (tune.get().trainedAt().isPresent() ? "trained" : "training") + ")");
        }
        Instant checkedAt = clock.instant();
        Set<OrderId> orders = ordersOf(id, tune);
        int prompts = 0;
        for (OrderId order : orders) {
            List<VendorObjects.Entry> unsettled = settleRequests(order, id);
            if (!unsettled.isEmpty()) {
                return new DeletionCheck.StillThere("GET /tunes/" + id + " answers 404, but a prompt creation asked at "
                        + unsettled.getFirst().recordedAt() + " was never answered and is not settled yet");
            }
            for (AstriaRecords.Placed placed : records.promptsOf(order, id)) {
                prompts++;
                if (placed.open() && readPrompt(placed).isPresent()) {
                    return new DeletionCheck.StillThere("GET /tunes/" + id + " answers 404, but GET /tunes/"
                            + placed.home() + "/prompts/" + placed.id() + " still answers 200 OK");
                }
            }
        }
        return new DeletionCheck.Gone("GET /tunes/" + id + " answered 404 Not Found at " + checkedAt
                + (prompts == 0
                        ? ""
                        : prompts == 1
                                ? "; so did its 1 prompt, asked by its id"
                                : "; so did each of its " + prompts + " prompts, asked by its id"));
    }

    /**
     * The orders whose records name model {@code id}: the one its tune was recorded for. A model trained before Kaptura
     * recorded its objects has its prompts looked for on the tune they would live on (back to the tune's creation, or
     * through the whole list when the tune is gone), by the signed address in each; those found are recorded, with the
     * tune, under the order their address names.
     */
    private Set<OrderId> ordersOf(String id, Optional<AstriaJson.Tune> tune) {
        Set<OrderId> orders = new LinkedHashSet<>();
        records.tune(id).ifPresent(entry -> orders.add(entry.order()));
        if (!orders.isEmpty()) {
            return orders;
        }
        String home = settings.promptHome(id);
        Instant since = tune.flatMap(AstriaJson.Tune::createdAt).orElse(Instant.EPOCH.plus(AstriaLookUps.LOOK_BACK));
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = lookUps.prompts(
                "look for the model's prompts",
                home,
                prompt -> claimOf(prompt).filter(c -> c.model().equals(id)).isPresent(),
                since);
        Instant now = clock.instant();
        for (AstriaJson.Prompt prompt : lookUp.matches()) {
            CallbackTokens.PromptClaim claim = claimOf(prompt).orElseThrow();
            if (orders.add(claim.order())) {
                records.tune(id, "kaptura-unrecorded-" + id, claim.order(), "person", now);
            }
            records.prompt(prompt.id(), home, claim.order(), AstriaRecords.PromptNote.of(claim), now);
        }
        if (!lookUp.matches().isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "Astria: model {0}, trained before its objects were recorded: {1} prompts found on tune {2} and recorded",
                    id,
                    lookUp.matches().size(),
                    home);
        }
        return orders;
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
            return refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC,
                    "The callback arrived at an address Kaptura never gave Astria");
        }
        CallbackTokens.Claim claim = verified.get();
        if (clock.instant().isAfter(claim.expiresAt())) {
            return refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC,
                    "The callback address was retired at " + claim.expiresAt()
                            + ": a replay, or a delivery far too late");
        }
        JsonNode root;
        try {
            if (body == null || body.length == 0) {
                return refused(Rejection.Reason.EVENT_MALFORMED, "The callback has no body");
            }
            if (body.length > MAX_CALLBACK_BYTES) {
                return refused(
                        Rejection.Reason.EVENT_MALFORMED, "The callback body is larger than Astria's callbacks are");
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
            LOG.log(
                    Level.WARNING,
                    "Astria: a callback could not be checked against Astria''s API ({0}); the overdue look-up will "
                            + "find what it announced",
                    unavailable instanceof Steps.Failed
                            ? unavailable.getMessage()
                            : unavailable.getClass().getSimpleName());
            return refused(
                    Rejection.Reason.VENDOR_UNAVAILABLE,
                    "Astria could not be asked about what the callback announces; "
                            + "the order is looked up again later");
        }
    }

    /** Refused unless the body carries an object under {@code expected}; one of {@code other} came to the wrong address. */
    private static Optional<Result<GeneratorEvent>> shapeOf(JsonNode root, String expected, String other) {
        JsonNode node = root.get(expected);
        if (node != null && node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(
                root.has(other)
                        ? refused(
                                Rejection.Reason.EVENT_NOT_AUTHENTIC,
                                "A " + other + "'s callback arrived at the address given for a " + expected)
                        : refused(Rejection.Reason.EVENT_MALFORMED, "The callback carries no " + expected));
    }

    /** The tune this Kaptura created under the title the token names, as Astria's API reports it now. */
    private Result<GeneratorEvent> trained(CallbackTokens.TuneClaim claim) {
        Optional<AstriaJson.Tune> found = tuneNamedBy(claim);
        if (found.isEmpty()) {
            return refused(
                    Rejection.Reason.NOT_FOUND,
                    "Astria has no tune of the training this callback's address was given for");
        }
        AstriaJson.Tune tune = found.get();
        if (tune.trainedAt().isEmpty()) {
            return refused(
                    Rejection.Reason.EVENT_MALFORMED,
                    "Astria does not report the tune trained: the callback announced " + "what has not happened (yet)");
        }
        return Result.ok(new GeneratorEvent.ModelTrained(
                trainedEventId(tune.id()),
                claim.order(),
                new ModelRef(tune.id()),
                tune.trainedAt().get()));
    }

    /**
     * The tune titled as the claim says, read through the API by the id recorded for the claim's order; a tune created
     * before Kaptura recorded its objects is looked for by its title among the tunes made since the address was handed
     * out, then read by id.
     */
    private Optional<AstriaJson.Tune> tuneNamedBy(CallbackTokens.TuneClaim claim) {
        Optional<String> id = records.tunesOf(claim.order()).stream()
                .filter(entry ->
                        claim.names(AstriaRecords.TuneNote.decode(entry.note()).title()))
                .map(VendorObjects.Entry::id)
                .findFirst()
                .or(() -> lookUps.tune(claim::names, claim.expiresAt().minus(CallbackTokens.LIFETIME))
                        .found()
                        .map(tune -> {
                            records.tune(
                                    tune.id(),
                                    tune.title().orElseThrow(),
                                    claim.order(),
                                    tune.name()
                                            .filter(name ->
                                                    CLASS_WORD.matcher(name).matches())
                                            .orElse("person"),
                                    clock.instant());
                            return tune.id();
                        }));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String tuneId = id.get();
        return Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(tuneId)))
                .filter(tune -> tune.id().equals(tuneId)
                        && tune.title().filter(claim::names).isPresent());
    }

    /** The images of the part of a style the token names, as Astria's API reports that part's prompt now. */
    private Result<GeneratorEvent> imagesReady(CallbackTokens.PromptClaim claim) {
        if (records.tune(claim.model())
                .filter(known -> !known.order().equals(claim.order()))
                .isPresent()) {
            return refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback's address names a model of another order");
        }
        Optional<AstriaJson.Tune> tune = Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(claim.model())));
        if (tune.isEmpty()) {
            return refused(Rejection.Reason.NOT_FOUND, "Astria no longer has the model this callback is about");
        }
        Optional<AstriaJson.Prompt> part = promptServing(claim);
        if (part.isEmpty()) {
            return refused(
                    Rejection.Reason.NOT_FOUND,
                    "Astria has no prompt for the part this callback's address was given for");
        }
        if (!part.get().done()) {
            return refused(
                    Rejection.Reason.EVENT_MALFORMED,
                    "Astria does not report this prompt's images: the callback announced "
                            + "what has not happened (yet)");
        }
        List<String> locations = part.get().images();
        given.add(locations);
        return Result.ok(new GeneratorEvent.ImagesReady(readyEventId(claim), claim.order(), claim.style(), locations));
    }

    /**
     * The prompt asked for {@code claim}'s part: one recorded for it, read by its id ({@code GET /tunes/{home}/prompts/{id}}),
     * a finished one first; or, for a prompt made before Kaptura recorded its objects, one found among the prompts of its
     * tune made since the address was handed out, by the signed address Astria echoes in each.
     */
    private Optional<AstriaJson.Prompt> promptServing(CallbackTokens.PromptClaim claim) {
        AstriaJson.Prompt best = null;
        boolean recorded = false;
        for (AstriaRecords.Placed placed : records.promptsOf(claim.order(), claim.model())) {
            if (placed.note().sameTarget(claim)) {
                recorded = true;
                if (placed.open()) {
                    Optional<AstriaJson.Prompt> prompt = readPrompt(placed);
                    if (prompt.isPresent() && (best == null || prompt.get().done())) {
                        best = prompt.get();
                    }
                }
            }
        }
        if (best != null || recorded) {
            return Optional.ofNullable(best);
        }
        String home = settings.promptHome(claim.model());
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = lookUps.prompts(
                "look a prompt up",
                home,
                prompt -> claimOf(prompt)
                        .filter(c -> c.order().equals(claim.order())
                                && AstriaRecords.PromptNote.of(c).sameTarget(claim))
                        .isPresent(),
                claim.expiresAt().minus(CallbackTokens.LIFETIME));
        for (AstriaJson.Prompt prompt : lookUp.matches()) {
            records.prompt(prompt.id(), home, claim.order(), AstriaRecords.PromptNote.of(claim), clock.instant());
            if (best == null || prompt.done()) {
                best = prompt;
            }
        }
        return Optional.ofNullable(best);
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
        records.tune(model).filter(known -> !known.order().equals(order)).ifPresent(known -> {
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
