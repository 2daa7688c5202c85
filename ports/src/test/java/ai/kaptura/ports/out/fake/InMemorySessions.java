package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.signin.Session;
import ai.kaptura.ports.out.Sessions;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link Sessions} in memory, keyed by token hash. */
public record InMemorySessions(InMemoryDatabase db) implements Sessions {

    public InMemorySessions {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public void save(Session session) {
        Objects.requireNonNull(session, "session");
        synchronized (db) {
            db.sessions.put(session.tokenHash(), session);
        }
    }

    @Override
    public Optional<Session> find(Digest tokenHash) {
        synchronized (db) {
            return Optional.ofNullable(db.sessions.get(tokenHash));
        }
    }

    @Override
    public void delete(Digest tokenHash) {
        synchronized (db) {
            db.sessions.remove(tokenHash);
        }
    }

    @Override
    public int deleteAllOf(AccountId account) {
        return deleteWhere(s -> s.account().equals(account));
    }

    @Override
    public int deleteAllOfExcept(AccountId account, Digest keep) {
        return deleteWhere(s -> s.account().equals(account) && !s.tokenHash().equals(keep));
    }

    @Override
    public int deleteEndedBefore(Instant before) {
        return deleteWhere(s -> s.endsAt().isBefore(before));
    }

    private int deleteWhere(Predicate<Session> doomed) {
        synchronized (db) {
            return InMemoryDatabase.removeWhere(db.sessions, doomed);
        }
    }
}
