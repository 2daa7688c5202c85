package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.VendorObjects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Astria's callbacks, authentic only at a token this Kaptura signed for that purpose and not yet retired, and then only a
 * signal: what happened is read through the API by the ids Kaptura recorded, and decoded to the same event ids
 * {@link ModelStatus} reports.
 */
final class CallbackDecoding {

    private static final System.Logger LOG = AstriaAccess.LOG;
    private static final int MAX_CALLBACK_BYTES = 256 * 1024;

    private final AstriaAccess astria;
    private final ObjectMapper json = AstriaClients.json();

    CallbackDecoding(AstriaAccess astria) {
        this.astria = astria;
    }

    /**
     * A callback is a signal, never a source of facts. Astria neither signs nor retries its callbacks, so its body is
     * anyone's word: it is read for its shape only (a {@code tune} at a tune's address, a {@code prompt} at a prompt's).
     * Which order and which tune or prompt it is about comes from the token this Kaptura signed into the address; what
     * happened comes from Astria's API, read with the ids this Kaptura recorded when it created them — the tune found
     * by its title, the prompt by the part of the style it was asked for. A tune id, a prompt id or an image address
     * in the body is never used: a body naming another tune does not make it the order's model (R14), and a body
     * naming images does not make anything fetch them.
     */
    Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers) {
        Optional<CallbackTokens.Claim> verified;
        try {
            verified = astria.tokens().verify(token);
        } catch (RuntimeException e) {
            verified = Optional.empty();
        }
        if (verified.isEmpty()) {
            return refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC,
                    "The callback arrived at an address Kaptura never gave Astria");
        }
        CallbackTokens.Claim claim = verified.get();
        if (astria.clock().instant().isAfter(claim.expiresAt())) {
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
                ModelStatus.trainedEventId(tune.id()),
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
        Optional<String> id = astria.records().tunesOf(claim.order()).stream()
                .filter(entry ->
                        claim.names(AstriaRecords.TuneNote.decode(entry.note()).title()))
                .map(VendorObjects.Entry::id)
                .findFirst()
                .or(() -> astria.lookUps()
                        .tune(claim::names, claim.expiresAt().minus(CallbackTokens.LIFETIME))
                        .found()
                        .map(tune -> {
                            astria.records()
                                    .tune(
                                            tune.id(),
                                            tune.title().orElseThrow(),
                                            claim.order(),
                                            tune.name()
                                                    .filter(name -> AstriaAccess.CLASS_WORD
                                                            .matcher(name)
                                                            .matches())
                                                    .orElse("person"),
                                            astria.clock().instant());
                            return tune.id();
                        }));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String tuneId = id.get();
        return astria.findTune("read the tune", tuneId)
                .filter(tune -> tune.id().equals(tuneId)
                        && tune.title().filter(claim::names).isPresent());
    }

    /** The images of the part of a style the token names, as Astria's API reports that part's prompt now. */
    private Result<GeneratorEvent> imagesReady(CallbackTokens.PromptClaim claim) {
        if (astria.records()
                .tune(claim.model())
                .filter(known -> !known.order().equals(claim.order()))
                .isPresent()) {
            return refused(
                    Rejection.Reason.EVENT_NOT_AUTHENTIC, "The callback's address names a model of another order");
        }
        Optional<AstriaJson.Tune> tune = astria.findTune("read the tune", claim.model());
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
        astria.given().add(locations);
        return Result.ok(new GeneratorEvent.ImagesReady(
                ModelStatus.readyEventId(claim), claim.order(), claim.style(), locations));
    }

    /**
     * The prompt asked for {@code claim}'s part: one recorded for it, read by its id ({@code GET /tunes/{home}/prompts/{id}}),
     * a finished one first; or, for a prompt made before Kaptura recorded its objects, one found among the prompts of its
     * tune made since the address was handed out, by the signed address Astria echoes in each.
     */
    private Optional<AstriaJson.Prompt> promptServing(CallbackTokens.PromptClaim claim) {
        AstriaJson.Prompt best = null;
        boolean recorded = false;
        for (AstriaRecords.Placed placed : astria.records().promptsOf(claim.order(), claim.model())) {
            if (placed.note().sameTarget(claim)) {
                recorded = true;
                if (placed.open()) {
                    Optional<AstriaJson.Prompt> prompt = astria.readPrompt(placed);
                    if (prompt.isPresent() && (best == null || prompt.get().done())) {
                        best = prompt.get();
                    }
                }
            }
        }
        if (best != null || recorded) {
            return Optional.ofNullable(best);
        }
        String home = astria.settings().promptHome(claim.model());
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = astria.lookUps()
                .prompts(
                        "look a prompt up",
                        home,
                        prompt -> astria.claimOf(prompt)
                                .filter(c -> c.order().equals(claim.order())
                                        && AstriaRecords.PromptNote.of(c).sameTarget(claim))
                                .isPresent(),
                        claim.expiresAt().minus(CallbackTokens.LIFETIME));
        for (AstriaJson.Prompt prompt : lookUp.matches()) {
            astria.records()
                    .prompt(
                            prompt.id(),
                            home,
                            claim.order(),
                            AstriaRecords.PromptNote.of(claim),
                            astria.clock().instant());
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
}
