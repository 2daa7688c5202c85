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
import ai.kaptura.ports.out.SandboxRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 *       supplier, to the end, closing it; keeps sealed copies of them ({@link ModelStore}, {@link AtRest}); trains
 *       once per idempotency key. The selfies' names and the subject class are not kept.</li>
 *   <li>After the delay, training finishes; each {@link #generate} request is drawn one delay after it is
 *       asked (and the model trained). Each step delivers a callback:
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
 * <p><strong>One vendor for every node, and a restart loses nothing it accepted.</strong> Its books are in the shared
 * {@link SandboxRecords} (the database), not in a node: a model trained through one node is generated, downloaded,
 * deleted and called back through any other. Every step is kept before it is acknowledged (a training before
 * {@link #train} answers, a generation request before {@link #generate} returns, an event before its callback is
 * sent, the app's answer to each callback once it comes), with the time the model's next step is due. The node that
 * kept a step wakes up at its time; every node also sweeps the due steps every second, so a step a stopped node
 * ({@code kill -9} included) was waiting for is taken by another at its time. A node takes a step only after claiming
 * it in the shared records — one node at a time, under a lease a dead node's claim outlives by
 * {@value #LEASE_SECONDS} seconds at most — and every change is a compare-and-set on the version it read, so a
 * training finishes once, a style is drawn once (its image ids are derived from the model, the style and the index,
 * so even a drawing repeated after a lease ran out names the same images), and a callback sent twice carries the same
 * event id, which the app acts on once. A sandbox that starts re-arms what it finds due, and sends again every
 * callback left unanswered. {@link #close} stops its threads; they are daemons anyway.
 */
@Implements({Rule.R2, Rule.R14, Rule.R17, Rule.R37})
final class SandboxGenerator implements HeadshotGenerator, AutoCloseable {

    static final int MAX_IMAGES_PER_STYLE = 200;
    static final int MAX_SELFIES = 100;
    static final int MAX_SELFIE_BYTES = 64 * 1024 * 1024;
    /** How long {@link #close} waits for a step or a delivery under way. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** A step's tries before its model is given up and reported failed. */
    static final int STEP_ATTEMPTS = 3;

    static final long LEASE_SECONDS = 30;
    /** How long a node's claim on a step holds: another node takes the step over once it has passed. */
    static final Duration LEASE = Duration.ofSeconds(LEASE_SECONDS);

    private static final int SWEEP_BATCH = 20;
    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final CallbackTokens tokens;
    private final byte[] bodyKey;
    private final byte[] imageKey;
    private final Duration delay;
    /** The wait before a failed step is tried again: one delay, at least a second. */
    private final Duration retryWait;

    private final InstantSource clock;
    private final ModelStore store;
    private final SandboxRecords records;
    private final PortraitRenderer renderer = new PortraitRenderer();
    private final SecureRandom random;
    private final StepScheduler steps;
    private final CallbackSender callbacks;
    /** This node's name in the claims it takes. */
    private final String holder;

    private final Object trainLock = new Object();
    private final ConcurrentMap<String, Object> workLocks = new ConcurrentHashMap<>();
    /** How often each model's step failed in a row, on this node. */
    private final ConcurrentMap<String, Integer> stepFailures = new ConcurrentHashMap<>();

    private final Set<String> keptDespiteDeletion = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SandboxGenerator(String publicBase, byte[] secret, Duration delay, InstantSource clock, SandboxRecords records) {
        this(publicBase, secret, delay, Redelivery.DEFAULT, clock, records);
    }

    SandboxGenerator(
            String publicBase,
            byte[] secret,
            Duration delay,
            Redelivery redelivery,
            InstantSource clock,
            SandboxRecords records) {
        this.random = new SecureRandom();
        this.tokens =
                new CallbackTokens(Signatures.derive(secret, "kaptura-sandbox/generator/callback-token/v1"), random);
        this.bodyKey = Signatures.derive(secret, "kaptura-sandbox/generator/callback-body/v1");
        this.imageKey = Signatures.derive(secret, "kaptura-sandbox/generator/image-id/v1");
        this.delay = delay;
        this.retryWait = delay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : delay;
        this.clock = clock;
        this.records = Objects.requireNonNull(records, "sandbox records");
        this.store = new ModelStore(
                records, new AtRest(Signatures.derive(secret, "kaptura-sandbox/generator/storage/v1"), random));
        this.steps = new StepScheduler(delay);
        this.callbacks = new CallbackSender(tokens, bodyKey, redelivery, clock, publicBase + CALLBACK_PATH);
        this.holder = "sandbox-" + HEX.formatHex(randomBytes(8));
        resume();
        steps.everySweep(this::sweep);
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
            Optional<ModelRef> existing = store.trainedUnder(keyHash);
            if (existing.isPresent()) {
                return existing.get();
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
                        state,
                        count,
                        index -> readWhole(training.selfies().get(index), index),
                        Optional.of(state.trainingDueAt(delay)));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "The sandbox could not keep the selfies of a training; nothing was kept", e);
            }
            ModelRef kept = store.claimKey(keyHash, state.ref());
            if (!kept.equals(state.ref())) {
                store.abandon(id); // another node trained under this key at the same moment: its model stands
                return kept;
            }
            arm(id, state.trainingDueAt(delay));
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
        ModelState state = live(model);
        if (!state.order().equals(order)) {
            throw new IllegalArgumentException("Model " + model + " was not trained for order " + order);
        }
        Instant now = clock.instant();
        Optional<ModelState> asked = store.update(
                model.value(),
                s -> {
                    ModelState more = s;
                    for (Style style : styles) {
                        more = more.asking(style.id(), count, now);
                    }
                    return more;
                },
                this::dueNow);
        asked.flatMap(s -> s.drawDueAt(delay)).ifPresent(at -> arm(model.value(), at));
    }

    // ---- progress -------------------------------------------------------------------------------

    @Override
    public List<GeneratorEvent> status(OrderId order, ModelRef model) {
        ModelState state = model == null ? null : store.state(model.value()).orElse(null);
        return state == null || !state.order().equals(order) ? List.of() : Callbacks.events(state);
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
        try {
            return new ByteArrayInputStream(store.readHeadshot(imageId));
        } catch (NoSuchElementException e) {
            throw new NoSuchElementException("The sandbox has no image " + imageLocation + " (or no longer)");
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
            if (keptDespiteDeletion.contains(id) && store.state(id).isPresent()) {
                return "deletion of model " + id + " accepted";
            }
            ModelStore.Removed removed = store.delete(id);
            callbacks.forget(id);
            stepFailures.remove(id);
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "Sandbox: model " + id + " deleted (" + removed.files() + " records and files)");
            return removed.files() == 0
                    ? "the sandbox holds no model " + id + "; nothing to delete"
                    : "deleted model " + id + " with its " + removed.selfies() + " selfie copies and "
                            + removed.headshots() + " headshots from the sandbox's store";
        }
    }

    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        Objects.requireNonNull(model, "model");
        String id = model.value();
        Optional<ModelState> state = store.state(id);
        if (state.isPresent()) {
            return new DeletionCheck.StillThere(
                    "the sandbox still holds model " + id + (state.get().isTrained() ? " (trained)" : " (training)"));
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
            ModelState owner =
                    store.ownerOfNonce(nonce.get()).flatMap(store::state).orElse(null);
            if (owner == null || !owner.tokenNonce().equals(nonce.get())) {
                return notAuthentic("The callback's address is retired: its model is deleted");
            }
            byte[] content = body == null ? new byte[0] : body;
            Optional<String> problem =
                    Signatures.problem(headers, bodyKey, CallbackSender.signedContent(token, content), clock.instant());
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
        return callbacks.signature(token, body, at);
    }

    /**
     * Stops its threads and waits (a few seconds at most) for a step or a delivery under way, so nothing more is written
     * by this node once it returns. Whatever was not finished is in the shared records, and taken up by another node,
     * or by this one at its next start.
     */
    @Override
    public void close() {
        closed = true;
        steps.shutdownNow();
        callbacks.close();
        try {
            steps.awaitTermination(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- test hooks: the vendor's side, now ------------------------------------------------------

    /** Finishes the training of {@code model} now, as a step would after the delay. */
    void finishTrainingNow(ModelRef model) {
        live(model);
        Instant now = clock.instant();
        store.update(model.value(), s -> s.isTrained() ? s : s.trained(now), this::dueNow);
        arm(model.value(), now);
    }

    /** Draws every style asked of {@code model} now, as a step would after the delay. */
    void finishGeneratingNow(ModelRef model) {
        draw(model.value(), true);
        arm(model.value(), clock.instant());
    }

    /** From now on, {@code model} survives deletion requests: a vendor that acknowledges and keeps. */
    void keepDespiteDeletion(ModelRef model) {
        keptDespiteDeletion.add(live(model).id());
    }

    // ---- the steps ------------------------------------------------------------------------------

    /**
     * When {@code state}'s next step is due: its training's end, its next drawing, and, when {@code callbacksAt} is
     * given and a callback is unanswered, that time; empty when nothing is left to do.
     */
    private Optional<Instant> due(ModelState state, Optional<Instant> callbacksAt) {
        List<Instant> times = new ArrayList<>();
        if (state.failure().isEmpty()) {
            if (!state.isTrained()) {
                times.add(state.trainingDueAt(delay));
            }
            state.drawDueAt(delay).ifPresent(times::add);
        }
        if (callbacksAt.isPresent() && !Callbacks.unanswered(state).isEmpty()) {
            times.add(callbacksAt.get());
        }
        return times.stream().min(Comparator.naturalOrder());
    }

    /** When {@code state}'s next step is due, its unanswered callbacks at once. */
    private Optional<Instant> dueNow(ModelState state) {
        return due(state, Optional.of(clock.instant()));
    }

    /** Wakes this node at {@code at} to take model {@code id}'s step, if it is still due then and no node has it. */
    private void arm(String id, Instant at) {
        if (closed) {
            return;
        }
        steps.later(
                () -> {
                    Instant now = clock.instant();
                    runDue(id, at.isAfter(now) ? at : now);
                },
                steps.until(at, clock.instant()));
    }

    /** Takes the due steps no timer of this node waits for: those of a node that stopped, at their time. */
    private void sweep() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (String id : records.due(ModelStore.MODEL, now, SWEEP_BATCH)) {
            runDue(id, now);
        }
    }

    /** Claims model {@code id}'s step due at {@code now} and takes it; nothing if another node has it or it is not due. */
    private void runDue(String id, Instant now) {
        if (closed || !records.claim(ModelStore.MODEL, id, holder, now, now.plus(LEASE))) {
            return;
        }
        try {
            step(id, now);
        } finally {
            // Released also when closing: the step is taken up at once by another node, or by this one's next start.
            records.release(ModelStore.MODEL, id, holder);
        }
    }

    /** The claimed step of model {@code id} at {@code now}: its training's end, its drawing, its callbacks. */
    private void step(String id, Instant now) {
        Optional<ModelState> read = store.state(id);
        if (read.isEmpty()) {
            return;
        }
        ModelState state = read.get();
        try {
            if (state.failure().isEmpty()
                    && !state.isTrained()
                    && !state.trainingDueAt(delay).isAfter(now)) {
                Instant trainedAt = clock.instant();
                Optional<ModelState> trained =
                        store.update(id, s -> s.isTrained() ? s : s.trained(trainedAt), this::dueNow);
                if (trained.isEmpty()) {
                    return;
                }
                state = trained.get();
                LOG.log(System.Logger.Level.INFO, () -> "Sandbox: model " + id + " is trained");
            }
            if (state.failure().isEmpty()
                    && state.drawDueAt(delay).filter(at -> !at.isAfter(now)).isPresent()) {
                if (draw(id, false).isEmpty()) {
                    return;
                }
            }
            stepFailures.remove(id);
        } catch (RuntimeException e) {
            int attempts = stepFailures.merge(id, 1, Integer::sum);
            if (attempts < STEP_ATTEMPTS) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Sandbox: a step of model " + id + " failed ("
                                + e.getClass().getSimpleName() + "); trying again");
                Instant again = now.plus(retryWait);
                store.update(id, s -> s, s -> Optional.of(again));
                arm(id, again);
                return;
            }
            stepFailures.remove(id);
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "Sandbox: a step of model " + id + " failed " + STEP_ATTEMPTS + " times ("
                            + e.getClass().getSimpleName() + "); the model is reported failed");
            failModel(id);
        }
        sendCallbacks(id, now);
    }

    /** Draws the styles asked and not drawn yet; {@code strict} (a test hook) refuses an untrained model. */
    private Optional<ModelState> draw(String id, boolean strict) {
        synchronized (workLock(id)) {
            ModelState state = store.state(id).orElse(null);
            if (state == null || !state.isTrained()) {
                if (strict) {
                    throw new IllegalStateException(
                            "Model " + id + (state == null ? " does not exist" : " is not trained yet"));
                }
                return Optional.ofNullable(state);
            }
            List<StyleId> pending = state.pending();
            SelfieCopies selfies = new SelfieCopies(store, id, state.selfies());
            for (int s = 0; s < pending.size(); s++) {
                StyleId style = pending.get(s);
                int count = state.asked().get(style);
                List<String> drawn = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (closed) {
                        return Optional.of(state); // the style is still asked: the next step draws it
                    }
                    int which = (i + s) % state.selfies();
                    String imageId = imageId(id, style, i);
                    byte[] jpeg = renderer.render(selfies.image(which), selfies.seed(which), style, i);
                    store.writeHeadshot(id, imageId, jpeg);
                    drawn.add(imageId);
                }
                Optional<ModelState> ready = store.update(
                        id, now -> now.ready().containsKey(style) ? now : now.withImages(style, drawn), this::dueNow);
                if (ready.isEmpty()) {
                    store.abandon(id); // deleted while it was drawn: what was drawn goes too
                    return Optional.empty();
                }
                state = ready.get();
                LOG.log(
                        System.Logger.Level.INFO,
                        () -> "Sandbox: model " + id + " has " + count + " headshots of style " + style);
            }
            return Optional.of(state);
        }
    }

    /**
     * Sends every callback of model {@code id} the app has not answered, once each ({@link CallbackSender}), keeping each
     * answer; if one is not answered, the model's next step is its next attempt, until the redelivery's time is over.
     */
    private void sendCallbacks(String id, Instant now) {
        ModelState state = store.state(id).orElse(null);
        if (state == null) {
            return;
        }
        CallbackSender.Round round = callbacks.send(
                state,
                eventId -> store.update(id, s -> s.answered(eventId), s -> due(s, Optional.of(now))),
                () -> closed);
        Optional<Instant> retry;
        switch (round) {
            case CallbackSender.Stopped _ -> {
                return;
            }
            case CallbackSender.Again again -> retry = Optional.of(now.plus(again.after()));
            case CallbackSender.AllAnswered _, CallbackSender.GivenUp _ -> retry = Optional.empty();
        }
        store.update(id, s -> s, s -> due(s, retry)).flatMap(s -> due(s, retry)).ifPresent(at -> arm(id, at));
    }

    /**
     * Takes up, at start, what the shared records hold: every model's next step is armed at its time (at once for what
     * fell due while no sandbox ran), and every callback left unanswered (its retries given up) is due again now.
     */
    private void resume() {
        Instant now = clock.instant();
        int armed = 0;
        int unanswered = 0;
        List<String> ids = store.ids();
        for (String id : ids) {
            Optional<ModelStore.Versioned> read;
            try {
                read = store.get(id);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Sandbox: the record of model " + id + " cannot be read ("
                                + e.getClass().getSimpleName() + "); it stays until its deletion is requested");
                continue;
            }
            if (read.isEmpty()) {
                continue;
            }
            Optional<Instant> due = read.get().dueAt();
            if (due.isEmpty() && !Callbacks.unanswered(read.get().state()).isEmpty()) {
                due = store.update(id, s -> s, this::dueNow).flatMap(this::dueNow);
                unanswered++;
            }
            if (due.isPresent()) {
                arm(id, due.get());
                armed++;
            }
        }
        if (!ids.isEmpty()) {
            String resumed = armed + " steps, " + unanswered + " with callbacks sent again";
            LOG.log(
                    System.Logger.Level.INFO,
                    () -> "Sandbox: " + ids.size() + " models in the shared records; resuming " + resumed);
        }
    }

    private void failModel(String id) {
        Optional<ModelState> failed = store.update(
                id,
                s -> s.failure().isPresent()
                        ? s
                        : s.failed("The sandbox could not finish this model's "
                                + (s.isTrained() ? "headshots" : "training")),
                this::dueNow);
        if (failed.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, () -> "Sandbox: the failure of model " + id + " could not be kept");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The live model {@code model}; one that is not there is a bug of the caller. */
    private ModelState live(ModelRef model) {
        return store.state(model.value())
                .orElseThrow(() -> new IllegalStateException("The sandbox has no model " + model));
    }

    /** The id of image {@code index} of {@code style} of model {@code id}: the same whichever node draws it, unguessable. */
    private String imageId(String id, StyleId style, int index) {
        byte[] mac =
                Signatures.hmac(imageKey, (id + ":" + style.value() + ":" + index).getBytes(StandardCharsets.UTF_8));
        return "img-" + HEX.formatHex(mac, 0, 16);
    }

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

    private static Result<GeneratorEvent> notAuthentic(String detail) {
        return Result.refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, detail);
    }
}
