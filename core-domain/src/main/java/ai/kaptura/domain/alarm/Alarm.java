package ai.kaptura.domain.alarm;

import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.LegalConstants;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A promise at risk for one subject (an order, a privacy request, a job), raised at an instant and raised until it
 * clears (R49). The subject is a pseudonymous id only, and the detail a few facts (instants, counts, states): an
 * alarm travels to logs and mail, so it never holds an email address or other personal data.
 *
 * @param raisedAt when the risk was first seen
 * @param detail   what was seen, in a few words, such as "due by 2026-04-02T22:00:00Z"
 * @param mailedAt when its mail was last sent to the controller's contact, if ever
 */
@Implements(Rule.R49)
public record Alarm(Promise promise, Subject subject, Instant raisedAt, String detail, Optional<Instant> mailedAt) {

    /** What identifies an alarm: one promise for one subject is raised once at a time. */
    public record Key(Promise promise, Subject subject) {
        public Key {
            Objects.requireNonNull(promise, "promise");
            Objects.requireNonNull(subject, "subject");
        }
    }

    private static final int MAX_DETAIL = 200;

    public Alarm {
        Objects.requireNonNull(promise, "promise");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(raisedAt, "raised at");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(mailedAt, "mailed at");
        // Stores keep microseconds; an alarm read back is the alarm raised.
        raisedAt = raisedAt.truncatedTo(ChronoUnit.MICROS);
        mailedAt = mailedAt.map(at -> at.truncatedTo(ChronoUnit.MICROS));
        if (detail.length() > MAX_DETAIL
                || detail.contains("@")
                || detail.chars().anyMatch(Character::isISOControl)) {
            throw new DomainViolation("An alarm's detail is one short line of facts, never an email address");
        }
    }

    /** A newly raised alarm, not yet mailed. */
    public static Alarm raise(Promise promise, Subject subject, Instant now, String detail) {
        return new Alarm(promise, subject, now, detail, Optional.empty());
    }

    public Key key() {
        return new Key(promise, subject);
    }

    /** R49: whether its mail is due: never sent, or sent {@link LegalConstants#ALARM_MAIL_EVERY} ago or longer. */
    public boolean mailDue(Instant now) {
        return mailedAt.isEmpty() || !now.isBefore(mailedAt.get().plus(LegalConstants.ALARM_MAIL_EVERY));
    }

    /** The alarm with its mail sent at {@code at}. */
    public Alarm mailed(Instant at) {
        return new Alarm(promise, subject, raisedAt, detail, Optional.of(at));
    }

    /** How many whole mail periods (days) it has been raised at {@code now}: 0 on the first day. */
    public long day(Instant now) {
        return Math.max(0, Duration.between(raisedAt, now).dividedBy(LegalConstants.ALARM_MAIL_EVERY));
    }
}
