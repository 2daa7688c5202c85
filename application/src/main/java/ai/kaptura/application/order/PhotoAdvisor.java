package ai.kaptura.application.order;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.advice.AdvicePolicy;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.BiometricGuard;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieReadPermit;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PhotoAnalysis;
import ai.kaptura.ports.out.PhotoSanitizer;
import ai.kaptura.ports.out.PhotoVault;
import ai.kaptura.ports.out.SelfieAdvices;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Photo-quality advice on upload (R51): a new selfie, once sanitised, is measured on this server by the
 * {@link PhotoAnalysis} and compared with the order's earlier live selfies, which are read back through the owner's
 * copy permit of the consent guard (R1) for as long as the comparison takes. The {@link AdvicePolicy} turns the
 * measures into flags, and only those flags are kept ({@link SelfieAdvices}): no face box, no hash, no pixel.
 *
 * <p>Why the earlier selfies are read again rather than their hashes kept: a perceptual hash of a face photo is a
 * derivative of biometric data that would have to be kept, protected and deleted like the photo; reading the photos
 * that are kept anyway costs time on upload (one small decode each, bounded by the order's twenty selfies) and keeps
 * nothing new.
 *
 * <p>Advice is optional: an analysis that fails, is busy or cannot load its native library gives no advice, a
 * warning in the log, and the upload goes on exactly as without it. Nothing here refuses an upload or a checkout.
 *
 * @param policy the thresholds that turn measures into advice
 */
@Implements(Rule.R51)
public record PhotoAdvisor(PhotoAnalysis analysis, SelfieAdvices advices, PhotoVault vault, AdvicePolicy policy) {

    private static final System.Logger LOG = System.getLogger(PhotoAdvisor.class.getName());

    public PhotoAdvisor {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(advices, "advices");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * The advice for a new selfie of {@code order} (as it was before the selfie was added), or empty when the analysis
     * could not run. Never throws for the photo's sake.
     */
    Optional<SelfieAdvice> advise(Account owner, Order order, PhotoSanitizer.Clean clean, Instant now) {
        try {
            List<PhotoAnalysis.Earlier> earlier = new ArrayList<>();
            if (BiometricGuard.forOwnerCopy(owner, order, now) instanceof Result.Ok<SelfieReadPermit>(var permit)) {
                for (Selfie selfie : order.liveSelfies()) {
                    selfie.photo()
                            .ifPresent(photo -> earlier.add(new PhotoAnalysis.Earlier(
                                    selfie.id(), () -> vault.readSelfie(permit, owner.id(), photo))));
                }
            }
            PhotoAnalysis.Result result;
            try (InputStream photo = clean.open()) {
                result = analysis.analyse(photo, earlier);
            }
            return switch (result) {
                case PhotoAnalysis.Measured(var measures, var likeness) ->
                    Optional.of(policy.advise(measures, likeness));
                case PhotoAnalysis.Unavailable(String why) -> {
                    LOG.log(System.Logger.Level.WARNING, "No photo-quality advice for this upload: " + why);
                    yield Optional.empty();
                }
            };
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Photo-quality advice failed; the upload goes on without it", e);
            return Optional.empty();
        }
    }
}
