package ai.kaptura.domain.signin;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser. Only the hash of its random token is stored, so a copy of the database signs
 * nobody in. A person's session ends after {@link #IDLE} without use or {@link #ABSOLUTE} after sign-in; an
 * operator's after {@link #OPERATOR_ABSOLUTE}, used or not (R50). The two are separate roles: a session opens
 * either a person's pages or the operator's desk, never both.
 */
public record Session(Digest tokenHash, AccountId account, Role role, Instant createdAt, Instant lastSeenAt) {

    public static final Duration IDLE = Duration.ofDays(7);
    public static final Duration ABSOLUTE = Duration.ofDays(30);
    /** An operator's session is short: one working day (R50). */
    public static final Duration OPERATOR_ABSOLUTE = Duration.ofHours(8);

    /** What a session opens. */
    public enum Role {
        /** A person's own pages and data. */
        PERSON,
        /** The operator's desk, for an address listed as an operator's (R50). */
        OPERATOR
    }
    /**
     * How precisely use is recorded: a session seen again within a minute of its last recorded use is not
     * written again. A week of idle time does not need a finer clock, and one write per request would make
     * every page view a database write on a row all of a person's requests share.
     */
    public static final Duration SEEN_PRECISION = Duration.ofMinutes(1);

    public Session {
        Objects.requireNonNull(tokenHash, "token hash");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "created at");
        Objects.requireNonNull(lastSeenAt, "last seen at");
    }

    /** A person's session. */
    public Session(Digest tokenHash, AccountId account, Instant createdAt, Instant lastSeenAt) {
        this(tokenHash, account, Role.PERSON, createdAt, lastSeenAt);
    }

    /** A person's new session. */
    public static Session start(String token, AccountId account, Instant now) {
        return new Session(hashOf(token), account, Role.PERSON, now, now);
    }

    /** An operator's new session: {@link #OPERATOR_ABSOLUTE} long (R50). */
    public static Session startOperator(String token, AccountId operator, Instant now) {
        return new Session(hashOf(token), operator, Role.OPERATOR, now, now);
    }

    public static Digest hashOf(String token) {
        return Digest.sha256(token);
    }

    public boolean isValid(Instant now) {
        return now.isBefore(endsAt());
    }

    public Session seen(Instant now) {
        return new Session(tokenHash, account, role, createdAt, now.isAfter(lastSeenAt) ? now : lastSeenAt);
    }

    /** Whether use at {@code now} is worth recording: the recorded use is at least {@link #SEEN_PRECISION} old. */
    public boolean staleAt(Instant now) {
        return !now.isBefore(lastSeenAt.plus(SEEN_PRECISION));
    }

    /** When the session ends if nothing else happens: the trigger of its retention rule. */
    public Instant endsAt() {
        if (role == Role.OPERATOR) {
            return createdAt.plus(OPERATOR_ABSOLUTE);
        }
        Instant idle = lastSeenAt.plus(IDLE);
        Instant absolute = createdAt.plus(ABSOLUTE);
        return idle.isBefore(absolute) ? idle : absolute;
    }
}
