package ai.kaptura.adapter.astria;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Astria's part in the person's rights. Astria never receives an email address, an account id or any
 * other identifier of the person (R37): tune titles, file names and callback addresses are opaque. So there
 * is nothing to rectify at Astria (R26).
 *
 * <p>What Astria does hold is per order: the selfies sent for training, the model trained on them and the
 * headshots generated from it (R2, R14). Erasure (R27) asks Astria again to delete every model the
 * account's orders ever had — each prompt recorded for it, by its id, then the tune — and counts a model as erased only
 * when Astria itself answers that it is gone: {@code GET /tunes/{id}} and the {@code GET} of every recorded prompt answer
 * 404. Each model's evidence keeps Astria's answer and how many objects (the tune and each recorded prompt) it answered
 * for as gone. Asking again for a model already deleted
 * is harmless (Astria answers 404, which counts as done), so a model whose deletion was confirmed long
 * before is simply confirmed again, with fresh evidence dated to this erasure. A model Astria still has
 * makes {@link #erase} throw, so the erasure job retries and the checklist stays open.
 *
 * <p>A model reference that is not an Astria tune id (Astria numbers its tunes; a sandbox model of an earlier
 * configuration is named otherwise) was never Astria's, so it is neither asked about nor counted.
 */
@Implements({Rule.R2, Rule.R14, Rule.R26, Rule.R27, Rule.R37})
final class AstriaObligations implements ProcessorObligations {

    static final String NOTHING_TO_RECTIFY =
            "Nothing to pass on: Kaptura never sends Astria an email address or any other "
                    + "identifier of the person (R37); Astria holds only opaque, per-order models and images";

    private final HeadshotGenerator astria;

    AstriaObligations(AstriaGenerator astria) {
        this.astria = Objects.requireNonNull(astria, "astria");
    }

    @Override
    public String processorName() {
        return AstriaAdapter.PROCESSOR_NAME;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(newEmail, "new email");
        return NOTHING_TO_RECTIFY;
    }

    /**
     * Deletes and verifies, at Astria, the model of every order that ever had one.
     *
     * @return {@link LocationOutcome.Erased} with one piece of evidence per model, or
     *         {@link LocationOutcome.NothingHeld} when no order ever reached training at Astria
     * @throws IllegalStateException while Astria still has a model (the erasure job retries)
     * @throws RuntimeException      when Astria cannot be reached or refuses (the erasure job retries)
     */
    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(now, "now");
        Set<ModelRef> models = new LinkedHashSet<>();
        for (Order order : orders) {
            order.model()
                    .map(VendorModel::ref)
                    .filter(ref -> AstriaJson.isId(ref.value()))
                    .ifPresent(models::add);
        }
        if (models.isEmpty()) {
            return new LocationOutcome.NothingHeld(
                    "No order of the account ever had a model trained at Astria, and Kaptura "
                            + "sends Astria nothing but an order's selfies for training",
                    now);
        }
        Location astriaLocation = Location.processor(processorName());
        List<DeletionEvidence> evidence = new ArrayList<>();
        List<String> stillThere = new ArrayList<>();
        for (ModelRef model : models) {
            String asked = astria.requestDeletion(model);
            switch (astria.verifyDeletion(model)) {
                case HeadshotGenerator.DeletionCheck.Gone gone ->
                    evidence.add(new DeletionEvidence(
                            DataCategory.VENDOR_MODEL,
                            model.value(),
                            astriaLocation,
                            now,
                            DeletionReason.ACCOUNT_ERASED,
                            "deletion asked: " + asked + "; verified: " + gone.confirmation(),
                            new DeletionEvidence.Answer(response(gone.confirmation()), gone.objects())));
                case HeadshotGenerator.DeletionCheck.StillThere still ->
                    stillThere.add("model " + model + ": " + still.detail());
            }
        }
        if (!stillThere.isEmpty()) {
            throw new IllegalStateException("Astria still holds " + stillThere.size() + " of the account's "
                    + models.size() + (models.size() == 1 ? " model" : " models") + " after deletion was asked: "
                    + String.join("; ", stillThere));
        }
        return new LocationOutcome.Erased(evidence, now);
    }

    /** Astria's own answer to "is it gone?", within what evidence keeps of a response. */
    private static String response(String confirmation) {
        return confirmation.length() <= 300 ? confirmation : confirmation.substring(0, 299) + "…";
    }
}
