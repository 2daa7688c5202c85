package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.AUDIT_HEAD;
import static ai.kaptura.adapter.persistence.schema.Tables.AUDIT_LOG;
import static ai.kaptura.ports.out.contract.ContractFixtures.auditEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.audit.AuditEvent;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.contract.AuditLogContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlAuditLogTest {

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
    }

    /** The details column's text form, which must take apart whatever the texts hold. */
    @Nested
    class DetailsText {

        @Test
        void details_are_written_as_length_prefixed_keys_and_values_in_order() {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("n", "12");
            details.put("note", "a:b");

            assertThat(SqlAuditLog.Details.encode(details)).isEqualTo("1:n2:124:note3:a:b");
            assertThat(SqlAuditLog.Details.encode(Map.of())).isEmpty();
        }

        @Test
        void awkward_texts_come_back_exactly_and_in_order() {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("zeta", "");
            details.put("colons", "3:abc:");
            details.put("digits", "12345678901234567890");
            details.put("emoji", "😀 ✓ – «Schritt» 生体");
            details.put("alpha", "1:");

            String text = SqlAuditLog.Details.encode(details);

            assertThat(SqlAuditLog.Details.decode(text, 1)).containsExactlyEntriesOf(details);
            assertThat(SqlAuditLog.Details.decode("", 1)).isEmpty();
        }

        @Test
        void malformed_text_is_a_clear_violation_naming_the_entry() {
            for (String malformed : new String[] {"x", "1:n", "1:n9:ab", ":n1:a", "1:n1:a1:n1:b", "-1:n1:a", "1:n1"}) {
                assertThatThrownBy(() -> SqlAuditLog.Details.decode(malformed, 42))
                        .as(malformed)
                        .isInstanceOf(DomainViolation.class)
                        .hasMessageContaining("audit_log.details of entry 42");
            }
        }
    }

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends AuditLogContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected AuditLog auditLog() {
            return new SqlAuditLog(db);
        }

        @Test
        void an_append_rolled_back_with_the_callers_transaction_leaves_no_gap() {
            AuditLog log = auditLog();
            AuditEntry first = log.append(auditEvent(1));

            assertThatThrownBy(() -> db.run(() -> {
                        log.append(auditEvent(2));
                        log.append(auditEvent(3));
                        throw new IllegalStateException("the use case failed after auditing");
                    }))
                    .hasMessageContaining("the use case failed");

            assertThat(log.head()).contains(first);
            AuditEntry second = log.append(auditEvent(4));
            assertThat(second.sequence()).isEqualTo(2);
            assertThat(AuditChain.verify(log.read(1, 10)).isIntact()).isTrue();
        }

        @Test
        void appends_in_one_transaction_chain_to_each_other() {
            AuditLog log = auditLog();

            db.run(() -> {
                log.append(auditEvent(1));
                log.append(auditEvent(2));
                assertThat(log.head().orElseThrow().sequence()).isEqualTo(2);
            });

            assertThat(AuditChain.verify(log.read(1, 10)))
                    .isEqualTo(new AuditChain.Verification.Intact(
                            2, log.head().orElseThrow().hash()));
        }

        @Test
        void an_entry_edited_in_the_database_is_caught_by_verification() {
            AuditLog log = auditLog();
            for (int n = 1; n <= 5; n++) {
                log.append(auditEvent(n));
            }

            asAdministrator(() -> db.ctx()
                    .update(AUDIT_LOG)
                    .set(AUDIT_LOG.SUBJECT_ID, "someone-else")
                    .where(AUDIT_LOG.SEQUENCE.eq(3L))
                    .execute());

            assertThat(AuditChain.verify(log.read(1, 10)))
                    .isEqualTo(new AuditChain.Verification.Broken(3, "its content does not match its hash"));
        }

        @Test
        void a_head_row_edited_by_hand_breaks_the_chain_where_verification_finds_it() {
            AuditLog log = auditLog();
            log.append(auditEvent(1));
            log.append(auditEvent(2));
            db.run(() -> db.ctx()
                    .update(AUDIT_HEAD)
                    .set(AUDIT_HEAD.HASH, "1".repeat(64))
                    .execute());

            log.append(auditEvent(3));

            assertThat(AuditChain.verify(log.read(1, 10)))
                    .isEqualTo(
                            new AuditChain.Verification.Broken(3, "does not point at the hash of the entry before it"));
        }

        @Test
        void details_too_long_for_the_column_are_refused_and_nothing_is_appended() {
            AuditLog log = auditLog();
            AuditEntry first = log.append(auditEvent(1));
            AuditEvent wordy = auditEvent(2);
            for (int i = 0; i < 45; i++) {
                wordy = wordy.with("detail_" + i, "x".repeat(200));
            }
            AuditEvent tooWordy = wordy;

            assertThatThrownBy(() -> log.append(tooWordy))
                    .isInstanceOf(InvalidInput.class)
                    .hasMessageContaining("audit_log.details");

            assertThat(log.head()).contains(first);
            assertThat(log.read(1, 10)).containsExactly(first);
        }

        @Test
        void an_unknown_action_is_a_clear_violation() {
            AuditLog log = auditLog();
            log.append(auditEvent(1));
            asAdministrator(() -> db.ctx()
                    .update(AUDIT_LOG)
                    .set(AUDIT_LOG.ACTION, "SELFIE_SOLD")
                    .execute());

            assertThatThrownBy(() -> log.read(1, 10))
                    .isInstanceOf(DomainViolation.class)
                    .hasMessageContaining("audit_log.action")
                    .hasMessageContaining("SELFIE_SOLD");
        }

        @Test
        void the_pruning_opens_the_append_only_log_for_its_own_rows_only_and_closes_it_again() {
            AuditLog log = auditLog();
            for (int n = 1; n <= 5; n++) {
                log.append(auditEvent(n));
            }

            db.run(() -> assertThat(log.pruneThrough(2)).isEqualTo(2));
            if (db.isPostgres()) {
                assertThatThrownBy(() -> db.run(() -> {
                            log.pruneThrough(3);
                            db.ctx()
                                    .deleteFrom(AUDIT_LOG)
                                    .where(AUDIT_LOG.SEQUENCE.eq(4L))
                                    .execute();
                        }))
                        .as("after the pruning, in its own transaction, a plain delete is refused again")
                        .hasMessageContaining("append-only");
            }

            assertThat(log.read(1, 10)).extracting(AuditEntry::sequence).containsExactly(3L, 4L, 5L);
        }

        /**
         * Edits the log by hand as a database administrator could: on PostgreSQL, with the append-only trigger (V101)
         * switched off for the transaction, as only such an administrator can.
         */
        void asAdministrator(Runnable edit) {
            db.run(() -> {
                if (db.isPostgres()) {
                    db.ctx().execute("SET LOCAL session_replication_role = replica");
                }
                edit.run();
            });
        }
    }
}
