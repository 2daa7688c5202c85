package ai.kaptura.domain.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** No personal data to a processor without a complete registry entry; rectification and erasure reach every holder: R33, R26 (R27). */
class ProcessorRegistryTest {

    /** Configured, registered, but its entry lacks the legal name, a country code and a transfer mechanism. */
    private static final Processor MAILER = new Processor(
            "mailer",
            " ",
            "Sending newsletters",
            EnumSet.of(DataCategory.ACCOUNT),
            "USA",
            Optional.empty(),
            "dpa/mailer.pdf");

    /** A processor inside the EEA that holds account data, with every field filled in; {@code country} as given. */
    private static Processor accountHolderInEea(String name, String country) {
        return new Processor(
                name,
                name + " GmbH",
                "Support tickets",
                EnumSet.of(DataCategory.ACCOUNT),
                country,
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                "dpa/" + name + ".pdf");
    }

    private final ProcessorRegistry registry =
            new ProcessorRegistry(List.of(Fixtures.ASTRIA, Fixtures.STRIPE, Fixtures.POSTMARK, MAILER));

    @Test
    @Tag("R33")
    void a_configured_processor_without_an_entry_or_with_an_incomplete_one_is_reported() {
        List<String> problems = registry.problemsWith(List.of("astria", "mailer", "ghost-cdn"));

        assertThat(problems)
                .containsExactly(
                        "Processor 'mailer' lacks legal name, country (ISO 3166 code), transfer mechanism",
                        "Processor 'ghost-cdn' is configured but has no registry entry");
    }

    @Test
    @Tag("R33")
    void complete_entries_for_every_configured_processor_let_startup_go_on() {
        assertThat(registry.problemsWith(List.of("astria", "stripe", "postmark")))
                .isEmpty();
        assertThat(registry.problemsWith(List.of())).isEmpty();
    }

    @Test
    @Tag("R33")
    void an_entry_names_each_missing_field() {
        Processor empty = new Processor("blank", "", "", Set.of(), "", Optional.empty(), "");

        assertThat(empty.isComplete()).isFalse();
        assertThat(empty.missing())
                .containsExactly(
                        "legal name",
                        "purpose",
                        "data categories",
                        "country (ISO 3166 code)",
                        "transfer mechanism",
                        "DPA reference");
        assertThat(Fixtures.ASTRIA.missing()).isEmpty();
        assertThat(accountHolderInEea("lower", "de").missing()).containsExactly("country (ISO 3166 code)");
    }

    @Test
    @Tag("R33")
    void no_transfer_to_an_unregistered_processor() {
        assertRefusedAsUnregistered("ghost-cdn", DataCategory.SELFIE, "ghost-cdn", "not in the registry");
    }

    @Test
    @Tag("R33")
    void no_transfer_to_a_processor_with_an_incomplete_entry() {
        assertRefusedAsUnregistered("mailer", DataCategory.ACCOUNT, "incomplete", "transfer mechanism");
    }

    @Test
    @Tag("R33")
    @Tag("R17")
    void no_transfer_of_a_category_the_entry_does_not_list() {
        assertThat(registry.checkTransfer("astria", DataCategory.SELFIE)).isEmpty();
        assertThat(registry.checkTransfer("astria", DataCategory.ACCOUNT))
                .map(Rejection::reason)
                .contains(Rejection.Reason.PROCESSOR_NOT_REGISTERED);
        // selfies go to the AI vendor only: no other processor is registered for them
        for (String other : List.of("stripe", "postmark")) {
            assertThat(registry.checkTransfer(other, DataCategory.SELFIE))
                    .map(Rejection::reason)
                    .contains(Rejection.Reason.PROCESSOR_NOT_REGISTERED);
        }
    }

    @Test
    @Tag("R33")
    void a_processor_cannot_be_registered_twice() {
        assertThatThrownBy(() -> new ProcessorRegistry(List.of(Fixtures.ASTRIA, Fixtures.ASTRIA)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    @Tag("R26")
    void rectification_reaches_every_configured_processor_holding_the_datum() {
        Processor crm = accountHolderInEea("crm", "DE");
        ProcessorRegistry withCrm =
                new ProcessorRegistry(List.of(Fixtures.ASTRIA, Fixtures.STRIPE, Fixtures.POSTMARK, crm));

        assertThat(withCrm.holding(DataCategory.ACCOUNT, List.of("astria", "stripe", "postmark", "crm")))
                .extracting(Processor::name)
                .containsExactly("postmark", "crm");
        assertThat(withCrm.holding(DataCategory.ACCOUNT, List.of("astria", "crm")))
                .extracting(Processor::name)
                .containsExactly("crm");
    }

    @Test
    @Tag("R27")
    void erasure_reaches_every_configured_processor() {
        assertThat(Fixtures.registry().erasureLocations(List.of("astria", "postmark")))
                .containsExactly(Location.processor("astria"), Location.processor("postmark"));
    }

    /** A transfer of {@code category} to {@code processor} is refused as unregistered, saying each of {@code said}. */
    private void assertRefusedAsUnregistered(String processor, DataCategory category, String... said) {
        assertThat(registry.checkTransfer(processor, category)).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(Rejection.Reason.PROCESSOR_NOT_REGISTERED);
            assertThat(r.detail()).contains(said);
        });
    }
}
