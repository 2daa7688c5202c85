package ai.kaptura.adapter.astria;

import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorCheck;
import ai.kaptura.ports.out.VendorCheck.Step;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * One small pass through Astria with the configured key, on Astria's free {@code fast} branch ("API call for creating
 * {@code fast} tune is free, and subsequent prompt calls will return mock images without incurring any charges",
 * astria-docs {@code docs/api/0-overview.md}, "Mock testing"): a tune made from four generated test cards (grey
 * gradients, no person), the same title asked again to see whether the account's title idempotency is on, one prompt
 * where the configured model type puts it, its mock image, then every object made deleted by its id and each confirmed
 * gone by its 404. Whatever was made is deleted, even when a step fails; what could not be confirmed gone is reported
 * as left behind, by id.
 */
final class AstriaCheck {

    private final AstriaApi api;
    private final ModelSettings settings;
    private final Duration patience;
    private final Duration pollEvery;
    private final InstantSource clock;
    private final Backoff.Sleeper sleeper;
    private final List<Step> steps = new ArrayList<>();
    private final Set<String> tunes = new LinkedHashSet<>();
    private final Map<String, String> prompts = new LinkedHashMap<>();

    AstriaCheck(
            AstriaApi api,
            ModelSettings settings,
            Duration patience,
            Duration pollEvery,
            InstantSource clock,
            Backoff.Sleeper sleeper) {
        this.api = api;
        this.settings = settings;
        this.patience = patience;
        this.pollEvery = pollEvery;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    VendorCheck run() {
        try {
            pass();
        } finally {
            cleanUp();
        }
        return finish();
    }

    private void pass() {
        {
            String title = "kaptura-check-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
            Optional<AstriaJson.Tune> tune = step(
                    "create a tune on the free fast branch",
                    () -> {
                        AstriaJson.Tune made = AstriaJson.Tune.of(api.createTune(form(title)));
                        tunes.add(made.id());
                        return made;
                    },
                    made -> "tune " + made.id() + " (" + settings.modelType().orElse("checkpoint") + ", branch fast)");
            if (tune.isEmpty()) {
                return;
            }
            String id = tune.get().id();
            step(
                    "ask for the same title again (Astria's title idempotency)",
                    () -> {
                        AstriaJson.Tune again = AstriaJson.Tune.of(api.createTune(form(title)));
                        tunes.add(again.id());
                        if (!again.id().equals(id)) {
                            throw new IllegalStateException(
                                    "a second tune " + again.id() + " was made: turn idempotency on in Astria's API "
                                            + "settings, or a 504 retried by Kaptura could train twice");
                        }
                        return again;
                    },
                    again -> "answered with tune " + id + " again: idempotency is on");
            Optional<AstriaJson.Tune> trained = step(
                    "training finishes",
                    () -> waitFor(
                            "the tune to be trained",
                            () -> Steps.find("read the tune", () -> AstriaJson.Tune.of(api.tune(id)))
                                    .filter(t -> t.trainedAt().isPresent())),
                    t -> "trained at " + t.trainedAt().orElseThrow());
            if (trained.isEmpty()) {
                return;
            }
            String home = settings.promptHome(id);
            Optional<AstriaJson.Prompt> prompt = step(
                    "create one prompt",
                    () -> {
                        Map<String, Object> form = new LinkedHashMap<>();
                        form.put(
                                "prompt[text]",
                                settings.tag(id) + (settings.family() == ModelSettings.Family.FACEID ? "" : "ohwx ")
                                        + "person, a plain grey test card");
                        form.put("prompt[num_images]", "1");
                        AstriaJson.Prompt made = AstriaJson.Prompt.of(api.createPrompt(home, form));
                        prompts.put(made.id(), home);
                        return made;
                    },
                    made -> "prompt " + made.id() + " on tune " + home
                            + (home.equals(id)
                                    ? ""
                                    : " with " + settings.tag(id).strip()));
            prompt.ifPresent(made -> step(
                    "the prompt's mock image arrives",
                    () -> waitFor(
                            "the prompt's image",
                            () -> Steps.find("read the prompt", () -> AstriaJson.Prompt.of(api.prompt(home, made.id())))
                                    .filter(AstriaJson.Prompt::done)),
                    done -> done.images().size() + (done.images().size() == 1 ? " image" : " images")));
        }
    }

    private Map<String, Object> form(String title) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("tune[title]", title);
        form.put("tune[name]", "person");
        form.put("tune[branch]", "fast");
        settings.baseTuneId().ifPresent(base -> form.put("tune[base_tune_id]", base));
        settings.modelType().ifPresent(type -> form.put("tune[model_type]", type));
        settings.preset().ifPresent(preset -> form.put("tune[preset]", preset));
        form.put("tune[images][]", new SelfieParts(testCards()));
        return form;
    }

    /** Four grey gradients as JPEGs: something to train the fast branch on that shows no one. */
    private static List<HeadshotGenerator.Selfie> testCards() {
        List<HeadshotGenerator.Selfie> cards = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            BufferedImage image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            graphics.setPaint(new GradientPaint(
                    0, 0, new Color(90 + 20 * i, 90 + 20 * i, 90 + 20 * i), 512, 512, Color.LIGHT_GRAY));
            graphics.fillRect(0, 0, 512, 512);
            graphics.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "jpg", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] bytes = out.toByteArray();
            cards.add(new HeadshotGenerator.Selfie("card-" + i + ".jpg", () -> new ByteArrayInputStream(bytes)));
        }
        return cards;
    }

    /** Deletes every prompt and tune made, each by its id, and confirms each by its 404. */
    private void cleanUp() {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, String> prompt : prompts.entrySet()) {
            attempt(() -> Steps.done("delete the prompt", () -> api.deletePrompt(prompt.getKey())));
            if (attempt(() -> Steps.find(
                                    "check that the prompt is gone",
                                    () -> AstriaJson.Prompt.of(api.prompt(prompt.getValue(), prompt.getKey())))
                            .isEmpty())
                    .orElse(false)) {
                gone.add("prompt " + prompt.getKey());
            }
        }
        for (String tune : tunes) {
            attempt(() -> Steps.done("delete the tune", () -> api.deleteTune(tune)));
            if (attempt(() -> Steps.find("check that the tune is gone", () -> AstriaJson.Tune.of(api.tune(tune)))
                            .isEmpty())
                    .orElse(false)) {
                gone.add("tune " + tune);
            }
        }
        int made = prompts.size() + tunes.size();
        if (made > 0) {
            steps.add(
                    gone.size() == made
                            ? Step.worked(
                                    "delete what was made, each by its id",
                                    String.join(", ", gone) + ": each answers 404 Not Found now")
                            : Step.failed(
                                    "delete what was made, each by its id",
                                    (made - gone.size()) + " of " + made + " still there after DELETE (see below)"));
        }
        prompts.keySet().removeIf(id -> gone.contains("prompt " + id));
        tunes.removeIf(id -> gone.contains("tune " + id));
    }

    /** The report once clean-up ran: what could not be confirmed gone is left behind, by id. */
    private VendorCheck finish() {
        List<String> left = new ArrayList<>();
        prompts.forEach((id, home) -> left.add("prompt " + id + " on tune " + home + " (DELETE /prompts/" + id + ")"));
        tunes.forEach(id -> left.add("tune " + id + " (DELETE /tunes/" + id + ")"));
        return new VendorCheck(AstriaAdapter.PROCESSOR_NAME, steps, left);
    }

    private <T> Optional<T> step(String what, Supplier<T> work, java.util.function.Function<T, String> seen) {
        try {
            T result = work.get();
            steps.add(Step.worked(what, seen.apply(result)));
            return Optional.of(result);
        } catch (RuntimeException e) {
            steps.add(Step.failed(
                    what,
                    e instanceof Steps.Failed || e instanceof IllegalStateException
                            ? e.getMessage()
                            : e.getClass().getSimpleName()));
            return Optional.empty();
        }
    }

    private <T> T waitFor(String what, Supplier<Optional<T>> poll) {
        Instant giveUp = clock.instant().plus(patience);
        while (true) {
            Optional<T> seen = poll.get();
            if (seen.isPresent()) {
                return seen.get();
            }
            if (!clock.instant().isBefore(giveUp)) {
                throw new IllegalStateException("waited " + patience.toSeconds() + " s for " + what + " in vain");
            }
            try {
                sleeper.sleep(pollEvery);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
    }

    private static <T> Optional<T> attempt(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
