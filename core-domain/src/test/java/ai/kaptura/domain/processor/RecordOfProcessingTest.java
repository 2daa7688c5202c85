package ai.kaptura.domain.processor;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.RetentionPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The record of processing activities is generated from registry, retention policy and configuration: R35. */
class RecordOfProcessingTest {

    private static final Controller CONTROLLER = new Controller("Kaptura Demo GmbH", "privacy@kaptura.example");

    private final RetentionPolicy retention = RetentionPolicy.standard(Duration.ZERO);
    private final RecordOfProcessing record =
            RecordOfProcessing.generate(CONTROLLER, Fixtures.registry(), retention, List.of("astria", "stripe"), NOW);

    private RecordOfProcessing.Entry entry(ProcessingActivity activity) {
        return record.entries().stream()
                .filter(e -> e.activity() == activity)
                .findFirst()
                .orElseThrow();
    }

    @Test
    @Tag("R35")
    void every_activity_has_an_entry_and_every_data_category_is_covered_by_some_activity() {
        assertThat(record.entries())
                .extracting(RecordOfProcessing.Entry::activity)
                .containsExactly(ProcessingActivity.values());
        assertThat(ProcessingActivity.coveredCategories()).isEqualTo(EnumSet.allOf(DataCategory.class));
        assertThat(record.entries().stream()
                        .flatMap(e -> e.categories().stream())
                        .distinct())
                .containsExactlyInAnyOrder(DataCategory.values());
    }

    @Test
    @Tag("R35")
    void only_configured_processors_are_listed_as_recipients() {
        assertThat(entry(ProcessingActivity.HEADSHOT_PRODUCTION).recipients())
                .extracting(RecordOfProcessing.Recipient::name)
                .containsExactlyInAnyOrder("astria", "stripe");
        assertThat(entry(ProcessingActivity.PAYMENT).recipients())
                .extracting(RecordOfProcessing.Recipient::name)
                .containsExactly("stripe");
        // Postmark is registered for account data but not configured here
        assertThat(entry(ProcessingActivity.TRANSACTIONAL_EMAIL).recipients()).isEmpty();
        assertThat(record.entries())
                .flatExtracting(RecordOfProcessing.Entry::recipients)
                .extracting(RecordOfProcessing.Recipient::name)
                .doesNotContain("postmark");
        assertThat(record.asText())
                .doesNotContain("ActiveCampaign")
                .contains(
                        "Astria AI Inc. (astria), US, transfer: "
                                + "the European Commission's standard contractual clauses (Art. 46(2)(c)), DPA: dpa/astria-2026-01.pdf");
    }

    @Test
    @Tag("R35")
    void configuring_another_processor_changes_the_record() {
        RecordOfProcessing withMail = RecordOfProcessing.generate(
                CONTROLLER, Fixtures.registry(), retention, List.of("astria", "stripe", "postmark"), NOW);

        assertThat(withMail.entries().stream()
                        .filter(e -> e.activity() == ProcessingActivity.TRANSACTIONAL_EMAIL)
                        .findFirst()
                        .orElseThrow()
                        .recipients())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.legalName()).isEqualTo("ActiveCampaign, LLC");
                    assertThat(r.country()).isEqualTo("US");
                    assertThat(r.transferBasis())
                            .isEqualTo(TransferMechanism.EU_US_DATA_PRIVACY_FRAMEWORK.description());
                    assertThat(r.dpaReference()).isEqualTo("dpa/postmark-2025-09.pdf");
                });
    }

    @Test
    @Tag("R35")
    @Tag("R12")
    void retention_lines_come_from_the_retention_policy() {
        RecordOfProcessing.Entry production = entry(ProcessingActivity.HEADSHOT_PRODUCTION);

        assertThat(production.retention())
                .contains(
                        "Selfies you uploaded: Deleted at once after the headshots are delivered (R10)",
                        "Selfies you uploaded: Deleted at most 3 years after your last interaction (R11)");
        long expected = production.categories().stream()
                .mapToLong(c -> retention.rulesFor(c).size())
                .sum();
        assertThat(production.retention()).hasSize((int) expected);
        assertThat(record.entries()).allSatisfy(e -> assertThat(e.retention()).isNotEmpty());

        RecordOfProcessing withMargin = RecordOfProcessing.generate(
                CONTROLLER,
                Fixtures.registry(),
                RetentionPolicy.standard(Duration.ofHours(12)),
                List.of("astria", "stripe"),
                NOW);
        assertThat(withMargin.asText())
                .contains("Selfies you uploaded: Deleted at most 12 hours after the headshots are delivered (R10)");
    }

    @Test
    @Tag("R35")
    void the_record_names_controller_lawful_bases_and_security_measures() {
        String text = record.asText();

        assertThat(text).contains("Controller: Kaptura Demo GmbH <privacy@kaptura.example>");
        assertThat(text).contains("Generated: " + NOW);
        for (ProcessingActivity activity : ProcessingActivity.values()) {
            assertThat(text).contains("## " + activity.purpose()).contains("Lawful basis: " + activity.lawfulBasis());
        }
        assertThat(record.securityMeasures()).isEqualTo(RecordOfProcessing.SECURITY_MEASURES);
        assertThat(text).contains(RecordOfProcessing.SECURITY_MEASURES.getFirst());
    }
}
