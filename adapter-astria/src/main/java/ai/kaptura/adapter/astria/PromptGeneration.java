package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.ports.out.VendorObjects;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Generation at Astria: one prompt per style and up to eight images ({@code POST /tunes/{id}/prompts}), more images as
 * more prompts, placed where the configured model type puts them. The parts already recorded are not asked again, and a
 * prompt creation whose answer was lost is looked up rather than asked again.
 */
final class PromptGeneration {

    static final int MAX_IMAGES_PER_PROMPT = 8;
    static final int MAX_IMAGES_PER_STYLE = 200;

    private static final System.Logger LOG = AstriaAccess.LOG;
    private static final Pattern TRIGGER_WORD = Pattern.compile("[a-z0-9]{2,20}");

    private final AstriaAccess astria;
    private final PromptSettlement settlement;

    PromptGeneration(AstriaAccess astria, PromptSettlement settlement) {
        this.astria = astria;
        this.settlement = settlement;
    }

    void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        Objects.requireNonNull(order, "order");
        String id = AstriaAccess.tuneId(model);
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
        astria.sameOrderIfKnown(id, order);
        AstriaJson.Tune tune =
                Steps.run("read the tune", () -> AstriaJson.Tune.of(astria.api().tune(id)));
        List<VendorObjects.Entry> unsettled = settlement.settleRequests(order, id);
        if (!unsettled.isEmpty()) {
            throw new Steps.Failed(
                    "Astria has not answered " + unsettled.size()
                            + (unsettled.size() == 1 ? " prompt creation" : " prompt creations")
                            + " asked at " + unsettled.getFirst().recordedAt()
                            + " yet; nothing more is asked for this model until it is found, "
                            + "or until " + PromptSettlement.SETTLE.toMinutes() + " minutes have passed without it",
                    null);
        }
        Map<StyleId, Map<Integer, AstriaRecords.PromptNote>> existing = new LinkedHashMap<>();
        for (AstriaRecords.Placed placed : astria.records().promptsOf(order, id)) {
            existing.computeIfAbsent(placed.note().style(), style -> new TreeMap<>())
                    .putIfAbsent(placed.note().part(), placed.note());
        }
        String subject = astria.records()
                .tune(id)
                .map(entry -> AstriaRecords.TuneNote.decode(entry.note()).subject())
                .or(() -> tune.name()
                        .filter(name -> AstriaAccess.CLASS_WORD.matcher(name).matches()))
                .orElse("person");
        String home = astria.settings().promptHome(id);
        Instant expiresAt = astria.clock().instant().plus(CallbackTokens.LIFETIME);
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
        String trigger = astria.settings().family() == ModelSettings.Family.FACEID
                ? ""
                : tune.token()
                                .filter(word -> TRIGGER_WORD.matcher(word).matches())
                                .orElse("ohwx") + " ";
        return astria.settings().tag(tune.id()) + trigger + subject + ", " + style.description();
    }

    private void createPrompt(
            AstriaJson.Tune tune,
            OrderId order,
            Style style,
            CallbackTokens.PromptClaim part,
            String subject,
            String home) {
        AstriaRecords.PromptNote note = AstriaRecords.PromptNote.of(part);
        Instant askedAt = astria.clock().instant();
        String request = part.model() + ":" + part.style().value() + ":" + part.part() + "/" + part.parts() + ":"
                + askedAt.toEpochMilli();
        astria.records().promptRequested(request, order, home, note, askedAt);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("prompt[text]", text(tune, subject, style));
        form.put("prompt[num_images]", Integer.toString(imagesIn(part)));
        form.put("prompt[callback]", astria.tokens().callbackUrl(part));
        try {
            AstriaJson.Prompt prompt = Steps.run(
                    "create a prompt", () -> AstriaJson.Prompt.of(astria.api().createPrompt(home, form)));
            astria.records()
                    .prompt(prompt.id(), home, order, note, astria.clock().instant());
            astria.records()
                    .close(
                            AstriaRecords.PROMPT_REQUEST,
                            request,
                            astria.clock().instant(),
                            "Astria answered with prompt " + prompt.id());
        } catch (Steps.Refused refused) {
            astria.records()
                    .close(
                            AstriaRecords.PROMPT_REQUEST,
                            request,
                            astria.clock().instant(),
                            "never made: Astria refused the request");
            throw refused;
        } catch (AstriaFailure.OutcomeUnknown unknown) {
            LOG.log(Level.WARNING, "Astria did not confirm a prompt creation; looking it up instead of resubmitting");
            for (int lookUp = 1; lookUp <= astria.http().maxAttempts(); lookUp++) {
                astria.pause(lookUp);
                if (settlement.settle(order, home, note, request, askedAt, false)) {
                    return;
                }
            }
            throw new Steps.Failed(
                    "Could not create a prompt: " + unknown.getMessage() + ", and it did not appear after "
                            + astria.http().maxAttempts()
                            + " look-ups. Nothing was resubmitted; asking again looks it up first",
                    unknown.getCause());
        }
    }
}
