package ai.kaptura.domain.privacy;

import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.processor.ProcessingActivity;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything GDPR Art. 15 says an access answer holds besides the copy of the data itself: purposes,
 * categories, every recipient by name and country with its transfer basis, retention per category,
 * the rights, the complaint route, the source and the absence of automated decisions (R25). Composed
 * from the registry and the retention policy, never written by hand.
 */
@Implements(Rule.R25)
public record AccessReport(
        Instant generatedAt,
        List<Purpose> purposes,
        Set<DataCategory> categories,
        List<Recipient> recipients,
        List<RetentionSchedule.Entry> retention,
        List<String> rights,
        ComplaintRoute complaintRoute,
        String automatedDecisions,
        String source) {

    public record Purpose(String purpose, String lawfulBasis) {}

    public record Recipient(String name, String country, String transferBasis, String purpose) {}

    public AccessReport {
        Objects.requireNonNull(generatedAt, "generated at");
        purposes = List.copyOf(purposes);
        categories = Set.copyOf(categories);
        recipients = List.copyOf(recipients);
        retention = List.copyOf(retention);
        rights = List.copyOf(rights);
        Objects.requireNonNull(complaintRoute, "complaint route");
        if (purposes.isEmpty() || rights.isEmpty() || automatedDecisions.isBlank() || source.isBlank()) {
            throw new DomainViolation("An access report states purposes, rights, source and automated decisions (R25)");
        }
    }

    /**
     * The categories of data held about a person with these orders and consent records: always their account, sessions,
     * audit entries and privacy requests; orders if they have any; selfies while one is live (stored or sent to the
     * vendor, not yet due for deletion); the vendor model while one is not confirmed deleted; headshots, consent records
     * and payment records if there are any (R25).
     */
    public static Set<DataCategory> held(Collection<Order> orders, Collection<ConsentRecord> consents) {
        Set<DataCategory> held = EnumSet.of(
                DataCategory.ACCOUNT, DataCategory.SESSION, DataCategory.AUDIT_ENTRY, DataCategory.PRIVACY_REQUEST);
        if (!orders.isEmpty()) {
            held.add(DataCategory.ORDER);
        }
        if (orders.stream().anyMatch(o -> !o.liveSelfies().isEmpty())) {
            held.add(DataCategory.SELFIE);
        }
        if (orders.stream()
                .anyMatch(o -> o.model().isPresent() && !o.model().get().isDeletionConfirmed())) {
            held.add(DataCategory.VENDOR_MODEL);
        }
        if (orders.stream().anyMatch(o -> !o.headshots().isEmpty())) {
            held.add(DataCategory.HEADSHOT);
        }
        if (!consents.isEmpty()) {
            held.add(DataCategory.CONSENT_RECORD);
        }
        if (orders.stream().anyMatch(o -> o.payment().isPresent())) {
            held.add(DataCategory.PAYMENT_RECORD);
        }
        return held;
    }

    /**
     * Data of anyone who visits the site, kept by the visitor's browser id and never linked to an account: the report
     * cannot tell whether this person's is among it, so the recipients of these categories (Google Analytics, for visitors
     * who accepted analytics cookies) are named to every person (R25, Art. 15(1)(c): recipients the data "have been or
     * will be disclosed" to).
     */
    public static final Set<DataCategory> VISITOR_CATEGORIES = Set.of(DataCategory.COOKIE_CHOICE);

    /** The report for a person whose data falls in {@code held}. */
    public static AccessReport compose(
            Set<DataCategory> held,
            ProcessorRegistry registry,
            Collection<String> configured,
            RetentionPolicy retention,
            ComplaintRoute complaintRoute,
            Instant now) {
        List<Purpose> purposes = Arrays.stream(ProcessingActivity.values())
                .filter(a -> a.categories().stream().anyMatch(held::contains))
                .map(a -> new Purpose(a.purpose(), a.lawfulBasis()))
                .toList();
        List<Recipient> recipients = registry.processors().stream()
                .filter(p -> configured.contains(p.name()) && p.isComplete())
                .filter(p -> p.categories().stream().anyMatch(c -> held.contains(c) || VISITOR_CATEGORIES.contains(c)))
                .map(p -> new Recipient(
                        p.legalName(), p.country(), p.transfer().orElseThrow().description(), p.purpose()))
                .toList();
        List<RetentionSchedule.Entry> schedule = retention.schedule().entries().stream()
                .filter(e -> held.contains(e.category()))
                .toList();
        return new AccessReport(
                now,
                purposes,
                held,
                recipients,
                schedule,
                Rights.STATEMENTS,
                complaintRoute,
                Rights.AUTOMATED_DECISIONS,
                Rights.SOURCE);
    }
}
