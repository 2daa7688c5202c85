package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Rule;
import java.time.LocalDate;
import java.util.List;

/** What a compliance auditor can read and export. */
public interface AuditorReports {

    List<Rule> rules();

    List<AuditEntry> auditEntries(long fromSequence, int limit);

    AuditChain.Verification verifyChain();

    RecordOfProcessing recordOfProcessing();

    RetentionSchedule retentionSchedule();

    /** A request with its deadline and whether it was (or is being) answered late. */
    record RequestLine(PrivacyRequest request, LocalDate dueOn, boolean overdue) {}

    List<RequestLine> requestLog(int offset, int limit);

    /**
     * Every consent record of an account (or, once it is erased, the tombstones left of them) with the
     * exact policy versions, and so the texts, they refer to (R5, R6).
     */
    record ConsentProof(
            AccountId account,
            List<ConsentRecord> records,
            List<ConsentTombstone> tombstones,
            List<PolicyVersion> versions) {
        public ConsentProof {
            records = List.copyOf(records);
            tombstones = List.copyOf(tombstones);
            versions = List.copyOf(versions);
        }
    }

    ConsentProof consentProof(AccountId account);
}
