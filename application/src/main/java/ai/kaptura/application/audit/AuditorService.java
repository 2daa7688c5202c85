package ai.kaptura.application.audit;

import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.policy.PolicyVersion;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.AuditorReports;
import ai.kaptura.ports.out.AuditLog;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.DeletionRecords;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.PrivacyRequests;
import ai.kaptura.ports.out.Processors;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an auditor reads: the rule catalogue, the audit log and its verification against the signed checkpoints (R46,
 * R50), the record of processing generated from the registry and the retention policy (R35), the retention schedule
 * (R12), the request log with deadlines (R20) and the proof of each consent (R5, R6).
 */
public record AuditorService(
        AuditLog log,
        Processors processors,
        Collection<String> configuredProcessors,
        PrivacyRequests requests,
        ConsentLedger ledger,
        DeletionRecords deletions,
        PolicyVersions policies,
        InstantSource clock,
        Settings settings,
        AuditAnchoring anchoring,
        String ruleIndex)
        implements AuditorReports {

    /** Entries read per page while verifying, so a long log never sits in memory whole. */
    static final int PAGE = 1_000;

    public AuditorService {
        configuredProcessors = List.copyOf(configuredProcessors);
    }

    @Override
    public List<Rule> rules() {
        return Arrays.asList(Rule.values());
    }

    @Override
    public List<AuditEntry> auditEntries(long fromSequence, int limit) {
        return log.read(fromSequence, limit);
    }

    @Override
    public AuditChain.Verification verifyChain() {
        return anchoring.verify(this::pages);
    }

    @Override
    public Bundled bundle(java.io.OutputStream out) {
        AuditBundleWriter.Written written = AuditBundleWriter.write(
                out,
                new AuditBundleWriter.Parts(
                        pages(),
                        anchoring.checkpoints(),
                        anchoring.publicKey(),
                        ruleIndex,
                        recordOfProcessing(),
                        retentionSchedule(),
                        allRequests(),
                        settings.calendar(),
                        ledger.counts(),
                        deletions.counts(),
                        clock.instant()));
        return new Bundled(written.entries(), written.checkpoints(), written.requests());
    }

    /** Every request, newest first, read page by page. */
    private Iterator<ai.kaptura.domain.privacy.PrivacyRequest> allRequests() {
        return new Iterator<>() {
            private List<ai.kaptura.domain.privacy.PrivacyRequest> page = requests.all(0, PAGE);
            private int index;
            private int offset;

            @Override
            public boolean hasNext() {
                if (index < page.size()) {
                    return true;
                }
                if (page.size() < PAGE) {
                    return false;
                }
                offset += PAGE;
                page = requests.all(offset, PAGE);
                index = 0;
                return !page.isEmpty();
            }

            @Override
            public ai.kaptura.domain.privacy.PrivacyRequest next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(index++);
            }
        };
    }

    /** Every entry of the log from the first, read page by page (for an auditor's offline copy). */
    public Iterator<AuditEntry> everyEntry() {
        return pages();
    }

    private Iterator<AuditEntry> pages() {
        return new Iterator<>() {
            private List<AuditEntry> page = log.read(1, PAGE);
            private int index;
            private long next = 1;

            @Override
            public boolean hasNext() {
                if (index < page.size()) {
                    return true;
                }
                if (page.size() < PAGE) {
                    return false;
                }
                page = log.read(next, PAGE);
                index = 0;
                return !page.isEmpty();
            }

            @Override
            public AuditEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                AuditEntry entry = page.get(index++);
                next = entry.sequence() + 1;
                return entry;
            }
        };
    }

    @Override
    public Anchors anchors(int limit) {
        List<AuditCheckpoint.Signed> all = anchoring.checkpoints();
        return new Anchors(
                anchoring.publicKey().getEncoded(),
                all.subList(Math.max(0, all.size() - Math.max(0, limit)), all.size()),
                all.size());
    }

    @Override
    public RecordOfProcessing recordOfProcessing() {
        return RecordOfProcessing.generate(
                settings.controller(),
                processors.registry(),
                settings.retention(),
                configuredProcessors,
                clock.instant());
    }

    @Override
    public RetentionSchedule retentionSchedule() {
        return settings.retention().schedule();
    }

    @Override
    public List<RequestLine> requestLog(int offset, int limit) {
        return requests.all(offset, limit).stream()
                .map(r -> new RequestLine(r, r.dueOn(), r.isOverdue(clock.instant(), settings.calendar())))
                .toList();
    }

    @Override
    public ConsentProof consentProof(AccountId account) {
        List<ConsentRecord> records = ledger.ofAccount(account);
        List<ConsentTombstone> tombstones = ledger.tombstonesOf(account);
        Set<NoticeVersion> referenced =
                records.stream().map(ConsentRecord::policyVersion).collect(Collectors.toSet());
        tombstones.forEach(t -> referenced.add(t.policyVersion()));
        PolicyHistory history = policies.history();
        List<PolicyVersion> versions = history.versions().stream()
                .filter(v -> referenced.contains(v.version()))
                .toList();
        return new ConsentProof(account, records, tombstones, versions);
    }
}
