package ai.kaptura.adapter.storage;

import ai.kaptura.domain.shared.Rejection;

/**
 * Why an image was refused, carried out of the sanitiser's deep steps to the one place that turns it
 * into a {@link ai.kaptura.ports.out.PhotoSanitizer.Outcome.Rejected}. It never leaves
 * {@link ImageSanitizer}: every public path there ends in an outcome.
 */
final class ImageRefusal extends Exception {

    private final transient Rejection why;

    private ImageRefusal(Rejection why) {
        super(why.detail(), null, false, false);
        this.why = why;
    }

    /** The input cannot be used; {@code detail} is shown to the person who sent it. */
    static ImageRefusal invalid(String detail) {
        return new ImageRefusal(Rejection.of(Rejection.Reason.INVALID_VALUE, detail));
    }

    /**
     * No decoder came free within the time an upload waits ({@link DecodeGate}): the photo is not wrong, and the same
     * upload may simply be sent again.
     */
    static ImageRefusal busy() {
        return new ImageRefusal(Rejection.of(Rejection.Reason.SERVER_BUSY, BUSY));
    }

    static final String BUSY =
            "Many photos are being read right now; yours was not stored. Please send it again in a few seconds.";

    Rejection why() {
        return why;
    }
}
