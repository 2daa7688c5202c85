package ai.kaptura.domain.privacy;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.processor.ProcessingActivity;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.retention.RetentionSchedule;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The access answer's Art. 15 information, composed from the registry and the retention policy: R25 (and R22). */
class AccessReportTest {

    private static final ComplaintRoute ROUTE =
            new ComplaintRoute("the Irish Data Protection Commission", "https://www.dataprotection.ie");
    private static final Set<DataCategory> HELD =
            EnumSet.of(DataCategory.SELFIE, DataCategory.ACCOUNT, DataCategory.ORDER, DataCategory.CONSENT_RECORD);

    private final RetentionPolicy retention = RetentionPolicy.standard(Duration.ZERO);

    private AccessReport report(Set<DataCategory> held, List<String> configured) {
        return AccessReport.compose(held, Fixtures.registry(), configured, retention, ROUTE, NOW);
    }

    @Test
    @Tag("R25")
    void access_report_lists_purposes_with_their_lawful_basis_for_the_data_held() {
        AccessReport report = report(HELD, List.of("astria", "stripe", "postmark"));

        assertThat(report.purposes())
                .contains(
                        new AccessReport.Purpose(
                                ProcessingActivity.HEADSHOT_PRODUCTION.purpose(),
                                ProcessingActivity.HEADSHOT_PRODUCTION.lawfulBasis()),
                        new AccessReport.Purpose(
                                ProcessingActivity.ACCOUNT_AND_SIGN_IN.purpose(),
                                ProcessingActivity.ACCOUNT_AND_SIGN_IN.lawfulBasis()),
                        new AccessReport.Purpose(
                                ProcessingActivity.CONSENT_PROOF.purpose(),
                                ProcessingActivity.CONSENT_PROOF.lawfulBasis()));
        assertThat(report.purposes())
                .extracting(AccessReport.Purpose::purpose)
                .doesNotContain(
                        ProcessingActivity.COOKIE_CHOICES.purpose(), ProcessingActivity.PRIVACY_REQUESTS.purpose());
        assertThat(report.categories()).isEqualTo(HELD);
        assertThat(report.generatedAt()).isEqualTo(NOW);
    }

    @Test
    @Tag("R25")
    void access_report_names_every_configured_recipient_with_country_and_transfer_basis() {
        AccessReport report = report(HELD, List.of("astria", "stripe"));

        assertThat(report.recipients())
                .containsExactlyInAnyOrder(
                        new AccessReport.Recipient(
                                "Astria AI Inc.",
                                "US",
                                "the European Commission's standard contractual clauses (Art. 46(2)(c))",
                                Fixtures.ASTRIA.purpose()),
                        new AccessReport.Recipient(
                                "Stripe Payments Europe, Ltd.",
                                "IE",
                                "no transfer outside the EEA",
                                Fixtures.STRIPE.purpose()));
        // Postmark holds account data but is not configured on this installation
        assertThat(report.recipients()).extracting(AccessReport.Recipient::name).doesNotContain("ActiveCampaign, LLC");
    }

    @Test
    @Tag("R25")
    void access_report_leaves_out_a_processor_that_holds_none_of_the_persons_data() {
        AccessReport report = report(EnumSet.of(DataCategory.ACCOUNT), List.of("astria", "stripe", "postmark"));

        assertThat(report.recipients()).extracting(AccessReport.Recipient::name).containsExactly("ActiveCampaign, LLC");
    }

    @Test
    @Tag("R25")
    @Tag("R33")
    void a_configured_analytics_recipient_and_an_external_object_store_are_named_with_their_transfer_basis() {
        Processor analytics = new Processor(
                "google-analytics",
                "Google Ireland Limited",
                "Measuring site use for visitors who accepted analytics cookies",
                EnumSet.of(DataCategory.COOKIE_CHOICE),
                "US",
                Optional.of(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK),
                "DPA-GA");
        Processor store = new Processor(
                "object-store",
                "Objects Example GmbH",
                "Storing the encrypted photos",
                EnumSet.of(DataCategory.SELFIE, DataCategory.HEADSHOT),
                "DE",
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                "DPA-OBJ");
        ProcessorRegistry registry = new ProcessorRegistry(List.of(analytics, store));
        List<String> configured = List.of("google-analytics", "object-store");

        AccessReport withPhotos = AccessReport.compose(HELD, registry, configured, retention, ROUTE, NOW);
        AccessReport accountOnly =
                AccessReport.compose(EnumSet.of(DataCategory.ACCOUNT), registry, configured, retention, ROUTE, NOW);
        AccessReport notConfigured = AccessReport.compose(HELD, registry, List.of(), retention, ROUTE, NOW);

        assertThat(withPhotos.recipients())
                .containsExactlyInAnyOrder(
                        new AccessReport.Recipient(
                                "Google Ireland Limited",
                                "US",
                                TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK.description(),
                                analytics.purpose()),
                        new AccessReport.Recipient(
                                "Objects Example GmbH",
                                "DE",
                                TransferMechanism.NONE_NEEDED_WITHIN_EEA.description(),
                                store.purpose()));
        assertThat(accountOnly.recipients())
                .as("visitor data is not linked to the account, so its recipient is named to everyone")
                .extracting(AccessReport.Recipient::name)
                .containsExactly("Google Ireland Limited");
        assertThat(notConfigured.recipients()).isEmpty();
    }

    @Test
    @Tag("R25")
    void access_report_gives_retention_per_category_from_the_executed_policy() {
        AccessReport report = report(HELD, List.of("astria"));

        assertThat(report.retention())
                .extracting(RetentionSchedule.Entry::category)
                .containsExactlyInAnyOrderElementsOf(HELD);
        RetentionSchedule.Entry selfies = report.retention().stream()
                .filter(e -> e.category() == DataCategory.SELFIE)
                .findFirst()
                .orElseThrow();
        assertThat(selfies.lines())
                .isEqualTo(retention.schedule().entries().getFirst().lines());
    }

    @Test
    @Tag("R25")
    @Tag("R22")
    void access_report_states_rights_complaint_route_source_and_no_automated_decisions() {
        AccessReport report = report(HELD, List.of());

        assertThat(report.rights()).isEqualTo(Rights.STATEMENTS);
        assertThat(report.rights()).anySatisfy(r -> assertThat(r).contains("free of charge"));
        assertThat(report.rights()).anySatisfy(r -> assertThat(r).startsWith("Erasure"));
        assertThat(report.complaintRoute()).isEqualTo(ROUTE);
        assertThat(report.automatedDecisions()).contains("No decision based solely on automated processing");
        assertThat(report.source()).contains("comes from you");
        assertThat(report.recipients()).isEmpty();
    }

    @Test
    @Tag("R25")
    void the_categories_held_follow_what_the_persons_orders_and_consents_still_hold() {
        Fixtures f = new Fixtures();
        Set<DataCategory> always = EnumSet.of(
                DataCategory.ACCOUNT, DataCategory.SESSION, DataCategory.AUDIT_ENTRY, DataCategory.PRIVACY_REQUEST);
        assertThat(AccessReport.held(List.of(), List.of())).isEqualTo(always);

        Order draft = f.draft(8);
        assertThat(AccessReport.held(List.of(draft), List.of()))
                .containsExactlyInAnyOrderElementsOf(with(always, DataCategory.ORDER, DataCategory.SELFIE));

        Order delivered = f.delivered(draft, NOW, NOW.plusSeconds(600), NOW.plusSeconds(900))
                .markSelfiesForDeletion(DeletionReason.HEADSHOTS_DELIVERED, NOW.plusSeconds(900));
        assertThat(AccessReport.held(List.of(delivered), f.grantedAtCheckout(draft, NOW)))
                .as("selfies due for deletion are not counted; the model is, until its deletion is confirmed")
                .containsExactlyInAnyOrderElementsOf(with(
                        always,
                        DataCategory.ORDER,
                        DataCategory.VENDOR_MODEL,
                        DataCategory.HEADSHOT,
                        DataCategory.CONSENT_RECORD,
                        DataCategory.PAYMENT_RECORD));
    }

    @Test
    @Tag("R25")
    void an_access_report_without_purposes_or_rights_cannot_exist() {
        List<AccessReport.Purpose> onePurpose = List.of(new AccessReport.Purpose("p", "b"));
        assertThatThrownBy(() -> reportOf(List.of(), Rights.STATEMENTS, Rights.AUTOMATED_DECISIONS))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> reportOf(onePurpose, List.of(), Rights.AUTOMATED_DECISIONS))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> reportOf(onePurpose, Rights.STATEMENTS, " ")).isInstanceOf(DomainViolation.class);
    }

    /** {@code base} and {@code more} together. */
    private static Set<DataCategory> with(Set<DataCategory> base, DataCategory... more) {
        Set<DataCategory> all = EnumSet.copyOf(base);
        all.addAll(List.of(more));
        return all;
    }

    /** A report built directly, of {@link #HELD}, with the given purposes, rights and automated-decision text. */
    private static AccessReport reportOf(
            List<AccessReport.Purpose> purposes, List<String> rights, String automatedDecisions) {
        return new AccessReport(
                NOW, purposes, HELD, List.of(), List.of(), rights, ROUTE, automatedDecisions, Rights.SOURCE);
    }
}
