package ai.kaptura.domain.advice;

import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * The advice kept for one selfie (R51): its flags and, for {@link AdviceFlag#SAME_AS}, which earlier selfie of the
 * order it repeats. Nothing else of the analysis is kept.
 */
@Implements(Rule.R51)
public record SelfieAdvice(Set<AdviceFlag> flags, Optional<SelfieId> sameAs) {

    /** A photo with nothing to say about it. */
    public static final SelfieAdvice NONE = new SelfieAdvice(Set.of(), Optional.empty());

    public SelfieAdvice {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(sameAs, "sameAs");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (flags.contains(AdviceFlag.SAME_AS) != sameAs.isPresent()) {
            throw new DomainViolation("SAME_AS names the photo it repeats, and only SAME_AS does");
        }
    }

    /**
     * The advice in plain words, in the order of {@link AdviceFlag}. The photo a {@code SAME_AS} repeats is named by
     * its number on the page ({@code photoNumber}); when that photo is gone from the draft the advice no longer holds
     * and is left out.
     */
    public List<String> sentences(Function<SelfieId, OptionalInt> photoNumber) {
        Objects.requireNonNull(photoNumber, "photoNumber");
        List<String> out = new ArrayList<>();
        for (AdviceFlag flag : flags) {
            if (flag == AdviceFlag.SAME_AS) {
                OptionalInt number = photoNumber.apply(sameAs.orElseThrow());
                if (number.isPresent()) {
                    out.add("same as photo " + number.getAsInt());
                }
            } else {
                out.add(flag.sentence());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The checkout page's summary: how many photos have advice that still holds, out of how many, in one sentence
     * ("3 of your 12 photos may lower the quality"), or an empty string when none has.
     */
    public static String summary(int withAdvice, int photos) {
        if (withAdvice < 0 || withAdvice > photos) {
            throw new DomainViolation("Between none and all of the photos have advice");
        }
        if (withAdvice == 0) {
            return "";
        }
        if (photos == 1) {
            return "Your photo may lower the quality of your headshots.";
        }
        return withAdvice + " of your " + photos + " photos may lower the quality of your headshots.";
    }
}
