package ai.kaptura.adapter.http;

import ai.kaptura.domain.audit.AuditChain;
import ai.kaptura.domain.audit.AuditCheckpoint;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.consent.ConsentTombstone;
import ai.kaptura.domain.processor.RecordOfProcessing;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.in.AuditorReports;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the auditor's API answers: the rule catalogue, the audit log and its chain's verification, the record of
 * processing, the request log and the consent proof, built from the domain's own values with nothing decided here.
 */
final class AuditorViews {

    private AuditorViews() {}

    static Map<String, Object> rule(Rule rule) {
        return Views.ordered("id", rule.id(), "title", rule.title(), "source", rule.source());
    }

    static Map<String, Object> auditEntry(AuditEntry entry) {
        return Views.ordered(
                "sequence",
                entry.sequence(),
                "at",
                entry.event().at().toString(),
                "actor",
                Views.ordered(
                        "kind",
                        Views.name(entry.event().actor().kind()),
                        "id",
                        entry.event().actor().id()),
                "action",
                Views.name(entry.event().action()),
                "subject",
                Views.ordered(
                        "type",
                        entry.event().subject().type(),
                        "id",
                        entry.event().subject().id()),
                "rule",
                entry.event().rule().id(),
                "details",
                entry.event().details(),
                "previousHash",
                entry.previousHash().hex(),
                "hash",
                entry.hash().hex());
    }

    static Map<String, Object> verification(AuditChain.Verification verification) {
        return switch (verification) {
            case AuditChain.Verification.Intact intact ->
                Views.ordered(
                        "intact",
                        true,
                        "entries",
                        intact.entries(),
                        "head",
                        intact.head().hex());
            case AuditChain.Verification.Broken broken ->
                Views.ordered("intact", false, "brokenAt", broken.sequence(), "reason", broken.reason());
        };
    }

    /** The audit key and the newest signed checkpoints, each also in its one-line text form (R50). */
    static Map<String, Object> anchors(AuditorReports.Anchors anchors) {
        return Views.ordered(
                "algorithm",
                AuditCheckpoint.ALGORITHM,
                "publicKey",
                Base64.getEncoder().encodeToString(anchors.publicKey()),
                "kept",
                anchors.kept(),
                "checkpoints",
                anchors.checkpoints().stream()
                        .map(c -> Views.ordered(
                                "sequence",
                                c.checkpoint().sequence(),
                                "head",
                                c.checkpoint().head().hex(),
                                "at",
                                c.checkpoint().at().toString(),
                                "signature",
                                Base64.getEncoder().encodeToString(c.signature()),
                                "text",
                                c.toText()))
                        .toList());
    }

    static Map<String, Object> recordOfProcessing(RecordOfProcessing ropa) {
        return Views.ordered(
                "controller",
                Views.ordered(
                        "name",
                        ropa.controller().name(),
                        "contact",
                        ropa.controller().contact()),
                "generatedAt",
                ropa.generatedAt().toString(),
                "entries",
                ropa.entries().stream()
                        .map(e -> Views.ordered(
                                "activity",
                                Views.name(e.activity()),
                                "purpose",
                                e.purpose(),
                                "lawfulBasis",
                                e.lawfulBasis(),
                                "dataSubjects",
                                e.dataSubjects(),
                                "categories",
                                e.categories().stream()
                                        .map(DataCategory::name)
                                        .sorted()
                                        .map(c -> c.toLowerCase(Locale.ROOT))
                                        .toList(),
                                "recipients",
                                e.recipients().stream()
                                        .map(r -> Views.ordered(
                                                "name",
                                                r.name(),
                                                "legalName",
                                                r.legalName(),
                                                "country",
                                                r.country(),
                                                "transferBasis",
                                                r.transferBasis(),
                                                "dpaReference",
                                                r.dpaReference()))
                                        .toList(),
                                "retention",
                                e.retention()))
                        .toList(),
                "securityMeasures",
                ropa.securityMeasures(),
                "text",
                ropa.asText());
    }

    static Map<String, Object> requestLine(AuditorReports.RequestLine line) {
        Map<String, Object> body = Views.request(line.request());
        body.put("account", line.request().account().toString());
        body.put("dueOn", line.dueOn().toString());
        body.put("overdue", line.overdue());
        return body;
    }

    static Map<String, Object> consentProof(AuditorReports.ConsentProof proof) {
        return Views.ordered(
                "account",
                proof.account().toString(),
                "records",
                proof.records().stream().map(AuditorViews::consent).toList(),
                "tombstones",
                proof.tombstones().stream().map(AuditorViews::tombstone).toList(),
                "versions",
                proof.versions().stream().map(Views::policyVersion).toList());
    }

    private static Map<String, Object> consent(ConsentRecord r) {
        return Views.ordered(
                "id",
                r.id().value().toString(),
                "order",
                r.order().map(Object::toString).orElse(null),
                "purpose",
                Views.name(r.purpose()),
                "decision",
                Views.name(r.decision()),
                "policyVersion",
                r.policyVersion().value(),
                "noticeSha256",
                r.noticeHash().hex(),
                "method",
                Views.name(r.method()),
                "language",
                r.language().tag(),
                "recordedAt",
                r.recordedAt().toString());
    }

    private static Map<String, Object> tombstone(ConsentTombstone t) {
        return Views.ordered(
                "id",
                t.id().value().toString(),
                "purpose",
                Views.name(t.purpose()),
                "decision",
                Views.name(t.decision()),
                "policyVersion",
                t.policyVersion().value(),
                "noticeSha256",
                t.noticeHash().hex(),
                "method",
                Views.name(t.method()),
                "recordedAt",
                t.recordedAt().toString());
    }
}
