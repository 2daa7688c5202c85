package ai.kaptura.adapter.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry's factories: Stripe's registry entry (R33) and settings refused with the variable's name, never the secret. */
class StripeAdapterTest {

    private static final Clock CLOCK = Clock.fixed(VendorFixtures.NOW, ZoneOffset.UTC);

    @Test
    @Tag("R33")
    void stripes_registry_entry_is_complete_with_a_dpa_and_names_the_gateways_processor() {
        Processor stripe = StripeAdapter.processor(
                " dpa/stripe-2026-01.pdf ", Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA));
        PaymentGateway gateway =
                StripeAdapter.gateway(StripeStub.SECRET_KEY, StripeEvents.WEBHOOK_SECRET, Optional.empty(), CLOCK);

        assertThat(stripe.isComplete()).as("missing %s", stripe.missing()).isTrue();
        assertThat(stripe.name())
                .isEqualTo("stripe")
                .isEqualTo(gateway.processorName().orElseThrow())
                .isEqualTo(StripeAdapter.obligations().processorName());
        assertThat(stripe.legalName()).isEqualTo("Stripe Payments Europe, Ltd.");
        assertThat(stripe.country()).isEqualTo("IE");
        assertThat(stripe.transfer()).contains(TransferMechanism.NONE_NEEDED_WITHIN_EEA);
        assertThat(stripe.categories()).containsExactlyInAnyOrder(DataCategory.ORDER, DataCategory.PAYMENT_RECORD);
        assertThat(stripe.dpaReference()).isEqualTo("dpa/stripe-2026-01.pdf");
        assertThat(stripe.purpose()).containsIgnoringCase("payment").containsIgnoringCase("refund");
    }

    @Test
    @Tag("R33")
    void stripe_may_receive_order_and_payment_data_but_nothing_biometric_or_the_account() {
        ProcessorRegistry registry = new ProcessorRegistry(List.of(
                StripeAdapter.processor("dpa/stripe.pdf", Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA))));

        assertThat(registry.checkTransfer("stripe", DataCategory.ORDER)).isEmpty();
        assertThat(registry.checkTransfer("stripe", DataCategory.PAYMENT_RECORD))
                .isEmpty();
        for (DataCategory category :
                EnumSet.complementOf(EnumSet.of(DataCategory.ORDER, DataCategory.PAYMENT_RECORD))) {
            assertThat(registry.checkTransfer("stripe", category))
                    .as("%s", category)
                    .map(Rejection::reason)
                    .contains(Rejection.Reason.PROCESSOR_NOT_REGISTERED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    @Tag("R33")
    void without_a_dpa_reference_the_entry_is_incomplete_and_says_so(String dpa) {
        Processor stripe = StripeAdapter.processor(dpa, Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA));

        assertThat(stripe.missing()).containsExactly("DPA reference");
        assertThat(StripeAdapter.processor(null, Optional.of(TransferMechanism.NONE_NEEDED_WITHIN_EEA))
                        .missing())
                .containsExactly("DPA reference");
        assertThat(new ProcessorRegistry(List.of(stripe)).problemsWith(List.of("stripe")))
                .singleElement()
                .asString()
                .contains("stripe")
                .contains("DPA reference");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "pk_test_51PublishableKey000",
                "whsec_notAnApiKey0000",
                "sk_test_with space",
                "SK_TEST_51UpperCase000"
            })
    void a_wrong_secret_key_is_refused_naming_the_variable_and_not_the_value(String key) {
        assertThatThrownBy(() -> StripeAdapter.gateway(key, StripeEvents.WEBHOOK_SECRET, Optional.empty(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STRIPE_SECRET_KEY")
                .satisfies(e -> {
                    if (!key.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(key);
                    }
                });
        assertThatThrownBy(() -> StripeAdapter.gateway(null, StripeEvents.WEBHOOK_SECRET, Optional.empty(), CLOCK))
                .hasMessageContaining("STRIPE_SECRET_KEY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sk_test_51TheApiKeyPastedByMistake", "whsec_", "whsec_two words"})
    void a_wrong_webhook_secret_is_refused_naming_the_variable_and_not_the_value(String secret) {
        assertThatThrownBy(() -> StripeAdapter.gateway(StripeStub.SECRET_KEY, secret, Optional.empty(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STRIPE_WEBHOOK_SECRET")
                .satisfies(e -> {
                    if (secret.length() > 6) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://stripe.example", "/v1", "http://127.0.0.1:1234/?x=1", "https://stub.example/#f"})
    void an_api_base_that_is_not_a_plain_http_url_is_refused(String base) {
        assertThatThrownBy(() -> StripeAdapter.gateway(
                        StripeStub.SECRET_KEY, StripeEvents.WEBHOOK_SECRET, Optional.of(URI.create(base)), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API base");
    }
}
