package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.CONSENT_RECORDS;
import static ai.kaptura.ports.out.contract.ContractFixtures.accountId;
import static ai.kaptura.ports.out.contract.ContractFixtures.grant;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static ai.kaptura.ports.out.contract.ContractFixtures.orderId;
import static ai.kaptura.ports.out.contract.ContractFixtures.uuid;
import static ai.kaptura.ports.out.contract.ContractFixtures.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.consent.ConsentPurpose;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.contract.ConsentLedgerContract;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlConsentLedgerTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    /** Gives the connections back: the module's test classes share one PostgreSQL server and its connection limit. */
    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }

        /** R6 in the database itself: whatever SQL reaches PostgreSQL, only erasure may change a record. */
        @Test
        void the_trigger_refuses_every_delete_and_every_update_but_the_erasure_path() {
            ConsentLedger ledger = ledger();
            AccountId account = accountId();
            ConsentRecord granted = grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
            ConsentRecord withdrawn = withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1));
            ledger.append(granted);
            ledger.append(withdrawn);
            String ofAccount = " WHERE account_id = '" + account + "'";

            for (String sql : List.of(
                    "DELETE FROM consent_records" + ofAccount,
                    "UPDATE consent_records SET decision = 'REFUSED'" + ofAccount,
                    "UPDATE consent_records SET recorded_at = recorded_at + INTERVAL '1 hour'" + ofAccount,
                    "UPDATE consent_records SET account_id = '" + accountId() + "'" + ofAccount,
                    "UPDATE consent_records SET order_id = NULL, language = NULL" + ofAccount,
                    "UPDATE consent_records SET tombstone = TRUE" + ofAccount,
                    "UPDATE consent_records SET tombstone = TRUE, order_id = NULL, language = NULL, policy_version = '2099-01'"
                            + ofAccount)) {
                assertThatThrownBy(() -> PG.run(() -> PG.ctx().execute(sql)))
                        .as(sql)
                        .isInstanceOf(DataAccessException.class)
                        .hasMessageContaining("append-only");
            }
            assertThat(ledger.ofAccount(account)).containsExactly(granted, withdrawn);

            assertThat(ledger.reduceToTombstones(account)).isEqualTo(2);
            assertThat(ledger.tombstonesOf(account)).containsExactly(granted.tombstone(), withdrawn.tombstone());

            for (String sql : List.of(
                    "DELETE FROM consent_records" + ofAccount,
                    "UPDATE consent_records SET tombstone = FALSE, language = 'en'" + ofAccount,
                    "UPDATE consent_records SET tombstone = TRUE" + ofAccount)) {
                assertThatThrownBy(() -> PG.run(() -> PG.ctx().execute(sql)))
                        .as("a tombstone is final: " + sql)
                        .isInstanceOf(DataAccessException.class)
                        .hasMessageContaining("append-only");
            }
            assertThat(ledger.tombstonesOf(account)).containsExactly(granted.tombstone(), withdrawn.tombstone());
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends ConsentLedgerContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected ConsentLedger ledger() {
            return new SqlConsentLedger(db);
        }

        @Test
        void a_refused_duplicate_leaves_the_callers_transaction_usable() {
            ConsentLedger ledger = ledger();
            AccountId account = accountId();
            ConsentRecord original = grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0));
            ConsentRecord next = withdrawal(account, ConsentPurpose.BIOMETRIC_PROCESSING, minutes(1));
            ledger.append(original);

            db.run(() -> {
                assertThatThrownBy(() -> ledger.append(original)).isInstanceOf(IllegalStateException.class);
                ledger.append(next);
            });

            assertThat(ledger.ofAccount(account)).containsExactly(original, next);
        }

        @Test
        void appends_rolled_back_with_the_callers_transaction_leave_nothing() {
            ConsentLedger ledger = ledger();
            AccountId account = accountId();

            assertThatThrownBy(() -> db.run(() -> {
                        ledger.append(grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0)));
                        throw new IllegalStateException("the use case failed after appending");
                    }))
                    .hasMessageContaining("the use case failed");

            assertThat(ledger.ofAccount(account)).isEmpty();
        }

        @Test
        void the_schema_refuses_a_tombstone_that_keeps_its_order_link_or_language() {
            ConsentLedger ledger = ledger();
            AccountId account = accountId();
            ledger.append(grant(account, orderId(), ConsentPurpose.BIOMETRIC_PROCESSING, minutes(0)));

            assertThatThrownBy(() -> db.run(() -> db.ctx()
                            .update(CONSENT_RECORDS)
                            .set(CONSENT_RECORDS.TOMBSTONE, true)
                            .where(CONSENT_RECORDS.ACCOUNT_ID.eq(account.value()))
                            .execute()))
                    .isInstanceOf(DataAccessException.class);

            assertThat(ledger.ofAccount(account)).hasSize(1);
            assertThat(ledger.tombstonesOf(account)).isEmpty();
        }

        @Test
        void an_unknown_purpose_is_a_clear_violation() {
            AccountId account = accountId();
            insertRaw(account, "MARKETING", "GRANTED", "CHECKBOX_AT_CHECKOUT");

            assertThatThrownBy(() -> ledger().ofAccount(account))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("consent_records.purpose")
                    .hasMessageContaining("MARKETING");
        }

        @Test
        void an_unknown_method_is_a_clear_violation_in_a_tombstone_too() {
            AccountId account = accountId();
            insertRaw(account, "VENDOR_DISCLOSURE", "GRANTED", "CARRIER_PIGEON");
            ledger().reduceToTombstones(account);

            assertThatThrownBy(() -> ledger().tombstonesOf(account))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("consent_records.method")
                    .hasMessageContaining("CARRIER_PIGEON");
        }

        /** A live row as a newer version of Kaptura (or a hand edit) might have written it. */
        private void insertRaw(AccountId account, String purpose, String decision, String method) {
            db.run(() -> db.ctx()
                    .insertInto(CONSENT_RECORDS)
                    .set(CONSENT_RECORDS.ID, uuid())
                    .set(CONSENT_RECORDS.ACCOUNT_ID, account.value())
                    .set(CONSENT_RECORDS.ORDER_ID, uuid())
                    .set(CONSENT_RECORDS.PURPOSE, purpose)
                    .set(CONSENT_RECORDS.DECISION, decision)
                    .set(CONSENT_RECORDS.POLICY_VERSION, "2026-01")
                    .set(CONSENT_RECORDS.NOTICE_HASH, "a".repeat(64))
                    .set(CONSENT_RECORDS.METHOD, method)
                    .set(CONSENT_RECORDS.LANGUAGE, "en")
                    .set(CONSENT_RECORDS.RECORDED_AT, minutes(0))
                    .set(CONSENT_RECORDS.TOMBSTONE, false)
                    .execute());
        }
    }
}
