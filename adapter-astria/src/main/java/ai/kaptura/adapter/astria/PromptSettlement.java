package ai.kaptura.adapter.astria;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Settles prompt creations whose answer never came: each is looked for among the prompts of its tune by the signed
 * address Astria echoes, recorded when found, and closed as never made once {@link #SETTLE} has passed without it.
 */
final class PromptSettlement {

    /**
     * How long an unanswered prompt creation is given before a look-up that does not find it settles it as never made;
     * until then nothing more is asked of that model, and its deletion is not confirmed.
     */
    static final Duration SETTLE = Duration.ofMinutes(10);

    private final AstriaAccess astria;

    PromptSettlement(AstriaAccess astria) {
        this.astria = astria;
    }

    /**
     * Settles the prompt creations of {@code model} of {@code order} whose answer never came: each is looked for among
     * the prompts of its tune made since it was asked; one found is recorded, one not found {@link #SETTLE} after it was
     * asked is closed as never made. Answers those still unsettled.
     */
    List<VendorObjects.Entry> settleRequests(OrderId order, String model) {
        List<VendorObjects.Entry> unsettled = new ArrayList<>();
        for (VendorObjects.Entry request : astria.records().openPromptRequests(order, model)) {
            boolean settled = settle(
                    order,
                    request.home(),
                    AstriaRecords.PromptNote.decode(request.note()),
                    request.id(),
                    request.recordedAt(),
                    !astria.clock().instant().isBefore(request.recordedAt().plus(SETTLE)));
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
    boolean settle(
            OrderId order,
            String home,
            AstriaRecords.PromptNote note,
            String request,
            Instant askedAt,
            boolean mayCloseAsNeverMade) {
        AstriaLookUps.LookUp<AstriaJson.Prompt> lookUp = astria.lookUps()
                .prompts(
                        "look a prompt up",
                        home,
                        prompt -> astria.claimOf(prompt)
                                .filter(c -> c.order().equals(order) && note.sameTarget(c))
                                .isPresent(),
                        askedAt);
        Instant now = astria.clock().instant();
        if (!lookUp.matches().isEmpty()) {
            for (AstriaJson.Prompt prompt : lookUp.matches()) {
                astria.records().prompt(prompt.id(), home, order, note, now);
            }
            astria.records()
                    .close(
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
            astria.records()
                    .close(
                            AstriaRecords.PROMPT_REQUEST,
                            request,
                            now,
                            "never made: no prompt with its signed address among the " + lookUp.read()
                                    + " prompts of tune " + home + " made since "
                                    + askedAt.minus(AstriaLookUps.LOOK_BACK));
            return true;
        }
        return false;
    }
}
