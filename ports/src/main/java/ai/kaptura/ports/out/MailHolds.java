package ai.kaptura.ports.out;

import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mail that must wait, and why (R49): the email processor refuses every message until a sending quota allows again
 * ({@link Reason#QUOTA_REACHED}, held for the processor), or the processor's answer left one message's delivery unsure
 * ({@link Reason#DELIVERY_UNSURE}, held for that message). While a hold lasts, mail it covers is not handed to the
 * processor before {@link Hold#until()}, and an alarm is raised; it is released when the processor takes a message
 * again. Shared by every node.
 */
@Implements(Rule.R49)
public interface MailHolds {

    enum Reason {
        /** The processor answered that a daily or monthly sending quota is reached; subject: the processor's name. */
        QUOTA_REACHED,
        /**
         * The processor's answer does not say whether the message was sent (its key was used before with another body);
         * subject: the SHA-256 (hex) of the message's idempotency key.
         */
        DELIVERY_UNSURE
    }

    /**
     * One hold.
     *
     * @param since  when it began (kept when it is held again)
     * @param until  when mail it covers may be handed to the processor again
     * @param detail what the processor said, in a few words, never personal data
     */
    record Hold(Reason reason, String subject, Instant since, Instant until, String detail) {

        private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

        public Hold {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
            if (subject == null || !OPAQUE.matcher(subject).matches()) {
                throw new IllegalArgumentException("A mail hold is named by an opaque id, never an address");
            }
            if (detail == null
                    || detail.length() > 200
                    || detail.contains("@")
                    || detail.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("A mail hold's detail is one short line, never an address");
            }
            since = since.truncatedTo(ChronoUnit.MICROS);
            until = until.truncatedTo(ChronoUnit.MICROS);
        }

        /** Whether mail it covers must still wait at {@code now}. */
        public boolean holdsAt(Instant now) {
            return now.isBefore(until);
        }
    }

    /**
     * Holds mail. A hold of the same reason and subject already there keeps its {@code since} and takes the new
     * {@code until} and {@code detail}. Answers whether the hold is new.
     */
    boolean hold(Hold hold);

    /** Releases the hold; answers false if there was none. */
    boolean release(Reason reason, String subject);

    Optional<Hold> find(Reason reason, String subject);

    /** The holds, the oldest first, at most {@code limit}. */
    List<Hold> held(int limit);
}
