package ai.kaptura.domain.advice;

/**
 * One piece of photo-quality advice about a selfie (R51): what is kept of the analysis, and all of it. None of these
 * says anything about who the person is or what they look like: only whether the photo is usable for headshots.
 */
public enum AdviceFlag {
    /** No face was found: the model needs the person's face. */
    NO_FACE("no face found"),
    /** More than one face: the model may learn the wrong person. */
    SEVERAL_FACES("more than one face"),
    /** The face takes a small part of the photo. */
    FACE_TOO_SMALL("face too small"),
    /** The face (or, without one, the photo) is not sharp. */
    BLURRY("blurry"),
    TOO_DARK("too dark"),
    TOO_BRIGHT("too bright"),
    /** Nearly the same picture as another selfie of the order (named by {@link SelfieAdvice#sameAs()}). */
    SAME_AS("same as another photo");

    private final String sentence;

    AdviceFlag(String sentence) {
        this.sentence = sentence;
    }

    /** The advice in plain words, for the person who uploaded the photo. */
    public String sentence() {
        return sentence;
    }
}
