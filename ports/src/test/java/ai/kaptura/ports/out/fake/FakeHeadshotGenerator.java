package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.ImageBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * An offline, deterministic AI vendor. It behaves like the real one where the application can tell:
 * training is idempotent per key and needs the guard's vendor-training permit (R17); selfie bytes
 * are read only through each selfie's supplier, and only their digests are kept; nothing finishes
 * until a test says so ({@link #finishTraining}, {@link #finishGenerating}), or at once when built
 * {@link #finishingAtOnce}; deletion is confirmed only by the model being gone.
 *
 * <p>Callbacks arrive at an opaque per-order token the fake handed over with the training request
 * and carry the header {@value #SIGNATURE_HEADER}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.token.body">} under a secret of this fake, valid for {@link #TOLERANCE}. The test helpers
 * ({@link #trainingFinishedCallback}, {@link #imagesReadyCallback}, {@link #failedCallback},
 * {@link #signed}) produce genuine ones.
 *
 * <p>Everything the fake "sent" to the vendor is kept as text in {@link #sentToVendor()}, so tests can
 * check that nothing personal left (R37).
 */
public final class FakeHeadshotGenerator implements HeadshotGenerator {

    public static final String SIGNATURE_HEADER = "X-Fake-Vendor-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String CALLBACK_BASE = "https://kaptura.invalid/callbacks/generator/";
    public static final String IMAGE_BASE = "https://images.fake-vendor.invalid/";

    /** A callback as the vendor delivers it: to our token's URL, with a body and headers. */
    public record Callback(String token, byte[] body, Map<String, List<String>> headers) {}

    private static final class Model {
        final ModelRef ref;
        final OrderId order;
        final String token;
        final List<Digest> trainingImages;
        final Map<StyleId, Integer> asked = new LinkedHashMap<>();
        final Map<StyleId, List<String>> ready = new LinkedHashMap<>();
        Instant trainedAt;
        boolean deleted;
        boolean keepsDespiteDeletion;

        Model(ModelRef ref, OrderId order, String token, List<Digest> trainingImages) {
            this.ref = ref;
            this.order = order;
            this.token = token;
            this.trainingImages = trainingImages;
        }
    }

    private final byte[] secret;
    private final InstantSource clock;
    private final boolean finishAtOnce;
    private final Map<String, ModelRef> byKey = new LinkedHashMap<>();
    private final Map<ModelRef, Model> models = new LinkedHashMap<>();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    private final List<String> sent = new ArrayList<>();
    private int trainings;
    private boolean unreachable;

    private FakeHeadshotGenerator(String secret, InstantSource clock, boolean finishAtOnce) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.finishAtOnce = finishAtOnce;
    }

    /** A vendor that finishes nothing until {@link #finishTraining} and {@link #finishGenerating} are called. */
    public FakeHeadshotGenerator(String secret, InstantSource clock) {
        this(secret, clock, false);
    }

    /** A vendor that trains and generates the moment it is asked (no callbacks are needed to progress). */
    public static FakeHeadshotGenerator finishingAtOnce(String secret, InstantSource clock) {
        return new FakeHeadshotGenerator(secret, clock, true);
    }

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    @Override
    public String recordedName() {
        return "fake-generator";
    }

    @Override
    public synchronized ModelRef train(Training training) {
        failIfUnreachable();
        if (!SelfieReadPermit.allowsVendorTraining(training.permit(), training.order())) {
            throw new SecurityException(
                    "Selfies go to the vendor only with the guard's vendor-training permit for order "
                            + training.order() + " (R17); got " + training.permit());
        }
        ModelRef existing = byKey.get(training.idempotencyKey());
        if (existing != null) {
            return existing;
        }
        if (training.selfies().isEmpty()) {
            throw new IllegalArgumentException("A training needs selfies");
        }
        String token = callbackTokenFor(training.order());
        List<String> request = new ArrayList<>(List.of(
                "POST /tunes",
                "tune[title]=" + training.idempotencyKey(),
                "tune[name]=" + training.subjectClass(),
                "tune[callback]=" + CALLBACK_BASE + token));
        List<Digest> digests = new ArrayList<>();
        for (Selfie selfie : training.selfies()) {
            MessageDigest engine = Digest.sha256Engine();
            long size = 0;
            try (InputStream in = selfie.bytes().get()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    engine.update(buffer, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading selfie " + selfie.name() + " failed; nothing was submitted", e);
            }
            Digest digest = Digest.of(engine);
            digests.add(digest);
            request.add("tune[images][]=" + selfie.name() + "; " + size + " bytes; sha256 " + digest);
        }
        ModelRef ref = new ModelRef("fake-tune-" + (++trainings));
        Model model = new Model(ref, training.order(), token, List.copyOf(digests));
        if (finishAtOnce) {
            model.trainedAt = clock.instant();
        }
        sent.addAll(request);
        byKey.put(training.idempotencyKey(), ref);
        models.put(ref, model);
        return ref;
    }

    @Override
    public synchronized void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        failIfUnreachable();
        Model m = live(model);
        if (!m.order.equals(order)) {
            throw new IllegalArgumentException("Model " + model + " was not trained for order " + order);
        }
        if (count < 1 || count > 200) {
            throw new IllegalArgumentException("Between 1 and 200 headshots a style, not " + count);
        }
        for (Style style : styles) {
            if (m.asked.containsKey(style.id())) {
                continue;
            }
            m.asked.put(style.id(), count);
            sent.add("POST /tunes/" + model + "/prompts");
            sent.add("prompt[text]=" + style.description());
            sent.add("prompt[num_images]=" + count);
            sent.add("prompt[callback]=" + CALLBACK_BASE + m.token);
        }
        if (finishAtOnce) {
            finishGenerating(model);
        }
    }

    @Override
    public synchronized List<GeneratorEvent> status(OrderId order, ModelRef model) {
        failIfUnreachable();
        sent.add("GET /tunes/" + model);
        Model m = models.get(model);
        if (m == null || m.deleted || !m.order.equals(order)) {
            return List.of();
        }
        List<GeneratorEvent> events = new ArrayList<>();
        if (m.trainedAt != null) {
            events.add(new GeneratorEvent.ModelTrained(trainedEventId(model), order, model, m.trainedAt));
        }
        m.ready.forEach((style, locations) ->
                events.add(new GeneratorEvent.ImagesReady(readyEventId(model, style), order, style, locations)));
        return events;
    }

    @Override
    public synchronized InputStream download(String imageLocation) {
        failIfUnreachable();
        sent.add("GET " + imageLocation);
        byte[] image = images.get(imageLocation);
        if (image == null) {
            throw new NoSuchElementException("The vendor has no image at " + imageLocation + " (or no longer)");
        }
        return new ByteArrayInputStream(image);
    }

    @Override
    public synchronized String requestDeletion(ModelRef model) {
        failIfUnreachable();
        sent.add("DELETE /tunes/" + model);
        Model m = models.get(model);
        if (m == null) {
            return "404 no such model";
        }
        if (m.keepsDespiteDeletion) {
            return "200 deletion accepted";
        }
        m.deleted = true;
        m.ready.values().forEach(locations -> locations.forEach(images::remove));
        return "200 deleted";
    }

    @Override
    public synchronized DeletionCheck verifyDeletion(ModelRef model) {
        failIfUnreachable();
        sent.add("GET /tunes/" + model);
        Model m = models.get(model);
        if (m == null || m.deleted) {
            return new DeletionCheck.Gone("GET /tunes/" + model + " answered 404 Not Found at " + clock.instant(), 1);
        }
        return new DeletionCheck.StillThere(
                "GET /tunes/" + model + " still answers 200 (" + (m.trainedAt == null ? "training" : "trained") + ")");
    }

    @Override
    public synchronized Result<GeneratorEvent> decodeCallback(
            String token, byte[] body, Map<String, List<String>> headers) {
        try {
            List<Model> forToken =
                    models.values().stream().filter(m -> m.token.equals(token)).toList();
            if (token == null || body == null || forToken.isEmpty()) {
                return notAuthentic("The callback arrived at an address we never gave the vendor");
            }
            Optional<String> refusal = signatureProblem(token, body, headers);
            if (refusal.isPresent()) {
                return notAuthentic(refusal.get());
            }
            return decode(forToken, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Result.refused(Rejection.Reason.EVENT_MALFORMED, "The callback could not be read");
        }
    }

    // ---- test helpers: the vendor's side ---------------------------------------------------------

    /** Training of {@code model} finishes now. */
    public synchronized void finishTraining(ModelRef model) {
        live(model).trainedAt = clock.instant();
    }

    /** Every style asked of {@code model} gets its images now. */
    public synchronized void finishGenerating(ModelRef model) {
        Model m = live(model);
        if (m.trainedAt == null) {
            throw new IllegalStateException("Model " + model + " is not trained yet");
        }
        m.asked.forEach((style, count) -> m.ready.computeIfAbsent(style, s -> {
            List<String> locations = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String location = IMAGE_BASE + model + "/" + style + "/" + i + ".png";
                images.put(location, tinyPng(location));
                locations.add(location);
            }
            return List.copyOf(locations);
        }));
    }

    /** From now on, {@code model} survives deletion requests (a vendor that acknowledges and keeps). */
    /**
     * While {@code down}, every call to the vendor's API (train, generate, status, download, delete, verify) fails the
     * way an unreachable vendor does, with an {@link IllegalStateException}, and changes nothing; callbacks already
     * signed still decode.
     */
    public synchronized void unreachable(boolean down) {
        unreachable = down;
    }

    private void failIfUnreachable() {
        if (unreachable) {
            throw new IllegalStateException("The vendor cannot be reached (simulated outage)");
        }
    }

    public synchronized void keepDespiteDeletion(ModelRef model) {
        live(model).keepsDespiteDeletion = true;
    }

    /** The vendor deletes {@code model} at the next request again, after {@link #keepDespiteDeletion}. */
    public synchronized void deleteWhenAsked(ModelRef model) {
        live(model).keepsDespiteDeletion = false;
    }

    /** Everything sent to the vendor, as text (request lines, form fields, callback addresses). */
    public synchronized List<String> sentToVendor() {
        return List.copyOf(sent);
    }

    /** The digests of the training images the vendor holds for {@code model}; empty once deleted. */
    public synchronized List<Digest> trainingImagesOf(ModelRef model) {
        Model m = models.get(model);
        return m == null || m.deleted ? List.of() : m.trainingImages;
    }

    /**
     * The models the vendor holds for {@code order} (deleted ones not), whether or not the application ever learned of
     * them: a training whose answer was lost still made one.
     */
    public synchronized List<ModelRef> modelsFor(OrderId order) {
        return models.values().stream()
                .filter(m -> m.order.equals(order) && !m.deleted)
                .map(m -> m.ref)
                .toList();
    }

    /** How many models were ever trained (a retried training must not add one). */
    public synchronized int modelsTrained() {
        return trainings;
    }

    /** The opaque callback token handed to the vendor for {@code order}. */
    public String callbackTokenFor(OrderId order) {
        return HexFormat.of()
                .formatHex(hmac(("callback-token:" + order).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 40);
    }

    /** The genuine callback the vendor sends now when {@code model} is trained. */
    public synchronized Callback trainingFinishedCallback(ModelRef model) {
        Model m = live(model);
        if (m.trainedAt == null) {
            throw new IllegalStateException("Model " + model + " is not trained yet");
        }
        return signed(
                m.token,
                ("{\"id\":\"" + trainedEventId(model) + "\",\"type\":\"model.trained\",\"model\":\"" + model
                                + "\",\"trained_at\":\"" + m.trainedAt + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The genuine callback the vendor sends now when the images of {@code style} are ready. */
    public synchronized Callback imagesReadyCallback(ModelRef model, StyleId style) {
        Model m = live(model);
        List<String> locations = m.ready.get(style);
        if (locations == null) {
            throw new IllegalStateException("No images of " + style + " are ready for " + model);
        }
        String list =
                String.join(",", locations.stream().map(l -> "\"" + l + "\"").toList());
        return signed(
                m.token,
                ("{\"id\":\"" + readyEventId(model, style) + "\",\"type\":\"images.ready\",\"model\":\"" + model
                                + "\",\"style\":\"" + style + "\",\"images\":[" + list + "]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The genuine callback the vendor sends now when training of {@code model} failed. */
    public synchronized Callback failedCallback(ModelRef model, String reason) {
        Model m = live(model);
        return signed(
                m.token,
                ("{\"id\":\"" + model + ":failed\",\"type\":\"model.failed\",\"model\":\"" + model + "\",\"reason\":\""
                                + reason.replace("\"", "'") + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} delivered to {@code token}, signed now with this vendor's secret. */
    public Callback signed(String token, byte[] body) {
        return signedAt(token, body, clock.instant());
    }

    /** {@code body} delivered to {@code token}, signed at {@code at} with this vendor's secret. */
    public Callback signedAt(String token, byte[] body, Instant at) {
        return new Callback(token, body, Map.of(SIGNATURE_HEADER, List.of(signature(secret, token, body, at))));
    }

    /** The signature header value another secret would produce: a forgery. */
    public static String signature(byte[] secret, String token, byte[] body, Instant at) {
        long t = at.getEpochSecond();
        byte[] mac = Hmac.sha256(secret, Hmac.concat((t + "." + token + ".").getBytes(StandardCharsets.UTF_8), body));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac);
    }

    // ---- internals ------------------------------------------------------------------------------

    private Model live(ModelRef model) {
        Model m = models.get(model);
        if (m == null || m.deleted) {
            throw new IllegalStateException("The vendor has no model " + model);
        }
        return m;
    }

    private static String trainedEventId(ModelRef model) {
        return model + ":trained";
    }

    private static String readyEventId(ModelRef model, StyleId style) {
        return model + ":" + style + ":ready";
    }

    private Optional<String> signatureProblem(String token, byte[] body, Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.of("The callback is not signed");
        }
        List<String> values = headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(SIGNATURE_HEADER))
                .flatMap(e -> e.getValue() == null ? Stream.<String>empty() : e.getValue().stream())
                .toList();
        if (values.isEmpty()) {
            return Optional.of("The callback is not signed");
        }
        Long t = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                try {
                    if (kv[0].equals("t")) {
                        t = Long.parseLong(kv[1]);
                    } else if (kv[0].equals("v1")) {
                        signatures.add(HexFormat.of().parseHex(kv[1]));
                    }
                } catch (IllegalArgumentException e) {
                    return Optional.of("The callback's signature header is malformed");
                }
            }
        }
        if (t == null || signatures.isEmpty()) {
            return Optional.of("The callback's signature header is malformed");
        }
        Instant signedAt = Instant.ofEpochSecond(t);
        Duration age = Duration.between(signedAt, clock.instant());
        if (age.compareTo(TOLERANCE) > 0 || age.negated().compareTo(TOLERANCE) > 0) {
            return Optional.of(
                    "The callback was signed at " + signedAt + ", outside the tolerance: a replay or a wrong clock");
        }
        byte[] expected = hmac(Hmac.concat((t + "." + token + ".").getBytes(StandardCharsets.UTF_8), body));
        for (byte[] candidate : signatures) {
            if (MessageDigest.isEqual(expected, candidate)) {
                return Optional.empty();
            }
        }
        return Optional.of("The callback's signature does not match");
    }

    private static final Pattern ID = field("id");
    private static final Pattern TYPE = field("type");
    private static final Pattern MODEL = field("model");
    private static final Pattern TRAINED_AT = field("trained_at");
    private static final Pattern STYLE = field("style");
    private static final Pattern REASON = field("reason");
    private static final Pattern IMAGES = Pattern.compile("\"images\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    private static Pattern field(String name) {
        return Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"");
    }

    private Result<GeneratorEvent> decode(List<Model> forToken, String body) {
        String json = body.strip();
        if (!json.startsWith("{") || !json.endsWith("}")) {
            return malformed("The callback body is not a JSON object");
        }
        Optional<String> id = find(ID, json);
        Optional<String> type = find(TYPE, json);
        Optional<String> model = find(MODEL, json);
        if (id.isEmpty() || id.get().isBlank() || type.isEmpty() || model.isEmpty()) {
            return malformed("The callback lacks its id, type or model");
        }
        Optional<Model> named = forToken.stream()
                .filter(candidate -> candidate.ref.value().equals(model.get()))
                .findFirst();
        if (named.isEmpty()) {
            return notAuthentic("The callback names a model that is not this address's order's");
        }
        Model m = named.get();
        return switch (type.get()) {
            case "model.trained" -> {
                try {
                    Instant at = Instant.parse(find(TRAINED_AT, json).orElse(""));
                    yield Result.ok(new GeneratorEvent.ModelTrained(id.get(), m.order, m.ref, at));
                } catch (DateTimeParseException e) {
                    yield malformed("The callback's training time is not a time");
                }
            }
            case "images.ready" -> {
                Optional<String> style = find(STYLE, json);
                Matcher list = IMAGES.matcher(json);
                if (style.isEmpty() || !list.find()) {
                    yield malformed("The callback lacks the style or its images");
                }
                List<String> locations = new ArrayList<>();
                Matcher each = STRING.matcher(list.group(1));
                while (each.find()) {
                    locations.add(each.group(1));
                }
                yield Result.ok(new GeneratorEvent.ImagesReady(id.get(), m.order, new StyleId(style.get()), locations));
            }
            case "model.failed" ->
                Result.ok(new GeneratorEvent.Failed(
                        id.get(), m.order, find(REASON, json).orElse("not given")));
            default -> malformed("Unknown callback type '" + type.get().toLowerCase(Locale.ROOT) + "'");
        };
    }

    private static Optional<String> find(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Result<GeneratorEvent> notAuthentic(String detail) {
        return Result.refused(Rejection.Reason.EVENT_NOT_AUTHENTIC, detail);
    }

    private static Result<GeneratorEvent> malformed(String detail) {
        return Result.refused(Rejection.Reason.EVENT_MALFORMED, detail);
    }

    private byte[] hmac(byte[] data) {
        return Hmac.sha256(secret, data);
    }

    /** A valid 8 x 8 PNG whose colour depends on {@code seed}: small, decodable, distinct per image. */
    static byte[] tinyPng(String seed) {
        int rgb = seed.hashCode();
        byte[] raw = new byte[8 * (1 + 8 * 3)];
        for (int row = 0; row < 8; row++) {
            int base = row * (1 + 8 * 3);
            for (int x = 0; x < 8; x++) {
                raw[base + 1 + x * 3] = (byte) (rgb >> 16);
                raw[base + 2 + x * 3] = (byte) (rgb >> 8);
                raw[base + 3 + x * 3] = (byte) (rgb + row * 8 + x);
            }
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(ImageBytes.pngChunk(
                "IHDR",
                ByteBuffer.allocate(13)
                        .putInt(8)
                        .putInt(8)
                        .put((byte) 8)
                        .put((byte) 2)
                        .put((byte) 0)
                        .put((byte) 0)
                        .put((byte) 0)
                        .array()));
        out.writeBytes(ImageBytes.pngChunk("IDAT", Arrays.copyOf(buffer, n)));
        out.writeBytes(ImageBytes.pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }
}
