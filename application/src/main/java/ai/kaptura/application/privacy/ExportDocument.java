package ai.kaptura.application.privacy;

import ai.kaptura.application.common.Json;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AgeAttestation;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.audit.AuditEntry;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.StatusChange;
import ai.kaptura.domain.privacy.AccessReport;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export's {@code data.json} (format {@value #FORMAT}): everything held about the person, as JSON (R29), with the
 * Art. 15 information of the {@link AccessReport} (R25). The states of selfies ({@code stored}, {@code sent_to_vendor},
 * {@code pending_deletion}, {@code deleted}) and of vendor models ({@code requested}, {@code trained},
 * {@code deletion_requested}, {@code deletion_confirmed}) are words of this format, never the names of the Java types that
 * model them, so a refactoring cannot change what a person's export says.
 */
@Implements({Rule.R25, Rule.R29})
final class ExportDocument {

    static final String FORMAT = "kaptura-export-v1";

    private ExportDocument() {}

    static String json(
            Account account,
            List<Order> orders,
            List<ConsentRecord> consents,
            List<PrivacyRequest> requests,
            AccessReport report,
            List<AuditEntry> auditEntries) {
        return Json.write(object(
                "format", FORMAT,
                "generatedAt", report.generatedAt(),
                "account",
                        object(
                                "id",
                                account.id(),
                                "email",
                                account.email().map(EmailAddress::value),
                                "status",
                                account.status(),
                                "createdAt",
                                account.createdAt(),
                                "lastInteractionAt",
                                account.lastInteractionAt(),
                                "ageAttestations",
                                account.attestations().stream()
                                        .map(ExportDocument::attestation)
                                        .toList()),
                "orders", orders.stream().map(ExportDocument::order).toList(),
                "consents", consents.stream().map(ExportDocument::consent).toList(),
                "privacyRequests",
                        requests.stream()
                                .map(r -> Map.of(
                                        "id",
                                        r.id(),
                                        "kind",
                                        r.kind(),
                                        "status",
                                        r.status(),
                                        "receivedAt",
                                        r.receivedAt(),
                                        "dueOn",
                                        r.dueOn()))
                                .toList(),
                "auditEntries",
                        auditEntries.stream().map(ExportDocument::auditEntry).toList(),
                "information", information(report)));
    }

    /** One audit entry about the person, as the log holds it: pseudonymous ids, the rule, the details and the hash. */
    private static Map<String, Object> auditEntry(AuditEntry entry) {
        return object(
                "sequence", entry.sequence(),
                "at", entry.event().at(),
                "actor", entry.event().actor().kind(),
                "action", entry.event().action(),
                "subject",
                        entry.event().subject().type() + ":"
                                + entry.event().subject().id(),
                "rule", entry.event().rule().id(),
                "details", entry.event().details(),
                "hash", entry.hash().hex());
    }

    /** The state of a selfie as the export names it. */
    private static String state(Selfie selfie) {
        return switch (selfie) {
            case Selfie.Stored s -> "stored";
            case Selfie.SentToVendor s -> "sent_to_vendor";
            case Selfie.PendingDeletion s -> "pending_deletion";
            case Selfie.Deleted s -> "deleted";
        };
    }

    /** The state of a vendor model as the export names it. */
    private static String state(VendorModel model) {
        return switch (model) {
            case VendorModel.Requested m -> "requested";
            case VendorModel.Trained m -> "trained";
            case VendorModel.DeletionRequested m -> "deletion_requested";
            case VendorModel.DeletionConfirmed m -> "deletion_confirmed";
        };
    }

    private static Map<String, Object> information(AccessReport report) {
        return object(
                "purposes",
                        report.purposes().stream()
                                .map(p -> Map.of("purpose", p.purpose(), "lawfulBasis", p.lawfulBasis()))
                                .toList(),
                "categories",
                        report.categories().stream()
                                .map(DataCategory::label)
                                .sorted()
                                .toList(),
                "recipients",
                        report.recipients().stream()
                                .map(r -> Map.of(
                                        "name",
                                        r.name(),
                                        "country",
                                        r.country(),
                                        "transferBasis",
                                        r.transferBasis(),
                                        "purpose",
                                        r.purpose()))
                                .toList(),
                "retention",
                        report.retention().stream()
                                .map(e -> Map.of("category", e.label(), "rules", e.lines()))
                                .toList(),
                "rights", report.rights(),
                "complaints", report.complaintRoute().describe(),
                "automatedDecisions", report.automatedDecisions(),
                "source", report.source());
    }

    private static Map<String, Object> attestation(AgeAttestation a) {
        return Map.of("textVersion", a.textVersion(), "where", a.where(), "at", a.at());
    }

    private static Map<String, Object> order(Order o) {
        return object(
                "id",
                o.id(),
                "plan",
                o.plan(),
                "styles",
                o.styles(),
                "price",
                o.price(),
                "status",
                o.status(),
                "history",
                o.history().stream()
                        .map((StatusChange c) -> Map.of("status", c.status(), "at", c.at(), "why", c.why()))
                        .toList(),
                "selfies",
                o.selfies().stream()
                        .map(s -> Map.of("id", s.id(), "state", state(s), "uploadedAt", s.uploadedAt()))
                        .toList(),
                "vendorModel",
                o.model().map(v -> Map.of("state", state(v), "deletionDeadline", v.deletionDeadline())),
                "headshots",
                o.headshots().stream()
                        .map(h -> Map.of(
                                "id",
                                h.id(),
                                "style",
                                h.style(),
                                "sha256",
                                h.sha256(),
                                "aiGenerated",
                                h.marker().digitalSourceType(),
                                "assetId",
                                h.marker().assetUrn()))
                        .toList(),
                "paymentReference",
                o.payment());
    }

    private static Map<String, Object> consent(ConsentRecord r) {
        return object(
                "id",
                r.id(),
                "order",
                r.order(),
                "purpose",
                r.purpose(),
                "decision",
                r.decision(),
                "policyVersion",
                r.policyVersion(),
                "noticeSha256",
                r.noticeHash(),
                "method",
                r.method(),
                "language",
                r.language(),
                "recordedAt",
                r.recordedAt());
    }

    /** A JSON object of these keys and values, in this order (a {@link Map#of} has none). */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
