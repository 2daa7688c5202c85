package ai.kaptura.domain.signin;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser. Only the hash of its random token is stored, so a copy of the database signs
 * nobody in. It ends after {@link #IDLE} without use or {@link #ABSOLUTE} after sign-in.
 */
public record Session(Digest tokenHash, AccountId account, Instant createdAt, Instant lastSeenAt) {

    public static final Duration IDLE = Duration.ofDays(7);
    public static final Duration ABSOLUTE = Duration.ofDays(30);
    /**
     * How precisely use is recorded: a session seen again within a minute of its last recorded use is not
     * written again. A week of idle time does not need a finer clock, and one write per request would make
     * every page view a database write on a row all of a person's requests share.
     */
    public static final Duration SEEN_PRECISION = Duration.ofMinutes(1);

    public Session {
        Objects.requireNonNull(tokenHash, "token hash");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(createdAt, "created at");
        Objects.requireNonNull(lastSeenAt, "last seen at");
    }

    public static Session start(String token, AccountId account, Instant now) {
        return new Session(hashOf(token), account, now, now);
    }

    public static Digest hashOf(String token) {
        return Digest.sha256(token);
    }

    public boolean isValid(Instant now) {
        return now.isBefore(createdAt.plus(ABSOLUTE)) && now.isBefore(lastSeenAt.plus(IDLE));
    }

    public Session seen(Instant now) {
        return new Session(tokenHash, account, createdAt, now.isAfter(lastSeenAt) ? now : lastSeenAt);
    }

    /** Whether use at {@code now} is worth recording: the recorded use is at least {@link #SEEN_PRECISION} old. */
    public boolean staleAt(Instant now) {
        return !now.isBefore(lastSeenAt.plus(SEEN_PRECISION));
    }

    /** When the session ends if nothing else happens: the trigger of its retention rule. */
    public Instant endsAt() {
        Instant idle = lastSeenAt.plus(IDLE);
        Instant absolute = createdAt.plus(ABSOLUTE);
        return idle.isBefore(absolute) ? idle : absolute;
    }
}
