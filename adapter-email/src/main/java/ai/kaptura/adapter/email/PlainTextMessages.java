package ai.kaptura.adapter.email;

import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.Mail;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders each message as a subject and a short plain-text body in English: only what the person needs. */
final class PlainTextMessages {

    /** A rendered message; {@code kind} is a stable slug for file names and logs. */
    record Message(String kind, String subject, String body) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final String SIGN_OFF = "\n\n-- \nKaptura\n";

    private PlainTextMessages() {
    }

    static Message render(Mail mail) {
        return switch (mail) {
            case Mail.SignInCode m -> new Message("sign-in-code", "Your Kaptura sign-in code",
                    "Your sign-in code is:\n\n    " + m.code() + "\n\n"
                            + "Or sign in by opening this link:\n\n" + m.link() + "\n\n"
                            + "The code and the link work once and expire in " + SignInChallenge.VALIDITY.toMinutes() + " minutes.\n"
                            + "If you did not ask to sign in, you can ignore this email." + SIGN_OFF);
            case Mail.VerifyNewAddress m -> new Message("verify-new-address", "Confirm your new email address",
                    "To use this address for your Kaptura account, enter this code:\n\n    " + m.code() + "\n\n"
                            + "If you did not ask to change your address, ignore this email: nothing will change." + SIGN_OFF);
            case Mail.OrderConfirmed m -> new Message("order-confirmed", "Your Kaptura order is confirmed",
                    "Thank you: we have received your payment for order " + m.order() + ".\n\n"
                            + "We are now creating your headshots. We will email you as soon as they are ready." + SIGN_OFF);
            case Mail.HeadshotsReady m -> new Message("headshots-ready", "Your headshots are ready",
                    "Your AI-generated headshots for order " + m.order() + " are ready. See and download them here:\n\n"
                            + m.link() + "\n\n"
                            + "Your selfies will be deleted within " + LegalConstants.SELFIE_DELETION_MAX_MARGIN.toHours() + " hours."
                            + SIGN_OFF);
            case Mail.OrderFailed m -> new Message("order-failed", "We could not complete your Kaptura order",
                    "We are sorry: we could not create the headshots for order " + m.order() + ".\n\n"
                            + (m.refunded()
                                    ? "Your payment has been refunded in full. It can take a few days to appear on your statement."
                                    : "A full refund of your payment is on its way; we will not charge you for this order.")
                            + "\nYour selfies will be deleted." + SIGN_OFF);
            case Mail.PrivacyRequestReceived m -> new Message("privacy-request-received", "We received your privacy request",
                    "We received your " + describe(m.kind()) + " request (reference " + m.request() + ").\n\n"
                            + "We will answer by " + DAY.format(m.dueOn()) + " (" + m.dueOn() + ")." + SIGN_OFF);
            case Mail.PrivacyRequestCompleted m -> new Message("privacy-request-completed", "Your privacy request is complete",
                    "We have completed your " + describe(m.kind()) + " request (reference " + m.request() + ").\n\n"
                            + "You can see the outcome on your privacy page." + SIGN_OFF);
        };
    }

    private static String describe(RequestKind kind) {
        return switch (kind) {
            case ACCESS -> "access (a copy of your data)";
            case RECTIFICATION -> "correction";
            case ERASURE -> "erasure";
            case WITHDRAWAL -> "consent withdrawal";
            case PORTABILITY -> "data portability";
        };
    }
}
