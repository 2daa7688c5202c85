package ai.kaptura.adapter.email;

import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.Mail;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Renders each {@link Mail} as a subject, a plain-text part and an HTML part, in English, from one list
 * of blocks, so both parts always say the same thing.
 *
 * <p>Each message holds only what the person needs: a code to type, a link to open, a due date, and a
 * short reference (the first eight hex digits of an order or request id) to recognise what it is about.
 * Never the recipient's address, an account id or the idempotency key (R37).
 *
 * <p>The HTML is a single column with inline styles, a {@code lang}, a {@code <title>} and real
 * headings and paragraphs for screen readers; no remote images, no tracking pixels, no scripts and no
 * stylesheets to fetch. Every value is HTML-escaped; a link becomes clickable only if it is an
 * {@code http(s)} URL, and it is always shown in full as text too, so it can be copied.
 */
@Implements(Rule.R37)
final class MailTemplates {

    /** A rendered message; {@code kind} is a stable slug for file names and logs. */
    record Rendered(String kind, String subject, String text, String html) {

        /** "a sign-in-code mail", "an order-confirmed mail": the message named in a log line or an error. */
        String described() {
            return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + " mail";
        }
    }

    /** A piece of a message, rendered once as text and once as HTML. */
    private sealed interface Block {}

    private record Paragraph(String words) implements Block {}

    /** A code the person types: set apart in the text, large and monospaced in the HTML. */
    private record Code(String code) implements Block {}

    /** A link the person opens: a button in the HTML, the full URL on its own line in both parts. */
    private record Link(String label, String url) implements Block {}

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern(
                    "d MMMM uuuu 'at' HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String FONT = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

    private MailTemplates() {}

    static Rendered render(Mail mail) {
        return switch (mail) {
            case Mail.SignInCode m ->
                message(
                        "sign-in-code",
                        "Your Kaptura sign-in code",
                        "Sign in to Kaptura",
                        new Paragraph("Your sign-in code is:"),
                        new Code(m.code()),
                        new Paragraph(
                                "Or open this link in the same browser where you asked for the code, and press \"Sign in\" on"
                                        + " the page it opens:"),
                        new Link("Sign in to Kaptura", m.link()),
                        new Paragraph(
                                "The code and the link work once and expire in " + SignInChallenge.VALIDITY.toMinutes()
                                        + " minutes." + " Nobody from Kaptura will ever ask you for this code."),
                        new Paragraph("If you did not ask to sign in, you can ignore this email."));
            case Mail.VerifyNewAddress m ->
                message(
                        "verify-new-address",
                        "Confirm your new email address",
                        "Confirm your new email address",
                        new Paragraph("To use this address for your Kaptura account, enter this code:"),
                        new Code(m.code()),
                        new Paragraph(
                                "If you did not ask to change your address, ignore this email: nothing will change."));
            case Mail.AddressChanged m ->
                message(
                        "address-changed",
                        "Your Kaptura email address was changed",
                        "Your email address was changed",
                        new Paragraph(
                                "The email address of your Kaptura account was just changed to " + m.newAddressHint()
                                        + ". From now on, sign-in codes go there, and every other device signed in to the account was signed out."),
                        new Paragraph("If you made this change, there is nothing to do."),
                        new Paragraph(
                                "If you did not, someone else may control your account and your photos. Write at once to "
                                        + m.contact()
                                        + " from this address, so that we can restore your account and stop any processing."));
            case Mail.OrderConfirmed m ->
                message(
                        "order-confirmed",
                        "Your Kaptura order is confirmed",
                        "Your order is confirmed",
                        new Paragraph("Thank you: we have received your payment for order "
                                + reference(m.order().value()) + "."),
                        new Paragraph(
                                "We are now creating your headshots. We will email you as soon as they are ready."));
            case Mail.HeadshotsReady m ->
                message(
                        "headshots-ready",
                        "Your headshots are ready",
                        "Your headshots are ready",
                        new Paragraph("Your AI-generated headshots for order "
                                + reference(m.order().value()) + " are ready. See and download them here:"),
                        new Link("See your headshots", m.link()),
                        new Paragraph("Your selfies will be deleted within "
                                + LegalConstants.SELFIE_DELETION_MAX_MARGIN.toHours() + " hours."));
            case Mail.OrderFailed m ->
                message(
                        "order-failed",
                        "We could not complete your Kaptura order",
                        "We could not complete your order",
                        new Paragraph("We are sorry: we could not create the headshots for order "
                                + reference(m.order().value()) + "."),
                        new Paragraph(refund(m.refund())),
                        new Paragraph("Your selfies will be deleted."));
            case Mail.ConsentRenewalNeeded m ->
                switch (m.round()) {
                    case FIRST ->
                        message(
                                "consent-renewal-needed",
                                "Your Kaptura order is waiting for your consent",
                                "Please renew your consent",
                                new Paragraph(
                                        "We changed our privacy policy in a way that concerns how your selfies are processed. What"
                                                + " changed: " + m.whatChanged()),
                                new Paragraph(
                                        "So order " + reference(m.order().value())
                                                + " is on hold: nothing more is done with your"
                                                + " selfies until you have read the new notices and given your consent again, on the order page:"),
                                new Link("Read the notices and renew your consent", m.link()),
                                new Paragraph(lapse(m)));
                    case REMINDER ->
                        message(
                                "consent-renewal-reminder",
                                "Reminder: your Kaptura order is still waiting for your consent",
                                "Your order is still waiting for your consent",
                                new Paragraph(
                                        "A week ago we told you that our privacy policy changed how selfies are processed, and that"
                                                + " order "
                                                + reference(m.order().value())
                                                + " waits until you consent again. It is still on hold,"
                                                + " and nothing has been done with your selfies since. What changed: "
                                                + m.whatChanged()),
                                new Link("Read the notices and renew your consent", m.link()),
                                new Paragraph(lapse(m)));
                };
            case Mail.ConsentRenewalLapsed m ->
                message(
                        "consent-renewal-lapsed",
                        "Your Kaptura order was cancelled",
                        "Your order was cancelled",
                        new Paragraph("We cancelled order "
                                + reference(m.order().value()) + " because your consent was not renewed within "
                                + LegalConstants.CONSENT_RENEWAL_WINDOW.toDays()
                                + " days of a change to our privacy policy about how"
                                + " selfies are processed. We go on only with your agreement to the policy in force."),
                        new Paragraph(refund(m.refund())),
                        new Paragraph(
                                "Your selfies are being deleted now, together with anything made from them for this order."));
            case Mail.PrivacyRequestReceived m ->
                message(
                        "privacy-request-received",
                        "We received your privacy request",
                        "We received your privacy request",
                        new Paragraph("We received your " + describe(m.kind()) + " request (reference "
                                + reference(m.request().value()) + "). Requests are free of charge."),
                        new Paragraph("We will answer by " + DAY.format(m.dueOn())
                                + ". If we need more time, we will tell you why" + " before that date."));
            case Mail.PrivacyRequestCompleted m ->
                message(
                        "privacy-request-completed",
                        "Your privacy request is complete",
                        "Your privacy request is complete",
                        new Paragraph("We have completed your " + describe(m.kind()) + " request (reference "
                                + reference(m.request().value()) + ")."),
                        new Paragraph(outcome(m.kind())));
            case Mail.PromiseAtRisk m -> promiseAtRisk(m.alarm());
            case Mail.OperatorCode m ->
                m.confirmation()
                        ? message(
                                "operator-confirmation-code",
                                "Your Kaptura operator confirmation code",
                                "Confirm an operator action",
                                new Paragraph("You asked to confirm an action at Kaptura's operator desk that cannot be"
                                        + " undone. Your confirmation code is:"),
                                new Code(m.code()),
                                new Paragraph("It confirms one action within 15 minutes. If you did not ask for it,"
                                        + " someone may be using your operator session: sign out and tell your team."))
                        : message(
                                "operator-sign-in-code",
                                "Your Kaptura operator sign-in code",
                                "Sign in to the operator desk",
                                new Paragraph("Your code for Kaptura's operator desk is:"),
                                new Code(m.code()),
                                new Paragraph("It expires in 15 minutes; the desk's session lasts 8 hours. If you did"
                                        + " not ask for it, ignore this email."));
            case Mail.PrivacyRequestExtended m ->
                message(
                        "privacy-request-extended",
                        "We need more time for your privacy request",
                        "We need more time for your privacy request",
                        new Paragraph("We need more time to answer your " + describe(m.kind()) + " request (reference "
                                + reference(m.request().value()) + ")."),
                        new Paragraph("Why: " + m.reason()),
                        new Paragraph("We will answer by " + DAY.format(m.newDueOn()) + "."));
            case Mail.PrivacyRequestRefused m ->
                message(
                        "privacy-request-refused",
                        "Our answer to your privacy request",
                        "We cannot do what your request asks",
                        new Paragraph("We cannot carry out your " + describe(m.kind()) + " request (reference "
                                + reference(m.request().value()) + ")."),
                        new Paragraph("Why: " + m.reasons()),
                        new Paragraph("You have the right to lodge a complaint with a supervisory authority: "
                                + m.complaintAuthority() + ", " + m.complaintUrl() + "."));
            case Mail.KeptUnderLegalHold m ->
                message(
                        "kept-under-legal-hold",
                        "What we must keep of your data, and why",
                        "What we must keep of your data, and why",
                        new Paragraph("A legal hold obliges us to keep part of your data, although you asked us to"
                                + " erase it (request reference "
                                + reference(m.request().value()) + ")."),
                        new Paragraph("What we keep: " + m.whatIsKept() + "."),
                        new Paragraph("Why: " + m.legalBasis() + "."),
                        new Paragraph("We use what we keep for nothing else. It is deleted when the hold is lifted,"
                                + " without your having to ask again."));
        };
    }

    private static String refund(Mail.Refund refund) {
        return switch (refund) {
            case REFUNDED ->
                "Your payment has been refunded in full. It can take a few days to appear on your statement.";
            case UNDER_WAY -> "A full refund of your payment is on its way; we will not charge you for this order.";
            case NOT_CHARGED -> "You have not been charged for this order.";
        };
    }

    /** What happens at the end of a consent hold, with its exact time. */
    private static String lapse(Mail.ConsentRenewalNeeded m) {
        return "If you have not renewed your consent by " + MOMENT.format(m.renewBy())
                + ", we will cancel the order, refund"
                + " your payment in full and delete your selfies. If you would rather not go on, you need do nothing.";
    }

    /**
     * R49: to the controller's contact. The subject is named by its full pseudonymous id, which the operator looks up;
     * nothing else about the person is in the alarm.
     */
    private static Rendered promiseAtRisk(Alarm alarm) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Kaptura raised an alarm under rule "
                + alarm.promise().rule().id() + ": " + alarm.promise().risk() + "."));
        blocks.add(new Paragraph("It is about " + alarm.subject().type().replace('_', ' ') + " "
                + alarm.subject().id() + ", at risk since " + MOMENT.format(alarm.raisedAt()) + "."));
        if (!alarm.detail().isBlank()) {
            blocks.add(new Paragraph("What was seen: " + alarm.detail() + "."));
        }
        blocks.add(new Paragraph("What to do: " + alarm.promise().whatToDo()));
        blocks.add(
                new Paragraph("This email comes once a day while the alarm lasts and stops when it clears. The alarm is"
                        + " also counted in the metrics (kaptura_alarms_active, promise \""
                        + alarm.promise().label() + "\") and logged"
                        + " when it starts and when it clears."));
        String subject = "Kaptura alarm: " + alarm.promise().risk();
        return new Rendered("promise-at-risk", subject, text(blocks), html(subject, "A promise is at risk", blocks));
    }

    /** The short reference a person sees for an order or a request: enough to tell theirs apart. */
    static String reference(UUID id) {
        return id.toString().substring(0, 8).toUpperCase(Locale.ROOT);
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

    private static String outcome(RequestKind kind) {
        return switch (kind) {
            case ACCESS, PORTABILITY -> "Your download is ready on your privacy page.";
            case ERASURE ->
                "Your account and your data have been erased, except what the law requires us to keep, as our"
                        + " privacy policy lists. This is the last email we send you.";
            case RECTIFICATION, WITHDRAWAL -> "You can see the outcome on your privacy page.";
        };
    }

    private static Rendered message(String kind, String subject, String heading, Block... blocks) {
        List<Block> body = List.of(blocks);
        return new Rendered(kind, subject, text(body), html(subject, heading, body));
    }

    // ---- plain text -----------------------------------------------------------------------------

    private static String text(List<Block> blocks) {
        StringBuilder out = new StringBuilder();
        for (Block block : blocks) {
            switch (block) {
                case Paragraph p -> out.append(p.words());
                case Code c -> out.append("    ").append(c.code());
                case Link l -> out.append(l.url());
            }
            out.append("\n\n");
        }
        return out.append("-- \nKaptura\n").toString();
    }

    // ---- HTML -----------------------------------------------------------------------------------

    private static String html(String subject, String heading, List<Block> blocks) {
        StringBuilder out = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n")
                .append("<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(subject))
                .append("</title>\n</head>\n")
                .append("<body style=\"margin:0;padding:0;background-color:#f4f4f5;\">\n")
                .append(
                        "<div role=\"article\" aria-roledescription=\"email\" lang=\"en\" style=\"max-width:560px;margin:0 auto;")
                .append("padding:32px 24px;background-color:#ffffff;color:#18181b;font-family:")
                .append(FONT)
                .append(";font-size:16px;line-height:1.5;\">\n")
                .append("<h1 style=\"margin:0 0 24px;font-size:22px;line-height:1.3;\">")
                .append(escape(heading))
                .append("</h1>\n");
        for (Block block : blocks) {
            switch (block) {
                case Paragraph p ->
                    out.append("<p style=\"margin:0 0 16px;\">")
                            .append(escape(p.words()))
                            .append("</p>\n");
                case Code c ->
                    out.append("<p style=\"margin:0 0 24px;font-family:Menlo,Consolas,monospace;font-size:32px;")
                            .append("font-weight:bold;letter-spacing:6px;\">")
                            .append(escape(c.code()))
                            .append("</p>\n");
                case Link l -> link(out, l);
            }
        }
        return out.append("<p style=\"margin:32px 0 0;padding-top:16px;border-top:1px solid #e4e4e7;font-size:14px;")
                .append("color:#52525b;\">Kaptura</p>\n</div>\n</body>\n</html>\n")
                .toString();
    }

    private static void link(StringBuilder out, Link link) {
        String url = escape(link.url());
        if (isWebAddress(link.url())) {
            out.append("<p style=\"margin:0 0 16px;\"><a href=\"")
                    .append(url)
                    .append(
                            "\" style=\"display:inline-block;padding:12px 20px;border-radius:6px;background-color:#1d4ed8;")
                    .append("color:#ffffff;font-weight:bold;text-decoration:none;\">")
                    .append(escape(link.label()))
                    .append("</a></p>\n")
                    .append(
                            "<p style=\"margin:0 0 16px;font-size:14px;color:#3f3f46;\">If the button does not work, copy this")
                    .append(" address into your browser:<br>\n");
        } else {
            out.append(
                    "<p style=\"margin:0 0 16px;font-size:14px;color:#3f3f46;\">Copy this address into your browser:<br>\n");
        }
        out.append("<span style=\"word-break:break-all;\">").append(url).append("</span></p>\n");
    }

    /** Only web addresses become links: never {@code javascript:}, {@code data:} or the like. */
    private static boolean isWebAddress(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** Escapes text for an HTML element or a double-quoted attribute. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
