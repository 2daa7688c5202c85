package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.Optional;

/**
 * Per-account data keys for envelope encryption of photos (R18), stored wrapped. Destroying an
 * account's key is crypto-shredding: every photo encrypted under it, in the vault and in any backup,
 * becomes unreadable.
 */
@Implements({Rule.R18})
public interface DataKeys {

    Optional<WrappedDataKey> find(AccountId account);

    /**
     * Stores the account's key unless it already has one; answers the key that is stored (so two
     * concurrent first uploads end up with one key).
     */
    WrappedDataKey saveIfAbsent(AccountId account, WrappedDataKey key);

    /** Destroys the account's key; answers whether there was one. Destroying twice is harmless. */
    boolean destroy(AccountId account);
}
