package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
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

    /**
     * The signed checkpoints of the chain's head, kept outside the database, with the key that verifies them (R50):
     * what an auditor needs to check the chain without trusting the database.
     *
     * @param publicKey   the audit key's public half, X.509-encoded (Ed25519)
     * @param checkpoints the newest {@code limit} checkpoints, oldest first
     * @param kept        how many checkpoints are kept in all
     */
    record Anchors(byte[] publicKey, List<AuditCheckpoint.Signed> checkpoints, int kept) {
        public Anchors {
            publicKey = publicKey.clone();
            checkpoints = List.copyOf(checkpoints);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }
    }

    /** The newest {@code limit} signed checkpoints and the key that verifies them (R50). */
    Anchors anchors(int limit);

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

    /** What a bundle holds: its audit entries, signed checkpoints and privacy requests. */
    record Bundled(long entries, int checkpoints, int requests) {}

    /**
     * Writes the auditor's offline bundle, a ZIP, to {@code out} (R50): the audit log with its signed checkpoints and
     * public key, the rule catalogue with where each rule is kept and tested, the record of processing, the retention
     * schedule, the request log, and the consent and deletion-evidence counts. {@code out} is left open.
     */
    Bundled bundle(java.io.OutputStream out);
}
