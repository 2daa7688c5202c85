package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorObjects;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deletion at Astria: every recorded prompt by its id ({@code DELETE /prompts/{id}}), then the tune; confirmed only when
 * the tune and each recorded prompt answer 404, each 404 kept as that object's evidence. Deleting a LoRA does not delete
 * its prompts on the base tune, so the tune's 404 alone proves nothing about them; nothing is inferred from a listing.
 */
final class ModelDeletion {

    private static final System.Logger LOG = AstriaAccess.LOG;

    private final AstriaAccess astria;
    private final PromptSettlement settlement;

    ModelDeletion(AstriaAccess astria, PromptSettlement settlement) {
        this.astria = astria;
        this.settlement = settlement;
    }

    /**
     * Deletes every prompt recorded for the model by its id, then the tune. A prompt Astria answers 404 for is closed with
     * that answer as its evidence; one it deleted is confirmed by {@link #verifyDeletion}. A model trained before Kaptura
     * recorded its prompts (none recorded, no tune recorded) has them looked for first on the tune they would live on.
     */
    String requestDeletion(ModelRef model) {
        String id = AstriaAccess.tuneId(model);
        Optional<AstriaJson.Tune> tune = astria.findTune("read the tune before deleting it", id);
        Set<OrderId> orders = ordersOf(id, tune);
        List<VendorObjects.Entry> unsettled = new ArrayList<>();
        for (OrderId order : orders) {
            unsettled.addAll(settlement.settleRequests(order, id));
        }
        int deleted = 0;
        int gone = 0;
        for (OrderId order : orders) {
            for (AstriaRecords.Placed placed : astria.records().promptsOf(order, id)) {
                if (!placed.open()) {
                    gone++;
                    continue;
                }
                if (Steps.done(
                        "delete a prompt of the model", () -> astria.api().deletePrompt(placed.id()))) {
                    deleted++;
                } else {
                    gone++;
                    astria.records()
                            .close(
                                    AstriaRecords.PROMPT,
                                    placed.id(),
                                    astria.clock().instant(),
                                    "DELETE /prompts/" + placed.id() + " answered 404 Not Found");
                }
            }
        }
        boolean tuneDeleted = Steps.done("delete the tune", () -> astria.api().deleteTune(id));
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
    HeadshotGenerator.DeletionCheck verifyDeletion(ModelRef model) {
        String id = AstriaAccess.tuneId(model);
        Optional<AstriaJson.Tune> tune = astria.findTune("check that the tune is gone", id);
        if (tune.isPresent()) {
            return new HeadshotGenerator.DeletionCheck.StillThere("GET /tunes/" + id + " still answers 200 OK ("
                    + (tune.get().trainedAt().isPresent() ? "trained" : "training") + ")");
        }
        Instant checkedAt = astria.clock().instant();
        Set<OrderId> orders = ordersOf(id, tune);
        int prompts = 0;
        for (OrderId order : orders) {
            List<VendorObjects.Entry> unsettled = settlement.settleRequests(order, id);
            if (!unsettled.isEmpty()) {
                return new HeadshotGenerator.DeletionCheck.StillThere(
                        "GET /tunes/" + id + " answers 404, but a prompt creation asked at "
                                + unsettled.getFirst().recordedAt() + " was never answered and is not settled yet");
            }
            for (AstriaRecords.Placed placed : astria.records().promptsOf(order, id)) {
                prompts++;
                if (placed.open() && astria.readPrompt(placed).isPresent()) {
                    return new HeadshotGenerator.DeletionCheck.StillThere(
                            "GET /tunes/" + id + " answers 404, but GET /tunes/" + placed.home() + "/prompts/"
                                    + placed.id() + " still answers 200 OK");
                }
            }
        }
        return new HeadshotGenerator.DeletionCheck.Gone(
                "GET /tunes/" + id + " answered 404 Not Found at " + checkedAt
                        + (prompts == 0
                                ? ""
                                : prompts == 1
                                        ? "; so did its 1 prompt, asked by its id"
                                        : "; so did each of its " + prompts + " prompts, asked by its id"),
                1 + prompts);
    }

    /**
     * The orders whose records name model {@code id}: the one its tune was recorded for. A model trained before Kaptura
     * recorded its objects has its prompts looked for on the tune they would live on (back to the tune's creation, or
     * through the whole list when the tune is gone), by the signed address in each; those found are recorded, with the
     * tune, under the order their address names.
     */
    private Set<OrderId> ordersOf(String id, Optional<AstriaJson.Tune> tune) {
        Set<OrderId> orders = new LinkedHashSet<>();
        astria.records().tune(id).ifPresent(entry -> orders.add(entry.order()));
        if (!orders.isEmpty()) {
            return orders;
        }
        String home = astria.settings().promptHome(id);
        Instant since = tune.flatMap(AstriaJson.Tune::createdAt).orElse(Instant.EPOCH.plus(AstriaLookUps.LOOK_BACK));
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = astria.lookUps()
                .prompts(
                        "look for the model's prompts",
                        home,
                        prompt -> astria.claimOf(prompt)
                                .filter(c -> c.model().equals(id))
                                .isPresent(),
                        since);
        Instant now = astria.clock().instant();
        for (AstriaJson.Prompt prompt : lookUp.matches()) {
            CallbackTokens.PromptClaim claim = astria.claimOf(prompt).orElseThrow();
            if (orders.add(claim.order())) {
                astria.records().tune(id, "kaptura-unrecorded-" + id, claim.order(), "person", now);
            }
            astria.records().prompt(prompt.id(), home, claim.order(), AstriaRecords.PromptNote.of(claim), now);
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
}
