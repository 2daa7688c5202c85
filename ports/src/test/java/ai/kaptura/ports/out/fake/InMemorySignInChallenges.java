package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link SignInChallenges} in memory. */
public final class InMemorySignInChallenges implements SignInChallenges {

    private final InMemoryDatabase db;

    public InMemorySignInChallenges(InMemoryDatabase db) {
        this.db = Objects.requireNonNull(db, "database");
    }

    @Override
    public void save(SignInChallenge challenge) {
        Objects.requireNonNull(challenge, "challenge");
        synchronized (db) {
            db.challenges.put(challenge.id(), challenge);
        }
    }

    @Override
    public Optional<SignInChallenge> find(UUID id) {
        synchronized (db) {
            return Optional.ofNullable(db.challenges.get(id));
        }
    }

    @Override
    public Optional<SignInChallenge> latestFor(EmailAddress email) {
        synchronized (db) {
            SignInChallenge latest = null;
            for (SignInChallenge c : db.challenges.values()) {
                // Later insertions win a tie: ">=" keeps the one stored last.
                if (c.email().equals(email) && (latest == null || !c.issuedAt().isBefore(latest.issuedAt()))) {
                    latest = c;
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    @Override
    public int countIssuedSince(EmailAddress email, Instant since) {
        synchronized (db) {
            return (int) db.challenges.values().stream()
                    .filter(c -> c.email().equals(email) && !c.issuedAt().isBefore(since))
                    .count();
        }
    }

    @Override
    public int deleteIssuedBefore(Instant before) {
        synchronized (db) {
            List<UUID> gone = new ArrayList<>();
            db.challenges.values().stream().filter(c -> c.issuedAt().isBefore(before)).forEach(c -> gone.add(c.id()));
            gone.forEach(db.challenges::remove);
            return gone.size();
        }
    }

    @Override
    public int deleteFor(EmailAddress email) {
        synchronized (db) {
            List<UUID> gone = new ArrayList<>();
            db.challenges.values().stream().filter(c -> c.email().equals(email)).forEach(c -> gone.add(c.id()));
            gone.forEach(db.challenges::remove);
            return gone.size();
        }
    }
}
