package ai.kaptura.adapter.email;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.util.List;

/** What the mail providers' rights tests check of every erasure: a statement of what stays, naming nobody. */
final class ErasureOutcomes {

    private ErasureOutcomes() {}

    /**
     * Erases {@code customer} at {@link VendorFixtures#NOW} and answers the outcome, checked to be a statement of what
     * the provider keeps, made at that moment, that names neither the address (nor its local part) nor the account.
     */
    static LocationOutcome.RetainedWithBasis retainedAfterErasing(ProcessorObligations obligations, Customer customer) {
        LocationOutcome outcome = obligations.erase(customer.id(), List.of(customer.order()), VendorFixtures.NOW);
        String address = customer.email().value();
        assertThat(outcome.toString())
                .doesNotContain(address)
                .doesNotContain(address.substring(0, address.indexOf('@')))
                .doesNotContain(customer.id().toString());
        assertThat(outcome).isInstanceOf(LocationOutcome.RetainedWithBasis.class);
        LocationOutcome.RetainedWithBasis kept = (LocationOutcome.RetainedWithBasis) outcome;
        assertThat(kept.at()).isEqualTo(VendorFixtures.NOW);
        return kept;
    }
}
