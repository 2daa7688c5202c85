package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.incompleteProcessor;
import static ai.kaptura.ports.out.contract.ContractFixtures.processor;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.Processors;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Processors} store must do: keep each registry entry exactly (incomplete ones
 * too), one per name, a new registration replacing the old.
 *
 * <p>{@link #processors()} is called at the start of each test (after every {@code @BeforeEach}) and
 * must answer an empty store.
 */
public abstract class ProcessorsContract {

    /** A fresh, empty registry. */
    protected abstract Processors processors();

    @Test
    void the_registry_is_empty_at_first() {
        Processors processors = processors();

        assertThat(processors.registry().processors()).isEmpty();
    }

    @Test
    void registered_entries_survive_a_round_trip_exactly() {
        Processors processors = processors();
        Processor astria = processor("astria");
        Processor stripe = new Processor(
                "stripe",
                "Stripe Payments Europe, Ltd.",
                "Takes payments and refunds them",
                EnumSet.of(DataCategory.ORDER, DataCategory.PAYMENT_RECORD),
                "IE",
                Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA),
                "dpa/stripe.pdf");
        Processor incomplete = incompleteProcessor("postmark");

        processors.register(astria);
        processors.register(stripe);
        processors.register(incomplete);

        assertThat(processors.registry().processors()).containsExactlyInAnyOrder(astria, stripe, incomplete);
        assertThat(processors.registry().find("postmark")).contains(incomplete);
        assertThat(processors.registry().find("postmark").orElseThrow().isComplete())
                .isFalse();
        assertThat(processors.registry().find("stripe").orElseThrow().categories())
                .containsExactlyInAnyOrder(DataCategory.ORDER, DataCategory.PAYMENT_RECORD);
    }

    @Test
    void registering_a_name_again_replaces_its_entry() {
        Processors processors = processors();
        Processor draft = incompleteProcessor("astria");
        Processor other = processor("stripe");
        processors.register(draft);
        processors.register(other);

        Processor complete = processor("astria");
        processors.register(complete);

        assertThat(processors.registry().processors()).containsExactlyInAnyOrder(complete, other);
        assertThat(processors.registry().find("astria")).contains(complete);
    }

    @Test
    void an_entry_can_lose_categories_and_its_transfer_basis() {
        Processors processors = processors();
        processors.register(processor("astria"));

        Processor narrowed = new Processor(
                "astria",
                "Astria Inc.",
                "Generates headshots",
                EnumSet.of(DataCategory.HEADSHOT),
                "US",
                Optional.empty(),
                "dpa/astria-2026-02.pdf");
        processors.register(narrowed);

        assertThat(processors.registry().find("astria")).contains(narrowed);
        assertThat(processors.registry().find("astria").orElseThrow().categories())
                .containsExactly(DataCategory.HEADSHOT);
        assertThat(processors.registry().find("astria").orElseThrow().transfer())
                .isEmpty();
    }
}
