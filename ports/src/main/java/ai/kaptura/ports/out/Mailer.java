package ai.kaptura.ports.out;

import java.util.Optional;

/** Sends email. */
public interface Mailer {

    /**
     * The processor-registry name of the vendor behind this adapter (R33), or empty for an adapter
     * that keeps everything on this machine (sandbox, outbox) and so involves no processor.
     */
    Optional<String> processorName();

    /**
     * Sends one message; sending the same idempotency key again does not send it twice.
     *
     * @throws IllegalStateException if the message could not be handed over (the job retries); one marked
     *                               {@link MailOutage} when the processor refuses all mail for a while (a quota reached),
     *                               one marked {@link MailDeliveryUnsure} when its answer leaves unsure whether the
     *                               message was sent
     */
    void send(Mail mail);
}
