package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.ports.out.Accounts;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link Accounts} in memory, with optimistic locking and one live account per address. */
public record InMemoryAccounts(InMemoryDatabase db) implements Accounts {

    public InMemoryAccounts {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public Optional<Account> find(AccountId id) {
        synchronized (db) {
            return Optional.ofNullable(db.accounts.get(id)).map(InMemoryDatabase.Stored::value);
        }
    }

    @Override
    public Optional<Account> findByEmail(EmailAddress email) {
        synchronized (db) {
            return db.accounts.values().stream()
                    .map(InMemoryDatabase.Stored::value)
                    .filter(a -> a.status() != AccountStatus.ERASED)
                    .filter(a -> a.email().filter(email::equals).isPresent())
                    .findFirst();
        }
    }

    @Override
    public Account save(Account account) {
        Objects.requireNonNull(account, "account");
        synchronized (db) {
            long current = InMemoryDatabase.versionToReplace(
                    db.accounts, account.id(), account.version(), Account::version, "Account " + account.id());
            if (account.status() != AccountStatus.ERASED && account.email().isPresent()) {
                boolean taken = db.accounts.values().stream()
                        .map(InMemoryDatabase.Stored::value)
                        .filter(a -> !a.id().equals(account.id()))
                        .filter(a -> a.status() != AccountStatus.ERASED)
                        .anyMatch(a -> a.email().equals(account.email()));
                if (taken) {
                    throw new IllegalStateException("Another live account already has the address "
                            + account.email().get());
                }
            }
            return db.put(db.accounts, account.id(), account.withVersion(current + 1));
        }
    }

    @Override
    public List<Account> withStatus(AccountStatus status, int limit) {
        synchronized (db) {
            return db.accounts.values().stream()
                    .filter(s -> s.value().status() == status)
                    .sorted(Comparator.<InMemoryDatabase.Stored<Account>, java.time.Instant>comparing(
                                    s -> s.value().createdAt())
                            .thenComparingLong(InMemoryDatabase.Stored::seq))
                    .limit(Math.max(limit, 0))
                    .map(InMemoryDatabase.Stored::value)
                    .toList();
        }
    }
}
