package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.signin.SignInChallenge;
import ai.kaptura.ports.out.SignInChallenges;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Predicate;

/** {@link SignInChallenges} in memory. */
public record InMemorySignInChallenges(InMemoryDatabase db) implements SignInChallenges {

    public InMemorySignInChallenges {
        Objects.requireNonNull(db, "database");
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
    public Optional<SignInChallenge> latestFor(
            EmailAddress email, SignInChallenge.Purpose purpose, Optional<AccountId> account) {
        synchronized (db) {
            SignInChallenge latest = null;
            for (SignInChallenge c : db.challenges.values()) {
                // Later insertions win a tie: ">=" keeps the one stored last.
                if (c.email().equals(email)
                        && c.purpose() == purpose
                        && c.account().equals(account)
                        && (latest == null || !c.issuedAt().isBefore(latest.issuedAt()))) {
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
    public int countAskedBySince(AccountId account, Instant since) {
        synchronized (db) {
            return (int) db.challenges.values().stream()
                    .filter(c -> c.account().equals(Optional.of(account))
                            && !c.issuedAt().isBefore(since))
                    .count();
        }
    }

    @Override
    public OptionalInt countWrongTry(UUID id) {
        synchronized (db) {
            SignInChallenge c = db.challenges.get(id);
            if (c == null || !c.open()) {
                return OptionalInt.empty();
            }
            SignInChallenge counted = c.withWrongTry();
            db.challenges.put(id, counted);
            return OptionalInt.of(counted.failedAttempts());
        }
    }

    @Override
    public boolean markUsed(UUID id, Instant at) {
        synchronized (db) {
            SignInChallenge c = db.challenges.get(id);
            if (c == null || !c.open()) {
                return false;
            }
            db.challenges.put(id, c.used(at));
            return true;
        }
    }

    @Override
    public int deleteAskedBy(AccountId account) {
        return deleteWhere(c -> c.account().equals(Optional.of(account)));
    }

    @Override
    public int deleteIssuedBefore(Instant before) {
        return deleteWhere(c -> c.issuedAt().isBefore(before));
    }

    @Override
    public int deleteFor(EmailAddress email) {
        return deleteWhere(c -> c.email().equals(email));
    }

    private int deleteWhere(Predicate<SignInChallenge> doomed) {
        synchronized (db) {
            return InMemoryDatabase.removeWhere(db.challenges, doomed);
        }
    }
}
