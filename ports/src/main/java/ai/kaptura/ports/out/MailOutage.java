package ai.kaptura.ports.out;

import java.time.Instant;

/**
 * Marks an exception a {@link Mailer} throws when the email processor refuses every message for a while — a daily or
 * monthly sending quota reached — so that asking again before {@link #resumeAt()} only asks to be refused. Nothing was
 * sent. The exception's message names what the processor said and never carries an address or a credential.
 */
public interface MailOutage {

    /** When the processor may take mail again (its quota resets, or it is worth asking again). */
    Instant resumeAt();
}
