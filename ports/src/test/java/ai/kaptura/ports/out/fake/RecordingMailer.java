package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Mail;
import ai.kaptura.ports.out.Mailer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A mailer that keeps what it is given instead of sending it: each message once per idempotency key,
 * as the real mailers do. {@link #failNextSends} makes the next sends fail the way a provider that
 * cannot be reached does, for tests of the retrying jobs.
 */
public final class RecordingMailer implements Mailer {

    private final List<Mail> delivered = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private int failures;

    @Override
    public Optional<String> processorName() {
        return Optional.empty();
    }

    @Override
    public synchronized void send(Mail mail) {
        if (failures > 0) {
            failures--;
            throw new IllegalStateException("The mail provider could not be reached (simulated)");
        }
        if (keys.add(mail.idempotencyKey())) {
            delivered.add(mail);
        }
    }

    /** The next {@code count} sends throw {@link IllegalStateException} and deliver nothing. */
    public synchronized void failNextSends(int count) {
        failures = count;
    }

    /** Every message delivered, oldest first. */
    public synchronized List<Mail> delivered() {
        return List.copyOf(delivered);
    }

    /** The messages delivered to {@code to}, oldest first. */
    public synchronized List<Mail> deliveredTo(EmailAddress to) {
        return delivered.stream().filter(m -> m.to().equals(to)).toList();
    }

    /** The latest message of {@code kind} delivered to {@code to}, e.g. the sign-in code a test signs in with. */
    public synchronized <T extends Mail> Optional<T> latest(Class<T> kind, EmailAddress to) {
        return deliveredTo(to).reversed().stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .findFirst();
    }

    /** A message as plain text: what a person reading it would see of each field. */
    public static String text(Mail mail) {
        String body = switch (mail) {
            case Mail.SignInCode m -> "Subject: Your sign-in code\nCode: " + m.code() + "\nLink: " + m.link();
            case Mail.VerifyNewAddress m -> "Subject: Confirm your new email address\nCode: " + m.code();
            case Mail.AddressChanged m ->
                "Subject: Your email address was changed\nNew address: " + m.newAddressHint() + "\nContact: "
                        + m.contact();
            case Mail.OrderConfirmed m -> "Subject: Order confirmed\nOrder: " + m.order();
            case Mail.HeadshotsReady m ->
                "Subject: Your headshots are ready\nOrder: " + m.order() + "\nLink: " + m.link();
            case Mail.OrderFailed m -> "Subject: Order failed\nOrder: " + m.order() + "\nRefund: " + m.refund();
            case Mail.ConsentRenewalNeeded m ->
                "Subject: Renew your consent\nOrder: " + m.order() + "\nRound: " + m.round() + "\nRenew by: "
                        + m.renewBy() + "\nWhat changed: " + m.whatChanged() + "\nLink: " + m.link();
            case Mail.ConsentRenewalLapsed m ->
                "Subject: Order cancelled, consent not renewed\nOrder: " + m.order() + "\nRefund: " + m.refund();
            case Mail.PrivacyRequestReceived m ->
                "Subject: Privacy request received\nRequest: " + m.request() + "\nKind: " + m.kind() + "\nDue on: "
                        + m.dueOn();
            case Mail.PrivacyRequestCompleted m ->
                "Subject: Privacy request completed\nRequest: " + m.request() + "\nKind: " + m.kind();
            case Mail.PromiseAtRisk m ->
                "Subject: Alarm: " + m.alarm().promise().risk() + "\nPromise: "
                        + m.alarm().promise().label()
                        + "\nAbout: " + m.alarm().subject().type()
                        + " " + m.alarm().subject().id() + "\nRaised at: "
                        + m.alarm().raisedAt() + "\nDetail: " + m.alarm().detail()
                        + "\nTo do: " + m.alarm().promise().whatToDo();
            case Mail.OperatorCode m ->
                "Subject: Operator " + (m.confirmation() ? "confirmation" : "sign-in") + " code\nCode: " + m.code();
            case Mail.PrivacyRequestExtended m ->
                "Subject: Privacy request extended\nRequest: " + m.request() + "\nKind: " + m.kind() + "\nReason: "
                        + m.reason() + "\nDue on: " + m.newDueOn();
            case Mail.PrivacyRequestRefused m ->
                "Subject: Privacy request refused\nRequest: " + m.request() + "\nKind: " + m.kind() + "\nReasons: "
                        + m.reasons() + "\nComplain to: " + m.complaintAuthority() + " " + m.complaintUrl();
            case Mail.KeptUnderLegalHold m ->
                "Subject: Kept under a legal hold\nRequest: " + m.request() + "\nKept: " + m.whatIsKept() + "\nBasis: "
                        + m.legalBasis();
        };
        return "To: " + mail.to().value() + "\n" + body + "\n";
    }
}
