package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorObjects;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *
 * <p>Each of these is its own part ({@link TuneTraining}, {@link PromptGeneration}, {@link ModelStatus},
 * {@link ModelDeletion}, {@link CallbackDecoding}, {@link ImageDownload}), over the same {@link AstriaAccess}; prompt
 * creations whose answer was lost are settled by {@link PromptSettlement}.
 */
@Implements({Rule.R2, Rule.R14, Rule.R15, Rule.R17, Rule.R27, Rule.R37})
final class AstriaGenerator implements HeadshotGenerator {

    private final TuneTraining training;
    private final PromptGeneration generation;
    private final ModelStatus progress;
    private final ModelDeletion deletion;
    private final CallbackDecoding callbacks;
    private final ImageDownload downloads;

    AstriaGenerator(
            AstriaApi api,
            ImagePolicy imagePolicy,
            ImageFetcher images,
            HttpSettings http,
            ModelSettings settings,
            CallbackTokens tokens,
            VendorObjects objects,
            InstantSource clock) {
        GivenImages given = new GivenImages();
        AstriaAccess astria = new AstriaAccess(
                api,
                http,
                settings,
                tokens,
                new AstriaRecords(objects),
                new AstriaLookUps(api),
                given,
                clock,
                duration -> Thread.sleep(duration));
        PromptSettlement settlement = new PromptSettlement(astria);
        this.training = new TuneTraining(astria);
        this.generation = new PromptGeneration(astria, settlement);
        this.progress = new ModelStatus(astria, settlement);
        this.deletion = new ModelDeletion(astria, settlement);
        this.callbacks = new CallbackDecoding(astria);
        this.downloads = new ImageDownload(given, imagePolicy, images);
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(AstriaAdapter.PROCESSOR_NAME);
    }

    @Override
    public String recordedName() {
        return AstriaAdapter.PROCESSOR_NAME;
    }

    @Override
    public ModelRef train(Training training) {
        return this.training.train(training);
    }

    @Override
    public void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        generation.generate(order, model, styles, count);
    }

    @Override
    public List<GeneratorEvent> status(OrderId order, ModelRef model) {
        return progress.status(order, model);
    }

    @Override
    public Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers) {
        return callbacks.decodeCallback(token, body, headers);
    }

    @Override
    public InputStream download(String imageLocation) {
        return downloads.download(imageLocation);
    }

    @Override
    public String requestDeletion(ModelRef model) {
        return deletion.requestDeletion(model);
    }

    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        return deletion.verifyDeletion(model);
    }
}
