package ai.kaptura.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.ProcessorObligationsContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The rights contract for Stripe. Kaptura never sends Stripe an email ({@link StripeApiTest} proves it),
 * so "the processor holds the address" is nothing the adapter does: the hook changes nothing, and the
 * outcomes below follow from what reached Stripe — orders.
 */
class StripeObligationsContractTest extends ProcessorObligationsContract {

    @Override
    protected ProcessorObligations obligations() {
        return StripeAdapter.obligations();
    }

    @Override
    protected void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email) {
        // Nothing to do: the adapter never gives Stripe an address (R37).
    }

    @Test
    @Tag("R27")
    @Tag("R16")
    void payment_records_are_retained_on_the_legal_obligation_ground_until_the_end_of_the_tenth_year() {
        Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

        LocationOutcome outcome = obligations().erase(ada.id(), List.of(ada.order()), NOW);

        assertThat(outcome).isInstanceOfSatisfying(LocationOutcome.RetainedWithBasis.class, kept -> {
            assertThat(kept.whatIsKept()).contains("payments");
            assertThat(kept.ground()).isEqualTo(RetentionGround.LEGAL_OBLIGATION);
            assertThat(kept.ground().article()).isEqualTo("GDPR Art. 17(3)(b)");
            assertThat(kept.detail()).contains("§147 AO").contains("2015/849");
            assertThat(kept.lapsesOn()).isEqualTo(LocalDate.of(2036, 12, 31));
            assertThat(kept.at()).isEqualTo(NOW);
        });
        assertThat(outcome.toString())
                .doesNotContain(ada.email().value())
                .doesNotContain(ada.id().toString());
    }

    @Test
    @Tag("R27")
    void an_account_whose_orders_never_reached_stripe_has_nothing_held_there() {
        Customer grace = VendorFixtures.draftCustomer("grace.hopper@example.net");

        LocationOutcome outcome = obligations().erase(grace.id(), List.of(grace.order()), NOW.plus(Duration.ofDays(1)));

        assertThat(outcome).isInstanceOf(LocationOutcome.NothingHeld.class);
        assertThat(outcome.at()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    }

    @Test
    @Tag("R26")
    void rectification_has_no_address_to_pass_on_and_says_why() {
        String done = obligations()
                .rectifyEmail(new AccountId(java.util.UUID.randomUUID()), EmailAddress.of("new@example.org"));

        assertThat(done).contains("never sends Stripe an email").doesNotContain("@");
    }
}
