package ai.kaptura.ports.out;

import java.time.Instant;

/**
 * Marks an exception a {@link Mailer} throws when the email processor's answer leaves unsure whether the message was
 * sent: neither accepted now nor refused for good (Resend: the idempotency key was used before with another body, and
 * nothing says that first request was delivered). Such a message is neither counted as sent nor dropped: it may be sent
 * again under the same key from {@link #retryFrom()} (before that the processor refuses the key), at the risk of a
 * second copy, which is better than none. The message names what the processor said, never an address or a credential.
 */
public interface MailDeliveryUnsure {

    /** From when the same key may be sent again (Resend forgets a key 24 hours after its first use). */
    Instant retryFrom();
}
