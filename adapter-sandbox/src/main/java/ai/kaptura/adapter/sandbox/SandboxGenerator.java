package ai.kaptura.adapter.sandbox;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The offline stand-in for the AI vendor: the same port, the same contract and the same callback path as
 * Astria, with nothing leaving the machine (so {@link #processorName()} is empty). <strong>It is not AI:</strong>
 * "training" is a wait of the configured delay, and "generation" draws each headshot from one of the
 * selfies with {@link PortraitRenderer} (a crop, a backdrop, a colour grade per style).
 *
 * <ul>
 *   <li>{@link #train} refuses, with a {@link SecurityException} and before reading a byte, anything but the
 *       guard's vendor-training permit for that very order (R1, R17); reads every selfie through its
 *       supplier, to the end, closing it; keeps sealed copies of them under its work directory
 *       ({@link ModelStore}, {@link AtRest}); trains once per idempotency key. The selfies' names and the
 *       subject class are not kept.</li>
 *   <li>After the delay, training finishes; each {@link #generate} request is drawn one delay after it is
 *       asked (and the model trained). Each step delivers a callback, asynchronously, on daemon threads:
 *       {@code POST {base}/webhooks/generator/{token}} with a JSON body ({@link Callbacks}) and the header
 *       {@code Kaptura-Sandbox-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, t + "." + token + "." + body)>}.
 *       The token ({@link CallbackTokens}) is opaque, signed and single-purpose (R37). A callback is sent until
 *       the app answers it: a POST that fails, or is answered 5xx, 408, 425 or 429, is sent again ({@link Redelivery}:
 *       after half a second, doubling to ten seconds, for ten minutes — by then the app's poll looks the event up
 *       through {@link #status}, which reports the same events with the same ids); any other answer settles it.
 *       Logs name the model id and the status only.</li>
 *   <li>{@link #requestDeletion} removes the model's record, every selfie copy and every headshot;
 *       {@link #verifyDeletion} answers gone only when no record and no file of the model is left (R2, R14).</li>
 * </ul>
 *
 * <p><strong>A restart loses nothing it accepted.</strong> Every step is kept at rest before it is acknowledged: a
 * training before {@link #train} answers, a generation request before {@link #generate} returns, an event before
 * its callback is sent, and the app's answer to each callback once it comes. A new sandbox on the same work
 * directory (a restart, a {@code kill -9}) loads every model and resumes what was left: a training finishes at its
 * time (at once if that time has passed while the sandbox was down), styles asked and not drawn are drawn one delay
 * after they were asked (at once if overdue), and every callback the app has not answered is sent again through
 * the same signed path, with {@link Redelivery}'s retries, which also carry it over the seconds before the app
 * listens. A callback sent twice carries the same event id, and the app acts on an event id once. {@link #close}
 * stops its threads; they are daemons anyway.
 */
@Implements({Rule.R2, Rule.R14, Rule.R17, Rule.R37})
final class SandboxGenerator implements HeadshotGenerator, AutoCloseable {

    static final int MAX_IMAGES_PER_STYLE = 200;
    static final int MAX_SELFIES = 100;
    static final int MAX_SELFIE_BYTES = 64 * 1024 * 1024;
    /** How long {@link #close} waits for a step or a delivery under way. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final CallbackTokens tokens;
    private final byte[] bodyKey;
    private final Duration delay;
    private final InstantSource clock;
    private final ModelStore store;
    private final PortraitRenderer renderer = new PortraitRenderer();
    private final SecureRandom random;
    private final StepScheduler steps;
    private final CallbackDelivery delivery;

    /** Guards {@link #models}, each change of it together with its write at rest, and {@link #closed}'s setting. */
    private final Object lock = new Object();

    private final Object trainLock = new Object();
    private final ModelIndex models = new ModelIndex();
    private final ConcurrentMap<String, Object> workLocks = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SandboxGenerator(String publicBase, byte[] secret, Duration delay, InstantSource clock, Path workDir) {
        this(publicBase, secret, delay, Redelivery.DEFAULT, clock, workDir);
    }

    SandboxGenerator(
            String publicBase,
            byte[] secret,
            Duration delay,
            Redelivery redelivery,
            InstantSource clock,
            Path workDir) {
        this.random = new SecureRandom();
        this.tokens =
                new CallbackTokens(Signatures.derive(secret, "kaptura-sandbox/generator/callback-token/v1"), random);
        this.bodyKey = Signatures.derive(secret, "kaptura-sandbox/generator/callback-body/v1");
        this.delay = delay;
        this.clock = clock;
        this.store = new ModelStore(
                workDir, new AtRest(Signatures.derive(secret, "kaptura-sandbox/generator/storage/v1"), random));
        this.steps = new StepScheduler(delay, () -> closed, this::failModel);
        this.delivery = new CallbackDelivery(
                publicBase + CALLBACK_PATH,
                tokens,
                (token, body) -> signature(token, body, clock.instant()),
                Objects.requireNonNull(redelivery, "redelivery"),
                steps,
                () -> closed,
                this::unanswered,
                this::answered);
        resume(store.loadAll());
    }

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    /** Its own name, having no processor. */
    @Override
    public String recordedName() {
        return "sandbox-generator";
    }

    // ---- training -------------------------------------------------------------------------------

    @Override
    public ModelRef train(Training training) {
        Objects.requireNonNull(training, "training");
        if (!SelfieReadPermit.allowsVendorTraining(training.permit(), training.order())) {
            throw new SecurityException(
                    "Selfies go to the generator only with the guard's vendor-training permit for order "
                            + training.order() + " (R17); got " + training.permit());
        }
        requireOpen();
        if (training.idempotencyKey() == null || training.idempotencyKey().isBlank()) {
            throw new IllegalArgumentException("A training needs an idempotency key");
        }
        String keyHash = Digest.sha256("kaptura-sandbox training:" + training.idempotencyKey())
                .hex();
        synchronized (trainLock) {
            synchronized (lock) {
                Optional<ModelRef> existing = models.trainedUnder(keyHash);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            int count = training.selfies().size();
            if (count == 0 || count > MAX_SELFIES) {
                throw new IllegalArgumentException("A training takes 1 to " + MAX_SELFIES + " selfies, not " + count);
            }
            String id = "sbx-" + HEX.formatHex(randomBytes(12));
            ModelState state = ModelState.submitted(
                    new ModelRef(id), training.order(), keyHash, tokens.newNonce(), count, clock.instant());
            try {
                store.keepNew(
                        state, count, index -> readWhole(training.selfies().get(index), index));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The sandbox could not keep the selfies of a training; nothing was kept", e);
            }
            synchronized (lock) {
                models.register(state);
            }
            steps.afterDelay(id, () -> finishTraining(id), "training");
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "Sandbox: model " + id + " takes " + count + " selfies; it is trained in " + delay);
            return state.ref();
        }
    }

    @Override
    public void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(styles, "styles");
        if (count < 1 || count > MAX_IMAGES_PER_STYLE) {
            throw new IllegalArgumentException(
                    "Between 1 and " + MAX_IMAGES_PER_STYLE + " headshots a style, not " + count);
        }
        requireOpen();
        boolean drawSoon;
        synchronized (lock) {
            ModelState state = models.live(model);
            if (!state.order().equals(order)) {
                throw new IllegalArgumentException("Model " + model + " was not trained for order " + order);
            }
            ModelState asked = state;
            Instant now = clock.instant();
            for (Style style : styles) {
                asked = asked.asking(style.id(), count, now);
            }
            if (asked.equals(state)) {
                return;
            }
            store.save(asked);
            models.update(asked, List.of());
            drawSoon = asked.isTrained();
        }
        if (drawSoon) {
            steps.afterDelay(model.value(), () -> draw(model.value(), false), "generation");
        }
    }

    // ---- progress -------------------------------------------------------------------------------

    @Override
    public List<GeneratorEvent> status(OrderId order, ModelRef model) {
        synchronized (lock) {
            ModelState state = model == null ? null : models.get(model.value());
            return state == null || !state.order().equals(order) ? List.of() : Callbacks.events(state);
        }
    }

    @Override
    public InputStream download(String imageLocation) {
        if (imageLocation == null
                || !imageLocation.startsWith(Callbacks.LOCATION_PREFIX)
                || !ModelStore.isImageId(imageLocation.substring(Callbacks.LOCATION_PREFIX.length()))) {
            throw new IllegalArgumentException(
                    "The sandbox serves only its own images (sandbox:img-…), not " + imageLocation);
        }
        String imageId = imageLocation.substring(Callbacks.LOCATION_PREFIX.length());
        String modelId;
        synchronized (lock) {
            modelId = models.modelOfImage(imageId);
        }
        if (modelId == null) {
            throw new NoSuchElementException("The sandbox has no image " + imageLocation + " (or no longer)");
        }
        try {
            return new ByteArrayInputStream(store.readHeadshot(modelId, imageId));
        } catch (NoSuchFileException e) {
            throw new NoSuchElementException("The sandbox has no image " + imageLocation + " (or no longer)");
        } catch (IOException e) {
            throw new UncheckedIOException("The sandbox could not read image " + imageLocation, e);
        }
    }

    // ---- deletion -------------------------------------------------------------------------------

    @Override
    public String requestDeletion(ModelRef model) {
        Objects.requireNonNull(model, "model");
        String id = model.value();
        if (!ModelStore.isModelId(id)) {
            return "the sandbox never had a model " + id + "; nothing to delete";
        }
        synchronized (workLock(id)) {
            synchronized (lock) {
                if (!models.remove(id)) {
                    return "deletion of model " + id + " accepted";
                }
            }
            try {
                ModelStore.Removed removed = store.delete(id);
                LOG.log(
                        System.Logger.Level.INFO,
                        () -> "Sandbox: model " + id + " deleted (" + removed.files() + " files)");
                return removed.files() == 0
                        ? "the sandbox holds no model " + id + "; nothing to delete"
                        : "deleted model " + id + " with its " + removed.selfies() + " selfie copies and "
                                + removed.headshots() + " headshots from the sandbox's store";
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The sandbox could not delete every file of model " + id + "; asking again retries", e);
            }
        }
    }

    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        Objects.requireNonNull(model, "model");
        String id = model.value();
        synchronized (lock) {
            ModelState state = models.get(id);
            if (state != null) {
                return new DeletionCheck.StillThere(
                        "the sandbox still holds model " + id + (state.isTrained() ? " (trained)" : " (training)"));
            }
        }
        if (ModelStore.isModelId(id) && store.holdsAnything(id)) {
            return new DeletionCheck.StillThere("files of model " + id + " remain in the sandbox's store");
        }
        return new DeletionCheck.Gone(
                "the sandbox holds nothing of model " + id + ": no record, no selfie copy, no headshot (checked "
                        + clock.instant() + ")",
                1);
    }

    // ---- callbacks ------------------------------------------------------------------------------

    @Override
    public Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers) {
        try {
            Optional<String> nonce = tokens.nonceOf(token);
            if (nonce.isEmpty()) {
                return notAuthentic("The callback arrived at an address the sandbox never gave out");
            }
            ModelState owner;
            synchronized (lock) {
                owner = models.ownerOfNonce(nonce.get());
            }
            if (owner == null) {
                return notAuthentic("The callback's address is retired: its model is deleted");
            }
            byte[] content = body == null ? new byte[0] : body;
            Optional<String> problem =
                    Signatures.problem(headers, bodyKey, signedContent(token, content), clock.instant());
            if (problem.isPresent()) {
                return notAuthentic("The callback is not authentic: " + problem.get());
            }
            return Callbacks.decode(owner, content);
        } catch (RuntimeException e) {
            return Result.refused(Rejection.Reason.EVENT_MALFORMED, "The callback could not be read");
        }
    }

    /** The signature header the sandbox sends with {@code body} to {@code token}'s address, signed at {@code at}. */
    String signature(String token, byte[] body, Instant at) {
        return Signatures.header(bodyKey, at, signedContent(token, body));
    }

    @Override
    /**
     * Stops its threads and waits (a few seconds at most) for a step or a delivery under way, so nothing is written to the
     * work directory once it returns. Whatever was not finished is at rest and resumes at the next start.
     */
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        steps.shutdownNow();
        delivery.shutdownNow();
        try {
            steps.awaitTermination(CLOSE_WAIT);
            delivery.awaitTermination(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- test hooks: the vendor's side, now ------------------------------------------------------

    /** Finishes the training of {@code model} now, as the scheduler would after the delay. */
    void finishTrainingNow(ModelRef model) {
        synchronized (lock) {
            models.live(model);
        }
        finishTraining(model.value());
    }

    /** Draws every style asked of {@code model} now, as the scheduler would after the delay. */
    void finishGeneratingNow(ModelRef model) {
        draw(model.value(), true);
    }

    /** From now on, {@code model} survives deletion requests: a vendor that acknowledges and keeps. */
    void keepDespiteDeletion(ModelRef model) {
        synchronized (lock) {
            models.keepDespiteDeletion(models.live(model).id());
        }
    }

    // ---- the steps ------------------------------------------------------------------------------

    private void finishTraining(String id) {
        ModelState trained;
        synchronized (lock) {
            ModelState state = models.get(id);
            if (closed || state == null || state.isTrained()) {
                return;
            }
            trained = state.trained(clock.instant());
            store.save(trained);
            models.update(trained, List.of());
        }
        LOG.log(System.Logger.Level.INFO, () -> "Sandbox: model " + id + " is trained");
        delivery.deliver(
                trained, new Callbacks.Outgoing(Callbacks.trainedEventId(trained.ref()), Callbacks.trained(trained)));
        if (!trained.pending().isEmpty()) {
            steps.afterDelay(id, () -> draw(id, false), "generation");
        }
    }

    /** Draws the styles asked and not drawn yet; {@code strict} (a test hook) refuses an untrained model. */
    private void draw(String id, boolean strict) {
        synchronized (workLock(id)) {
            ModelState state;
            synchronized (lock) {
                state = models.get(id);
            }
            if (state == null || !state.isTrained()) {
                if (strict) {
                    throw new IllegalStateException(
                            "Model " + id + (state == null ? " does not exist" : " is not trained yet"));
                }
                return;
            }
            List<StyleId> pending = state.pending();
            if (pending.isEmpty()) {
                return;
            }
            SelfieCopies selfies = new SelfieCopies(store, id, state.selfies());
            for (int s = 0; s < pending.size(); s++) {
                StyleId style = pending.get(s);
                int count = state.asked().get(style);
                List<String> drawn = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (closed) {
                        return; // the style is still asked at rest: the next start draws it
                    }
                    int which = (i + s) % state.selfies();
                    String imageId = "img-" + HEX.formatHex(randomBytes(16));
                    byte[] jpeg = renderer.render(selfies.image(which), selfies.seed(which), style, i);
                    try {
                        store.writeHeadshot(id, imageId, jpeg);
                    } catch (IOException e) {
                        throw new UncheckedIOException("The sandbox could not keep a headshot of model " + id, e);
                    }
                    drawn.add(imageId);
                }
                ModelState ready;
                synchronized (lock) {
                    ModelState now = models.get(id);
                    if (closed || now == null) {
                        return;
                    }
                    ready = now.withImages(style, drawn);
                    store.save(ready);
                    models.update(ready, drawn);
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        () -> "Sandbox: model " + id + " has " + count + " headshots of style " + style);
                delivery.deliver(
                        ready,
                        new Callbacks.Outgoing(
                                Callbacks.readyEventId(ready.ref(), style), Callbacks.imagesReady(ready, style)));
            }
        }
    }

    /** Whether the model is still here and the app has not answered the callback of {@code eventId}. */
    private boolean unanswered(String model, String eventId) {
        synchronized (lock) {
            ModelState state = models.get(model);
            return state != null && !state.delivered().contains(eventId);
        }
    }

    /** Keeps at rest that the app answered the callback of {@code eventId}, so no restart sends it again. */
    private void answered(String model, String eventId) {
        synchronized (lock) {
            ModelState state = models.get(model);
            if (closed || state == null) {
                return; // not kept: sent again at the next start, which the app ignores
            }
            ModelState answered = state.answered(eventId);
            if (answered == state) {
                return;
            }
            try {
                store.save(answered);
                models.update(answered, List.of());
            } catch (UncheckedIOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Sandbox: that the app answered a callback of model " + model
                                + " could not be kept; it is sent again when the sandbox next starts");
            }
        }
    }

    // ---- scheduling -----------------------------------------------------------------------------

    /**
     * Takes up, after a restart, everything the models at rest were left doing: a training finishes at its time,
     * styles asked are drawn at theirs (at once for what fell due while the sandbox was down), and every callback the
     * app has not answered is sent again.
     */
    private void resume(List<ModelState> stored) {
        Instant now = clock.instant();
        synchronized (lock) {
            stored.forEach(models::register);
        }
        int trainings = 0;
        int generations = 0;
        int unanswered = 0;
        for (ModelState state : stored) {
            String id = state.id();
            for (Callbacks.Outgoing callback : Callbacks.unanswered(state)) {
                delivery.deliver(state, callback);
                unanswered++;
            }
            if (state.failure().isPresent()) {
                continue;
            }
            if (!state.isTrained()) {
                steps.schedule(id, () -> finishTraining(id), steps.until(state.trainingDueAt(delay), now), "training");
                trainings++;
            } else if (state.drawDueAt(delay).isPresent()) {
                steps.schedule(
                        id,
                        () -> draw(id, false),
                        steps.until(state.drawDueAt(delay).get(), now),
                        "generation");
                generations++;
            }
        }
        if (!stored.isEmpty()) {
            String resumed = trainings + " trainings, " + generations + " generations and " + unanswered + " callbacks";
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "Sandbox: " + stored.size() + " models found in the work directory; resuming " + resumed);
        }
    }

    private void failModel(String id) {
        ModelState failed;
        synchronized (lock) {
            ModelState state = models.get(id);
            if (closed || state == null || state.failure().isPresent()) {
                return;
            }
            failed = state.failed(
                    "The sandbox could not finish this model's " + (state.isTrained() ? "headshots" : "training"));
            models.update(failed, List.of());
            try {
                store.save(failed);
            } catch (UncheckedIOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Sandbox: the failure of model " + id + " could not be saved");
            }
        }
        delivery.deliver(
                failed, new Callbacks.Outgoing(Callbacks.failedEventId(failed.ref()), Callbacks.failed(failed)));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Object workLock(String id) {
        return workLocks.computeIfAbsent(id, key -> new Object());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The sandbox generator is closed");
        }
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] readWhole(Selfie selfie, int index) throws IOException {
        InputStream opened = selfie.bytes().get();
        if (opened == null) {
            throw new IllegalStateException("Selfie " + (index + 1) + " has no content");
        }
        try (InputStream in = opened) {
            byte[] bytes = in.readNBytes(MAX_SELFIE_BYTES + 1);
            if (bytes.length > MAX_SELFIE_BYTES) {
                throw new IllegalArgumentException("Selfie " + (index + 1) + " is larger than "
                        + MAX_SELFIE_BYTES / (1024 * 1024) + " MiB; the sandbox takes none of this training");
            }
            return bytes;
        }
    }

    private static byte[] signedContent(String token, byte[] body) {
        return Signatures.concat((token + ".").getBytes(StandardCharsets.UTF_8), body);
    }

    private static Result<GeneratorEvent> notAuthentic(String detail) {
        return Result.refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, detail);
    }
}
