package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.retention.Location;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.ProcessorObligations;
import ai.kaptura.ports.out.contract.ProcessorObligationsContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.contract.VendorFixtures.Customer;
import ai.kaptura.ports.out.fake.FakeHeadshotGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rights contract for Astria, against the local, stateful Astria stub. Kaptura never sends Astria an
 * address (R37, {@link AstriaPrivacyTest}), so "the processor holds the address" is nothing the adapter does:
 * the hook changes nothing. What Astria holds is per order — a model trained on the order's selfies — and the
 * tests below train real models at the stub and erase them.
 */
@Tag("R26")
@Tag("R27")
class AstriaObligationsContractTest extends ProcessorObligationsContract {

    /** An hour after the fixtures' orders were trained (the stub's clock stands at {@link VendorFixtures#NOW}). */
    private static final Instant LATER = VendorFixtures.NOW.plus(Duration.ofHours(1));

    @RegisterExtension
    final FreshAstria fresh = new FreshAstria();

    private final Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    private StubbedAstria astria;
    private HeadshotGenerator generator;

    @Override
    protected ProcessorObligations obligations() {
        astria = fresh.replace();
        generator = astria.checkpointGenerator();
        return AstriaAdapter.obligations(generator);
    }

    @Override
    protected void processorHolds(ProcessorObligations adapter, AccountId account, EmailAddress email) {
        // Nothing to do: the adapter never gives Astria an address or an account id (R37).
    }

    @Test
    void it_answers_for_the_processor_registry_entry_of_astria() {
        assertThat(obligations().processorName())
                .isEqualTo(AstriaAdapter.PROCESSOR_NAME)
                .isEqualTo(AstriaAdapter.processor("DPA", Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .name());
    }

    @Test
    @Tag("R14")
    @Tag("R2")
    void erasure_deletes_the_model_of_every_order_and_answers_erased_with_astrias_404_as_evidence_per_model() {
        ProcessorObligations obligations = obligations();
        Customer second = ada.anotherOrder().paid();
        Order first = trained(ada);
        Order other = trained(second);
        astria.stub.finishTraining(first.model().orElseThrow().ref().value());

        LocationOutcome outcome = obligations.erase(ada.id(), List.of(first, other), LATER);

        List<String> models = List.of(
                first.model().orElseThrow().ref().value(),
                other.model().orElseThrow().ref().value());
        assertThat(outcome).isInstanceOfSatisfying(LocationOutcome.Erased.class, erased -> {
            assertThat(erased.at()).isEqualTo(LATER);
            assertThat(erased.evidence()).extracting(DeletionEvidence::subject).containsExactlyElementsOf(models);
            for (DeletionEvidence evidence : erased.evidence()) {
                assertThat(evidence.category()).isEqualTo(DataCategory.VENDOR_MODEL);
                assertThat(evidence.where()).isEqualTo(Location.processor("astria"));
                assertThat(evidence.reason()).isEqualTo(DeletionReason.ACCOUNT_ERASED);
                assertThat(evidence.rule()).isEqualTo(Rule.R27);
                assertThat(evidence.at()).isEqualTo(LATER);
                assertThat(evidence.confirmation()).contains("GET /tunes/" + evidence.subject() + " answered 404");
                assertThat(evidence.answer())
                        .as("what Astria answered, and for how many objects")
                        .hasValueSatisfying(answer -> {
                            assertThat(answer.response())
                                    .contains("GET /tunes/" + evidence.subject() + " answered 404");
                            assertThat(answer.objectCount()).isGreaterThanOrEqualTo(1);
                        });
            }
        });
        for (String model : models) {
            assertThat(astria.stub.tune(model)).as("tune %s at Astria", model).isEmpty();
            assertThat(astria.stub.promptsOfModel(model)).isEmpty();
        }
        assertThat(astria.count("DELETE", "/tunes/\\d+")).isEqualTo(2);
        assertThat(outcome.toString())
                .doesNotContain(ada.email().value())
                .doesNotContain(ada.id().toString());
        VendorFixtures.assertCarriesNothingPersonal(astria.everythingSent(), ada);
    }

    @Test
    @Tag("R14")
    void a_model_whose_deletion_was_confirmed_before_is_confirmed_gone_again_and_counts_as_erased() {
        ProcessorObligations obligations = obligations();
        Order order = trained(ada);
        ModelRef model = order.model().orElseThrow().ref();
        generator.requestDeletion(model);
        assertThat(generator.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);

        LocationOutcome outcome = obligations.erase(ada.id(), List.of(order), LATER.plus(Duration.ofDays(2)));

        assertThat(outcome).isInstanceOfSatisfying(LocationOutcome.Erased.class, erased -> {
            assertThat(erased.at()).isEqualTo(LATER.plus(Duration.ofDays(2)));
            assertThat(erased.evidence()).singleElement().satisfies(evidence -> {
                assertThat(evidence.subject()).isEqualTo(model.value());
                assertThat(evidence.confirmation()).contains("already gone").contains("answered 404");
            });
        });
    }

    @Test
    @Tag("R14")
    void a_model_astria_still_has_after_deletion_makes_erasure_throw_so_the_job_retries() {
        ProcessorObligations obligations = obligations();
        Order order = trained(ada);
        String model = order.model().orElseThrow().ref().value();
        astria.stub.keepDespiteDeletion(model);

        assertThatThrownBy(() -> obligations.erase(ada.id(), List.of(order), LATER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Astria still holds 1 of the account's 1 model")
                .hasMessageContaining("model " + model)
                .hasMessageNotContaining(ada.email().value())
                .hasMessageNotContaining(ada.id().toString());
        assertThat(astria.stub.tune(model)).isPresent();
        assertThat(astria.count("DELETE", "/tunes/" + model)).isEqualTo(1);
    }

    @Test
    void an_astria_that_cannot_be_reached_makes_erasure_throw_rather_than_answer() {
        ProcessorObligations obligations = obligations();
        Order order = trained(ada);
        String model = order.model().orElseThrow().ref().value();
        astria.stub.failNext("DELETE", "/tunes/" + model, 503, 10);

        assertThatThrownBy(() -> obligations.erase(ada.id(), List.of(order), LATER))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("delete the tune")
                .hasMessageNotContaining(AstriaStub.API_KEY);
        assertThat(astria.stub.tune(model)).isPresent();
    }

    @Test
    void an_account_whose_orders_never_had_a_model_has_nothing_held_at_astria_and_astria_is_not_asked() {
        ProcessorObligations obligations = obligations();
        Customer grace = VendorFixtures.draftCustomer("grace.hopper@example.net");
        Customer paid = grace.anotherOrder().paid();

        LocationOutcome outcome = obligations.erase(grace.id(), List.of(grace.order(), paid.order()), LATER);

        assertThat(outcome).isInstanceOfSatisfying(LocationOutcome.NothingHeld.class, nothing -> {
            assertThat(nothing.at()).isEqualTo(LATER);
            assertThat(nothing.confirmation()).contains("No order of the account ever had a model trained at Astria");
        });
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void a_model_reference_astria_never_issued_is_not_astrias_and_is_not_asked_about() {
        ProcessorObligations obligations = obligations();
        Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        Order sandboxModel =
                grace.order().trainingStarted(new ModelRef("sandbox-model-1"), LATER.minus(Duration.ofMinutes(5)));

        LocationOutcome outcome = obligations.erase(grace.id(), List.of(sandboxModel), LATER);

        assertThat(outcome).isInstanceOf(LocationOutcome.NothingHeld.class);
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void rectification_has_no_address_to_pass_on_says_why_and_asks_astria_nothing() {
        ProcessorObligations obligations = obligations();

        String done =
                obligations.rectifyEmail(new AccountId(UUID.randomUUID()), EmailAddress.of("new.address@example.org"));

        assertThat(done).contains("never sends Astria an email address").doesNotContain("@");
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void obligations_need_the_astria_generator_itself() {
        HeadshotGenerator other = new FakeHeadshotGenerator("a secret", () -> LATER);

        assertThatThrownBy(() -> AstriaAdapter.obligations(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AstriaAdapter.generator");
        assertThatThrownBy(() -> AstriaAdapter.obligations(null)).isInstanceOf(NullPointerException.class);
    }

    /** The customer's order after a real training request at the stub, as the application records it. */
    private Order trained(Customer who) {
        ModelRef model = generator.train(Selfies.training(who, Selfies.jpegs(8)));
        return who.order().trainingStarted(model, VendorFixtures.NOW);
    }
}
