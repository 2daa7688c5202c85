package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.policy.NoticeVersion;
import java.util.List;

/**
 * The append-only ledger of consent decisions (R6). There is no update and no delete; erasure
 * reduces an account's records to pseudonymous tombstones.
 */
public interface ConsentLedger {

    /** Appends a record. Appending the same id twice is an error, never an overwrite. */
    void append(ConsentRecord record);

    /** Every live record of the account, in the order they were appended; none once it is erased. */
    List<ConsentRecord> ofAccount(AccountId account);

    /**
     * Erasure (R6, R27): replaces each record of the account by its {@link ConsentRecord#tombstone()},
     * which keeps purpose, decision, policy version, notice hash, method and time under the pseudonymous
     * account id and drops the order link and the language. A tombstone can never count as consent.
     *
     * @return how many records were reduced
     */
    int reduceToTombstones(AccountId account);

    /** The tombstones erasure left for the account, in append order. */
    List<ConsentTombstone> tombstonesOf(AccountId account);

    /**
     * How many decisions the ledger holds for one notice version, purpose and decision: live records and the tombstones
     * erasure left (R6). An auditor's count (R50): no account is named.
     */
    record Count(NoticeVersion version, ConsentPurpose purpose, ConsentDecision decision, long live, long tombstones) {
        public Count {
            java.util.Objects.requireNonNull(version, "version");
            java.util.Objects.requireNonNull(purpose, "purpose");
            java.util.Objects.requireNonNull(decision, "decision");
        }
    }

    /** The ledger counted per notice version, purpose and decision, ordered by version, purpose, decision. */
    List<Count> counts();
}
