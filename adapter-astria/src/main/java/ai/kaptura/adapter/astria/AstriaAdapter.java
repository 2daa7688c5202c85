package ai.kaptura.adapter.astria;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.VendorCheck;
import ai.kaptura.ports.out.VendorObjects;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Astria adapter's one public entry: the {@link HeadshotGenerator} that trains a personal model at
 * Astria, generates headshots from it, deletes it and confirms it is gone (R14), and the processor-registry
 * entry that must be complete before any selfie goes there (R33), and Astria's part in rectification and
 * erasure (R26, R27).
 *
 * <p>What the adapter promises, and how:
 * <ul>
 *   <li>Selfies leave only with the guard's vendor-training permit for that very order, checked before a
 *       byte is read (R17); each is read once, through its supplier, and closed.</li>
 *   <li>Nothing sent to Astria names the person (R37): tune titles are HMACs of the idempotency key,
 *       file names are {@code image-01.jpg}…, callbacks go to {@code {base}/webhooks/generator/{token}}
 *       with an opaque, signed, single-purpose token that expires ({@link #CALLBACK_TOKEN_LIFETIME}).</li>
 *   <li>One idempotency key never trains two models: an in-memory record, Astria's title idempotency
 *       (enable it in the Astria account's API settings), and — when Astria answers 504 or the answer
 *       never comes — a look-up of the tune by its title instead of a blind resubmission.</li>
 *   <li>429 and 5xx are retried with capped exponential backoff; 422 and other refusals are not; every
 *       failure names the step and never carries the API key or a body.</li>
 *   <li>A callback is a signal, not a source of facts: its address says which order and which tune or prompt
 *       to look at, and the adapter reads them through Astria's API by the ids it recorded. A tune id or an image
 *       address in a callback's (unsigned) body is never used (R14).</li>
 *   <li>Generated images are fetched only over https from the hosts of {@code ASTRIA_IMAGE_HOSTS}
 *       ({@link #DEFAULT_IMAGE_HOSTS}), only from public addresses, connecting to the address checked (no second
 *       DNS look-up), never following a redirect, within a size and time bound. Nothing public can relax this:
 *       the entry takes host names, never a policy.</li>
 * </ul>
 */
@Implements({Rule.R14, Rule.R17, Rule.R26, Rule.R27, Rule.R33, Rule.R37})
public final class AstriaAdapter {

    /** The processor-registry name of Astria, also the erasure location's name (R33). */
    public static final String PROCESSOR_NAME = "astria";

    /** {@code ASTRIA_BASE_URL}'s default. */
    public static final URI DEFAULT_API_BASE = URI.create("https://api.astria.ai");

    /** Astria's gallery tune of Flux1.dev, the usual base of a LoRA fine-tune ({@code ASTRIA_BASE_TUNE_ID}). */
    public static final String FLUX1_DEV_BASE_TUNE = "1504944";

    /**
     * {@code ASTRIA_IMAGE_HOSTS}' default: where Astria's documentation shows generated images and media
     * (docs.astria.ai: prompt and pack objects' {@code images}, and its media host).
     */
    public static final List<String> DEFAULT_IMAGE_HOSTS =
            List.of("sdbooth2-production.s3.amazonaws.com", "mp.astria.ai");

    /**
     * The {@code User-Agent} of every request to Astria's API: Kaptura names itself, so Astria's support can tell its
     * requests from others' when an operator asks about them.
     */
    public static final String USER_AGENT = "Kaptura/0.1.0 (self-hosted; astria-adapter)";

    /** How long a callback address stays valid after it was handed to Astria; later deliveries are refused. */
    public static final Duration CALLBACK_TOKEN_LIFETIME = CallbackTokens.LIFETIME;

    private AstriaAdapter() {}

    /**
     * The Astria generator with production timeouts and retries, fetching images from {@link #DEFAULT_IMAGE_HOSTS}.
     *
     * @see #generator(URI, String, URI, byte[], String, String, String, String, List, VendorObjects, InstantSource)
     */
    public static HeadshotGenerator generator(
            URI apiBase,
            String apiKey,
            URI publicBaseUrl,
            byte[] callbackSecret,
            String baseTuneId,
            String modelType,
            String preset,
            String branch,
            VendorObjects objects,
            InstantSource clock) {
        return generator(
                apiBase,
                apiKey,
                publicBaseUrl,
                callbackSecret,
                baseTuneId,
                modelType,
                preset,
                branch,
                DEFAULT_IMAGE_HOSTS,
                objects,
                clock);
    }

    /**
     * The Astria generator with production timeouts and retries: connect 10 s, read 120 s (an upload of
     * twenty selfies included, and the whole of one image download), three attempts, backoff from 30 s (as Astria
     * asks for 5xx) capped at 2 min.
     *
     * @param apiBase        {@code ASTRIA_BASE_URL}, default {@link #DEFAULT_API_BASE}
     * @param apiKey         {@code ASTRIA_API_KEY}; sent only to {@code apiBase}, never logged
     * @param publicBaseUrl  {@code KAPTURA_BASE_URL}: callbacks go to {@code {base}/webhooks/generator/{token}}
     * @param callbackSecret at least 32 bytes, the same on every instance and across restarts (derive it from
     *                       the master key): it signs the callback tokens and derives the tune titles, so
     *                       changing it orphans callbacks in flight and Astria's title idempotency
     * @param baseTuneId     {@code ASTRIA_BASE_TUNE_ID}: digits, or empty for none (e.g. {@link #FLUX1_DEV_BASE_TUNE});
     *                       required by a LoRA, PTI or FaceID model, whose prompts are posted there
     * @param modelType      {@code ASTRIA_MODEL_TYPE}: {@code lora} or {@code pti} (prompts on the base tune with
     *                       {@code <lora:ID:1>}), {@code faceid} (prompts on the base tune with {@code <faceid:ID:1>}), or
     *                       empty for a checkpoint (prompts on the tune itself)
     * @param preset         {@code ASTRIA_PRESET}: e.g. {@code flux-lora-portrait}, or empty
     * @param branch         {@code ASTRIA_BRANCH}: {@code flux1}, {@code sd15}, {@code sdxl1}, {@code fast} (Astria's
     *                       free test branch that returns mock images), or empty for the base tune's branch
     * @param imageHosts     {@code ASTRIA_IMAGE_HOSTS} (see {@link #imageHosts(String)}): the only hosts generated images
     *                       are fetched from, over https, at public addresses
     * @param objects        where every object made at Astria, and every creation asked for, is recorded by its id before
     *                       anything else is done with it (the database, shared by every node and kept across restarts):
     *                       deletion is asked and confirmed object by object from this record (R14)
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static HeadshotGenerator generator(
            URI apiBase,
            String apiKey,
            URI publicBaseUrl,
            byte[] callbackSecret,
            String baseTuneId,
            String modelType,
            String preset,
            String branch,
            List<String> imageHosts,
            VendorObjects objects,
            InstantSource clock) {
        return generator(
                apiBase,
                apiKey,
                publicBaseUrl,
                callbackSecret,
                baseTuneId,
                modelType,
                preset,
                branch,
                Duration.ofSeconds(10),
                Duration.ofSeconds(120),
                3,
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                ImagePolicy.strict(imageHosts),
                objects,
                clock);
    }

    /**
     * The Astria generator with explicit timeouts and retries (tests use milliseconds), fetching images from
     * {@link #DEFAULT_IMAGE_HOSTS}.
     *
     * @param connectTimeout time to open a connection to Astria
     * @param readTimeout    time for one whole exchange with Astria (the upload included), and for the whole download
     *                       of one image
     * @param maxAttempts    attempts per call for 429, 5xx and broken connections (at least 1); the same
     *                       number of look-ups is made for a tune or prompt whose creation went unanswered
     * @param firstBackoff   the wait before the second attempt; it doubles per attempt
     * @param maxBackoff     the cap on any wait, a {@code Retry-After} included
     * @see #generator(URI, String, URI, byte[], String, String, String, String, VendorObjects, InstantSource)
     */
    public static HeadshotGenerator generator(
            URI apiBase,
            String apiKey,
            URI publicBaseUrl,
            byte[] callbackSecret,
            String baseTuneId,
            String modelType,
            String preset,
            String branch,
            Duration connectTimeout,
            Duration readTimeout,
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            VendorObjects objects,
            InstantSource clock) {
        return generator(
                apiBase,
                apiKey,
                publicBaseUrl,
                callbackSecret,
                baseTuneId,
                modelType,
                preset,
                branch,
                connectTimeout,
                readTimeout,
                maxAttempts,
                firstBackoff,
                maxBackoff,
                ImagePolicy.strict(DEFAULT_IMAGE_HOSTS),
                objects,
                clock);
    }

    /**
     * The generator with an image policy of the caller's choosing. Package-private on purpose: production reaches the
     * adapter only through the public entries, which build {@link ImagePolicy#strict}; the adapter's tests pass
     * {@link ImagePolicy#loopbackTestServersOnly} here to fetch from their local stubs.
     */
    static HeadshotGenerator generator(
            URI apiBase,
            String apiKey,
            URI publicBaseUrl,
            byte[] callbackSecret,
            String baseTuneId,
            String modelType,
            String preset,
            String branch,
            Duration connectTimeout,
            Duration readTimeout,
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff,
            ImagePolicy images,
            VendorObjects objects,
            InstantSource clock) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(objects, "vendor objects");
        ModelSettings model = ModelSettings.of(baseTuneId, modelType, preset, branch);
        HttpSettings http =
                new HttpSettings(apiBase, apiKey, connectTimeout, readTimeout, maxAttempts, firstBackoff, maxBackoff);
        CallbackTokens tokens = CallbackTokens.of(publicBaseUrl, callbackSecret);
        return new AstriaGenerator(
                AstriaClients.api(http),
                images,
                ImageFetcher.of(http.connectTimeout(), http.readTimeout()),
                http,
                model,
                tokens,
                objects,
                clock);
    }

    /**
     * {@code ./kaptura vendors check} for Astria: one small pass with the configured key that costs nothing, on Astria's
     * free {@code fast} branch whatever {@code ASTRIA_BRANCH} says (mock images, no charge: astria-docs
     * {@code docs/api/0-overview.md}, "Mock testing") — a tune made from four generated grey test cards (no person), the
     * same title asked again (is the account's title idempotency on?), training finished, one prompt where the configured
     * model type puts it, its mock image; then every object made deleted by its id and confirmed gone by its 404. What
     * could not be confirmed gone is reported as left behind, by id.
     *
     * @param patience how long to wait for the training and for the prompt's image (a few minutes)
     * @throws IllegalArgumentException naming the variable, if a setting is wrong
     */
    public static VendorCheck check(
            URI apiBase,
            String apiKey,
            String baseTuneId,
            String modelType,
            String preset,
            Duration patience,
            InstantSource clock) {
        return check(
                apiBase,
                apiKey,
                baseTuneId,
                modelType,
                preset,
                patience,
                Duration.ofSeconds(5),
                clock,
                duration -> Thread.sleep(duration));
    }

    /** The check polling every {@code pollEvery}, waiting with {@code sleeper} (tests wait for nothing). */
    static VendorCheck check(
            URI apiBase,
            String apiKey,
            String baseTuneId,
            String modelType,
            String preset,
            Duration patience,
            Duration pollEvery,
            InstantSource clock,
            Backoff.Sleeper sleeper) {
        ModelSettings model = ModelSettings.of(baseTuneId, modelType, preset, "fast");
        HttpSettings http = new HttpSettings(
                apiBase,
                apiKey,
                Duration.ofSeconds(10),
                Duration.ofSeconds(120),
                3,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30));
        return new AstriaCheck(
                        AstriaClients.api(http),
                        model,
                        patience,
                        pollEvery,
                        Objects.requireNonNull(clock, "clock"),
                        sleeper)
                .run();
    }

    /**
     * The host patterns of {@code ASTRIA_IMAGE_HOSTS}: comma-separated host names such as
     * {@code sdbooth2-production.s3.amazonaws.com}, or {@code *.example.com} for every name under {@code example.com}.
     * There is no way to name a scheme, a port, an address or a single-label name such as {@code localhost}: images
     * come over https from public addresses, whatever is configured.
     *
     * @throws IllegalArgumentException naming {@code ASTRIA_IMAGE_HOSTS} if a pattern is not a host name pattern
     */
    public static List<String> imageHosts(String commaSeparated) {
        return ImagePolicy.parse(commaSeparated);
    }

    /**
     * What Astria does for the person's rights (R26, R27), through the very generator the application uses:
     * {@code processorName()} is {@value #PROCESSOR_NAME}; a rectified email has nothing to reach at Astria,
     * which never receives one (R37); erasure asks Astria again to delete the model of every order of the
     * account that had one and answers {@code Erased} with evidence per model once Astria answers 404 for
     * each, {@code NothingHeld} when no order ever had a model there, and throws — so the erasure job retries —
     * while a model is still there or Astria cannot be reached.
     *
     * @param astria the generator made by {@link #generator}
     * @throws IllegalArgumentException if {@code astria} is not an Astria generator made here
     */
    public static ProcessorObligations obligations(HeadshotGenerator astria) {
        if (!(Objects.requireNonNull(astria, "astria") instanceof AstriaGenerator generator)) {
            throw new IllegalArgumentException(
                    "Astria's obligations need the generator made by AstriaAdapter.generator(...), not a "
                            + astria.getClass().getSimpleName());
        }
        return new AstriaObligations(generator);
    }

    /**
     * Astria's entry in the processor registry (R33): it receives the selfies, holds the model trained on them
     * and the generated headshots until they are deleted (R14), in the United States. The transfer basis is the
     * operator's to state ({@code ASTRIA_TRANSFER}): the standard contractual clauses of a signed DPA, or Art. 49(1)(a)
     * or (b) as the privacy policy cites. The legal name is given as "Astria": check it against the signed agreement.
     *
     * @param dpaReference where the signed data processing agreement is filed; empty leaves the entry
     *                     incomplete ({@link Processor#missing()}), so no selfie may go to Astria
     * @param transfer     {@code ASTRIA_TRANSFER}; empty leaves the entry incomplete likewise
     */
    public static Processor processor(String dpaReference, Optional<TransferMechanism> transfer) {
        return new Processor(
                PROCESSOR_NAME,
                "Astria",
                "Trains a personal model on the selfies of an order and generates the ordered headshots from it",
                EnumSet.of(DataCategory.SELFIE, DataCategory.VENDOR_MODEL, DataCategory.HEADSHOT),
                "US",
                Objects.requireNonNull(transfer, "transfer"),
                dpaReference == null ? "" : dpaReference.strip());
    }
}
