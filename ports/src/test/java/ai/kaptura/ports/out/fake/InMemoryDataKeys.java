package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.ports.out.DataKeys;
import ai.kaptura.ports.out.WrappedDataKey;
import java.util.Objects;
import java.util.Optional;

/** {@link DataKeys} in memory: one wrapped key per account, the first stored wins. */
public record InMemoryDataKeys(InMemoryDatabase db) implements DataKeys {

    public InMemoryDataKeys {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public Optional<WrappedDataKey> find(AccountId account) {
        synchronized (db) {
            return Optional.ofNullable(db.dataKeys.get(account));
        }
    }

    @Override
    public WrappedDataKey saveIfAbsent(AccountId account, WrappedDataKey key) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(key, "key");
        synchronized (db) {
            return db.dataKeys.computeIfAbsent(account, a -> key);
        }
    }

    @Override
    public boolean destroy(AccountId account) {
        synchronized (db) {
            return db.dataKeys.remove(account) != null;
        }
    }
}
