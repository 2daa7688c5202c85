package ai.kaptura.ports.out;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.AccountStatus;
import ai.kaptura.domain.account.EmailAddress;
import java.util.List;
import java.util.Optional;

/** Where accounts are kept. One account per normalised email address. */
public interface Accounts {

    Optional<Account> find(AccountId id);

    /** The live account with this address; erased accounts keep no address and are never found by one. */
    Optional<Account> findByEmail(EmailAddress email);

    /**
     * Inserts (version 0) or updates an account, returning it with its new version.
     *
     * @throws ai.kaptura.domain.shared.ConcurrentUpdate if the stored version is not {@code account.version()}
     * @throws IllegalStateException if another live account already has the address
     */
    Account save(Account account);

    /** Accounts in a status, oldest first: the minors awaiting erasure, the erasures in progress. */
    List<Account> withStatus(AccountStatus status, int limit);
}
