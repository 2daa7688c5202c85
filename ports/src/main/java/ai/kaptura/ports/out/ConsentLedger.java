package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentRecord;
import java.util.List;

/**
 * The append-only ledger of consent decisions (R6). There is no update and no delete; erasure
 * reduces an account's records to pseudonymous tombstones.
 */
public interface ConsentLedger {

    /** Appends a record. Appending the same id twice is an error, never an overwrite. */
    void append(ConsentRecord record);

    /** Every record of the account, in the order they were appended. */
    List<ConsentRecord> ofAccount(AccountId account);

    /**
     * Erasure (R6, R27): keeps purpose, decision, policy version, notice hash, method and time of each
     * record as a tombstone under the pseudonymous account id, and drops the order link and language.
     *
     * @return how many records were reduced
     */
    int reduceToTombstones(AccountId account);
}
