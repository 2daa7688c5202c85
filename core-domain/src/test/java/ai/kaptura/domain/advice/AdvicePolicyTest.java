package ai.kaptura.domain.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.shared.DomainViolation;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which measures become which advice, and how advice reads (R51). */
@Tag("R51")
class AdvicePolicyTest {

    private static final AdvicePolicy POLICY = AdvicePolicy.DEFAULT;
    private static final PhotoMeasures GOOD = new PhotoMeasures(1, 0.3, 400, 120);

    private static SelfieId id() {
        return new SelfieId(UUID.randomUUID());
    }

    @Test
    void a_good_photo_has_nothing_to_say() {
        assertThat(POLICY.advise(GOOD, List.of(new Likeness(id(), 0.4)))).isEqualTo(SelfieAdvice.NONE);
    }

    @Test
    void each_measure_out_of_bounds_is_its_own_flag() {
        assertThat(POLICY.advise(new PhotoMeasures(0, 0, 400, 120), List.of()).flags())
                .containsExactly(AdviceFlag.NO_FACE);
        assertThat(POLICY.advise(new PhotoMeasures(2, 0.3, 400, 120), List.of()).flags())
                .containsExactly(AdviceFlag.SEVERAL_FACES);
        assertThat(POLICY.advise(new PhotoMeasures(1, 0.05, 400, 120), List.of())
                        .flags())
                .containsExactly(AdviceFlag.FACE_TOO_SMALL);
        assertThat(POLICY.advise(new PhotoMeasures(1, 0.3, 10, 120), List.of()).flags())
                .containsExactly(AdviceFlag.BLURRY);
        assertThat(POLICY.advise(new PhotoMeasures(1, 0.3, 400, 20), List.of()).flags())
                .containsExactly(AdviceFlag.TOO_DARK);
        assertThat(POLICY.advise(new PhotoMeasures(1, 0.3, 400, 240), List.of()).flags())
                .containsExactly(AdviceFlag.TOO_BRIGHT);
        assertThat(POLICY.advise(new PhotoMeasures(3, 0.05, 5, 20), List.of()).flags())
                .containsExactly(
                        AdviceFlag.SEVERAL_FACES, AdviceFlag.FACE_TOO_SMALL, AdviceFlag.BLURRY, AdviceFlag.TOO_DARK);
    }

    @Test
    void the_closest_earlier_photo_within_the_threshold_is_the_one_repeated() {
        SelfieId far = id();
        SelfieId near = id();
        SelfieId nearest = id();

        SelfieAdvice advice = POLICY.advise(
                GOOD, List.of(new Likeness(far, 0.3), new Likeness(near, 0.09), new Likeness(nearest, 0.02)));

        assertThat(advice.flags()).containsExactly(AdviceFlag.SAME_AS);
        assertThat(advice.sameAs()).contains(nearest);
        assertThat(POLICY.advise(GOOD, List.of(new Likeness(far, 0.3))).flags()).isEmpty();
    }

    @Test
    void advice_reads_as_plain_words_and_a_repeat_of_a_photo_no_longer_there_is_not_said() {
        SelfieId three = id();
        SelfieAdvice advice = new SelfieAdvice(
                EnumSet.of(AdviceFlag.SEVERAL_FACES, AdviceFlag.BLURRY, AdviceFlag.SAME_AS), Optional.of(three));

        assertThat(advice.sentences(id -> id.equals(three) ? OptionalInt.of(3) : OptionalInt.empty()))
                .containsExactly("more than one face", "blurry", "same as photo 3");
        assertThat(advice.sentences(id -> OptionalInt.empty())).containsExactly("more than one face", "blurry");
    }

    @Test
    void the_summary_counts_photos_with_advice() {
        assertThat(SelfieAdvice.summary(3, 12))
                .isEqualTo("3 of your 12 photos may lower the quality of your headshots.");
        assertThat(SelfieAdvice.summary(0, 12)).isEmpty();
        assertThatThrownBy(() -> SelfieAdvice.summary(13, 12)).isInstanceOf(DomainViolation.class);
    }

    @Test
    void same_as_names_its_photo_and_nothing_else_does() {
        assertThatThrownBy(() -> new SelfieAdvice(Set.of(AdviceFlag.SAME_AS), Optional.empty()))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new SelfieAdvice(Set.of(AdviceFlag.BLURRY), Optional.of(id())))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void measures_keep_no_more_than_numbers_in_range() {
        assertThatThrownBy(() -> new PhotoMeasures(0, 0.2, 1, 1)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new PhotoMeasures(1, 0.2, Double.NaN, 1)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new PhotoMeasures(1, 0.2, 1, 300)).isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> new Likeness(id(), 1.5)).isInstanceOf(DomainViolation.class);
    }

    @Test
    void no_flag_speaks_of_who_the_person_is() {
        // R51: advice is about the photo; nothing names age, sex, ethnicity or any special category.
        for (AdviceFlag flag : AdviceFlag.values()) {
            assertThat(flag.sentence().toLowerCase(java.util.Locale.ROOT))
                    .doesNotContain("age", "sex", "gender", "male", "female", "ethnic", "race", "skin", "health");
        }
        assertThat(PhotoMeasures.class.getRecordComponents())
                .extracting(java.lang.reflect.RecordComponent::getName)
                .containsExactly("faces", "largestFaceShare", "sharpness", "brightness");
    }
}
