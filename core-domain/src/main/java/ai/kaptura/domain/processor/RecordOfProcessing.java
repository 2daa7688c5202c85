package ai.kaptura.domain.processor;

import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The record of processing activities (GDPR Art. 30), generated from the processor registry, the
 * retention policy and the processors actually configured, never written by hand (R35).
 */
@Implements(Rule.R35)
public record RecordOfProcessing(
        Controller controller, Instant generatedAt, List<Entry> entries, List<String> securityMeasures) {

    /** The technical and organisational measures Kaptura takes by construction (Art. 30(1)(g)). */
    public static final List<String> SECURITY_MEASURES = List.of(
            "Selfies and headshots encrypted at rest with AES-256-GCM under a per-account key, itself wrapped by a master key (R18)",
            "Erasure destroys the per-account key, so backups of encrypted photos become unreadable (R18)",
            "Every processing step appended to a SHA-256 hash-chained audit log of pseudonymous ids (R46)",
            "Selfie bytes readable only through a consent-checked permit, and only by the AI vendor adapter (R1, R17)",
            "Image metadata (EXIF, GPS, XMP, IPTC) stripped from uploads (R37)",
            "Sign-in by single-use email codes; session tokens stored hashed");

    public RecordOfProcessing {
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(generatedAt, "generated at");
        entries = List.copyOf(entries);
        securityMeasures = List.copyOf(securityMeasures);
    }

    /** One processing activity as Art. 30(1) asks for it. */
    public record Entry(
            ProcessingActivity activity,
            String purpose,
            String lawfulBasis,
            String dataSubjects,
            Set<DataCategory> categories,
            List<Recipient> recipients,
            List<String> retention) {
        public Entry {
            categories = Set.copyOf(categories);
            recipients = List.copyOf(recipients);
            retention = List.copyOf(retention);
        }
    }

    /** A processor receiving data of an activity, where it is and on which transfer basis. */
    public record Recipient(String name, String legalName, String country, String transferBasis, String dpaReference) {}

    public static RecordOfProcessing generate(
            Controller controller,
            ProcessorRegistry registry,
            RetentionPolicy retention,
            Collection<String> configuredProcessors,
            Instant now) {
        List<Entry> entries = Arrays.stream(ProcessingActivity.values())
                .map(activity -> {
                    List<Recipient> recipients = registry.processors().stream()
                            .filter(p -> configuredProcessors.contains(p.name()))
                            .filter(p -> p.categories().stream().anyMatch(activity.categories()::contains))
                            .map(p -> new Recipient(
                                    p.name(),
                                    p.legalName(),
                                    p.country(),
                                    p.transfer()
                                            .map(TransferMechanism::description)
                                            .orElse("MISSING"),
                                    p.dpaReference()))
                            .toList();
                    List<String> lines = activity.categories().stream()
                            .flatMap(c -> retention.rulesFor(c).stream().map(r -> c.label() + ": " + r.describe()))
                            .toList();
                    return new Entry(
                            activity,
                            activity.purpose(),
                            activity.lawfulBasis(),
                            "People who order headshots and visitors of the site",
                            activity.categories(),
                            recipients,
                            lines);
                })
                .toList();
        return new RecordOfProcessing(controller, now, entries, SECURITY_MEASURES);
    }

    public String asText() {
        StringBuilder text = new StringBuilder();
        text.append("Record of processing activities (GDPR Art. 30)\n")
                .append("Controller: ")
                .append(controller.name())
                .append(" <")
                .append(controller.contact())
                .append(">\n")
                .append("Generated: ")
                .append(generatedAt)
                .append("\n");
        for (Entry e : entries) {
            text.append("\n## ")
                    .append(e.purpose())
                    .append("\n")
                    .append("Lawful basis: ")
                    .append(e.lawfulBasis())
                    .append("\n")
                    .append("Data subjects: ")
                    .append(e.dataSubjects())
                    .append("\n")
                    .append("Categories: ")
                    .append(String.join(
                            ", ",
                            e.categories().stream()
                                    .map(DataCategory::label)
                                    .sorted()
                                    .toList()))
                    .append("\n")
                    .append("Recipients: ");
            if (e.recipients().isEmpty()) {
                text.append("none outside the controller\n");
            } else {
                text.append("\n");
                e.recipients()
                        .forEach(r -> text.append("  - ")
                                .append(r.legalName())
                                .append(" (")
                                .append(r.name())
                                .append("), ")
                                .append(r.country())
                                .append(", transfer: ")
                                .append(r.transferBasis())
                                .append(", DPA: ")
                                .append(r.dpaReference())
                                .append("\n"));
            }
            text.append("Retention:\n");
            e.retention().forEach(l -> text.append("  - ").append(l).append("\n"));
        }
        text.append("\nSecurity measures:\n");
        securityMeasures.forEach(m -> text.append("  - ").append(m).append("\n"));
        return text.toString();
    }
}
