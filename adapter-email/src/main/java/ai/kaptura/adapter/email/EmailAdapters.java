package ai.kaptura.adapter.email;

import ai.kaptura.ports.out.Mailer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/** The mail adapters this module offers; the only way in from outside the module. */
public final class EmailAdapters {

    private EmailAdapters() {
    }

    /**
     * The embedded default: each message is written as a plain-text file into {@code directory} (the
     * data directory's {@code outbox/}, created when first needed) instead of being sent. Nothing leaves
     * the machine, so no processor is involved; an operator or a developer reads the sign-in codes there.
     */
    public static Mailer outbox(Path directory, InstantSource clock) {
        return new OutboxMailer(Objects.requireNonNull(directory, "outbox directory"), Objects.requireNonNull(clock, "clock"));
    }
}
