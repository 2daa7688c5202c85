package ai.kaptura.ports.out;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.privacy.RequestKind;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The messages Kaptura sends, each with only what the person needs. The mail adapter renders them
 * (plain text and HTML). {@code idempotencyKey} is stable per message, so a retried send is sent once.
 */
public sealed interface Mail {

    EmailAddress to();

    String idempotencyKey();

    record SignInCode(EmailAddress to, String idempotencyKey, String code, String link) implements Mail {}

    /** A code sent to a new address to verify it before the account's address changes (R26). */
    record VerifyNewAddress(EmailAddress to, String idempotencyKey, String code) implements Mail {}

    /**
     * To the address an account had until now: it was changed to {@code newAddressHint} (masked, such as
     * {@code a***@example.org}), and every other session was ended. Whoever did not make the change learns of it
     * and where to turn: {@code contact}, the controller's privacy contact (R26, R47).
     */
    record AddressChanged(EmailAddress to, String idempotencyKey, String newAddressHint, String contact)
            implements Mail {}

    record OrderConfirmed(EmailAddress to, String idempotencyKey, OrderId order) implements Mail {}

    record HeadshotsReady(EmailAddress to, String idempotencyKey, OrderId order, String link) implements Mail {}

    /** The order ended without headshots; {@code refund} says where the person's money is, as the order knows it now. */
    record OrderFailed(EmailAddress to, String idempotencyKey, OrderId order, Refund refund) implements Mail {}

    /**
     * R9: a paid order waits for the person to renew consent, because a privacy policy version material for biometrics
     * took effect after they gave it: nothing more is done with their selfies until they renew on the order page
     * ({@code link}); if they have not by {@code renewBy}, the order is cancelled and refunded and the selfies deleted.
     * Sent when the hold begins ({@link Round#FIRST}) and once more a week later ({@link Round#REMINDER}).
     *
     * @param whatChanged the new version's own summary of the change, as published
     */
    record ConsentRenewalNeeded(
            EmailAddress to,
            String idempotencyKey,
            OrderId order,
            String link,
            String whatChanged,
            Instant renewBy,
            Round round)
            implements Mail {}

    /** Which of the two announcements of a hold a {@link ConsentRenewalNeeded} is. */
    enum Round {
        FIRST,
        REMINDER
    }

    /**
     * R9, R10: the order was cancelled because consent was not renewed within the window after a material policy change;
     * {@code refund} says where the money is; the selfies are deleted and the vendor's model is deleted.
     */
    record ConsentRenewalLapsed(EmailAddress to, String idempotencyKey, OrderId order, Refund refund) implements Mail {}

    /** Where the money of an order that failed is: never taken, on its way back, or back. */
    enum Refund {
        /** The order was never paid for: nothing was charged. */
        NOT_CHARGED,
        /** Paid; the refund is asked for (a durable job) but the processor has not confirmed it yet. */
        UNDER_WAY,
        /** The processor confirmed the refund. */
        REFUNDED
    }

    record PrivacyRequestReceived(
            EmailAddress to, String idempotencyKey, PrivacyRequestId request, RequestKind kind, LocalDate dueOn)
            implements Mail {}

    record PrivacyRequestCompleted(EmailAddress to, String idempotencyKey, PrivacyRequestId request, RequestKind kind)
            implements Mail {}

    /**
     * To the controller's contact, not to a person: a promise at risk (R49), sent when the alarm starts and once a day
     * while it lasts. It names the subject by its pseudonymous id only.
     */
    record PromiseAtRisk(EmailAddress to, String idempotencyKey, Alarm alarm) implements Mail {}

    /**
     * To an operator (R50): a code that opens the operator's desk ({@code confirmation} false), or one that confirms a
     * single destructive action there ({@code confirmation} true).
     */
    record OperatorCode(EmailAddress to, String idempotencyKey, String code, boolean confirmation) implements Mail {}

    /** The one extension of a request's deadline, with its reason and the new due day (R20). */
    record PrivacyRequestExtended(
            EmailAddress to,
            String idempotencyKey,
            PrivacyRequestId request,
            RequestKind kind,
            String reason,
            LocalDate newDueOn)
            implements Mail {}

    /** A refusal, with its reasons and where to complain (R21). */
    record PrivacyRequestRefused(
            EmailAddress to,
            String idempotencyKey,
            PrivacyRequestId request,
            RequestKind kind,
            String reasons,
            String complaintAuthority,
            String complaintUrl)
            implements Mail {}

    /**
     * R11, R27: an erasure, or the erasure the person asked for, keeps what a legal hold keeps: {@code whatIsKept}, on
     * {@code legalBasis}; everything else is erased, and what is kept is deleted when the hold is lifted. Sent when a
     * hold is placed on an account whose erasure is under way, and when an erasure completes under a hold.
     */
    record KeptUnderLegalHold(
            EmailAddress to, String idempotencyKey, PrivacyRequestId request, String whatIsKept, String legalBasis)
            implements Mail {}
}
