package ai.kaptura.domain.advice;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which measures of a selfie deserve a word of advice (R51). The thresholds are policy, not the detector's: a
 * deployment can tune them without touching the analysis. Advice is advice: nothing here refuses an upload or a
 * checkout, and nothing estimates age, sex, ethnicity or any other special category.
 *
 * @param minFaceShare the smallest face width, over the photo's shorter side, that is not "too small"
 * @param minSharpness the variance of the Laplacian below which the face (or photo) is "blurry"
 * @param darkBelow    the mean grey level below which it is "too dark"
 * @param brightAbove  the mean grey level above which it is "too bright"
 * @param sameAtMost   the largest hash distance at which two photos are "the same"
 */
@Implements(Rule.R51)
public record AdvicePolicy(
        double minFaceShare, double minSharpness, double darkBelow, double brightAbove, double sameAtMost) {

    /**
     * Thresholds tried on the test photos (a sharp portrait measures several hundred, the same photo blurred by a
     * Gaussian of a few pixels below 50; a face under an eighth of the frame is mostly shoulders and background).
     */
    public static final AdvicePolicy DEFAULT = new AdvicePolicy(0.12, 60, 50, 210, 0.1);

    public AdvicePolicy {
        if (!(minFaceShare > 0 && minFaceShare < 1)) {
            throw new DomainViolation("The smallest face share is between 0 and 1");
        }
        if (!(minSharpness >= 0)) {
            throw new DomainViolation("The sharpness threshold is zero or more");
        }
        if (!(darkBelow >= 0 && darkBelow < brightAbove && brightAbove <= 255)) {
            throw new DomainViolation("Too dark lies below too bright, both grey levels from 0 to 255");
        }
        if (!(sameAtMost >= 0 && sameAtMost < 0.5)) {
            throw new DomainViolation("The likeness threshold is between 0 and 0.5");
        }
    }

    /** The advice for one selfie from its measures and its likeness to the order's earlier selfies. */
    public SelfieAdvice advise(PhotoMeasures measures, List<Likeness> earlier) {
        Objects.requireNonNull(measures, "measures");
        Objects.requireNonNull(earlier, "earlier");
        EnumSet<AdviceFlag> flags = EnumSet.noneOf(AdviceFlag.class);
        if (measures.faces() == 0) {
            flags.add(AdviceFlag.NO_FACE);
        } else {
            if (measures.faces() > 1) {
                flags.add(AdviceFlag.SEVERAL_FACES);
            }
            if (measures.largestFaceShare() < minFaceShare) {
                flags.add(AdviceFlag.FACE_TOO_SMALL);
            }
        }
        if (measures.sharpness() < minSharpness) {
            flags.add(AdviceFlag.BLURRY);
        }
        if (measures.brightness() < darkBelow) {
            flags.add(AdviceFlag.TOO_DARK);
        } else if (measures.brightness() > brightAbove) {
            flags.add(AdviceFlag.TOO_BRIGHT);
        }
        Optional<Likeness> same = earlier.stream()
                .filter(l -> l.distance() <= sameAtMost)
                .min(Comparator.comparingDouble(Likeness::distance));
        same.ifPresent(l -> flags.add(AdviceFlag.SAME_AS));
        return new SelfieAdvice(flags, same.map(Likeness::other));
    }
}
