package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the adapter does when Astria misbehaves the ways its API overview warns about: 5xx and 429 are retried
 * with backoff and then fail clearly, 422 is never retried, a read that times out is retried, and a creation
 * that was never confirmed (504, or no answer) is looked up instead of being submitted a second time.
 */
class AstriaFaultsTest {

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    // ---- retries ----------------------------------------------------------------------------------

    @Test
    void a_server_error_is_retried_and_the_call_succeeds() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = astria.trained(generator, ada);
        astria.stub.failNext("GET", "/tunes/\\d+", 500, 1);

        assertTheModelIsReportedTrainedOnTheSecondRead(generator, model);
    }

    @Test
    @Tag("R17")
    void a_creation_answered500_is_retried_with_the_body_built_once_so_no_selfie_is_read_twice() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        Selfies selfies = Selfies.jpegs(8);
        astria.stub.failNext("POST", "/tunes", 500, 1);

        ModelRef model = generator.train(Selfies.training(ada, selfies));

        assertThat(astria.count("POST", "/tunes")).isEqualTo(2);
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.stub.tune(model.value()).orElseThrow().images).isEqualTo(8);
        assertThat(selfies.eachOpenedAndClosedOnce()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {500, 502, 503, 429})
    void a_vendor_that_keeps_failing_is_given_up_on_clearly_after_the_configured_attempts(int status) {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));
        astria.stub.failNext("GET", "/tunes/\\d+", status, 100);

        assertThatThrownBy(() -> generator.status(ada.orderId(), model))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read the tune")
                .hasMessageContaining("after 3 attempts")
                .hasMessageContaining(Integer.toString(status))
                .hasMessageNotContaining(AstriaStub.API_KEY);
        assertThat(astria.count("GET", "/tunes/\\d+")).isEqualTo(3);
    }

    @Test
    void a_validation_error_is_never_retried_and_says_so() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        Selfies selfies = Selfies.jpegs(8);
        astria.stub.failNext("POST", "/tunes", 422, 1);

        assertThatThrownBy(() -> generator.train(Selfies.training(ada, selfies)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create the tune")
                .hasMessageContaining("422")
                .hasMessageContaining("not retried")
                .hasMessageNotContaining(AstriaStub.API_KEY);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
        assertThat(astria.stub.tunesCreated()).isZero();
        assertThat(selfies.eachOpenedAndClosedOnce()).isTrue();
    }

    @Test
    void a_validation_error_on_a_prompt_names_the_fields_but_not_what_was_sent() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = astria.trained(generator, ada);
        astria.stub.failNext("POST", "/tunes/\\d+/prompts", 422, 1);

        assertThatThrownBy(() -> generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create a prompt")
                .hasMessageContaining("422");
        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isEqualTo(1);
    }

    @Test
    void a_read_that_times_out_is_retried() {
        HeadshotGenerator generator = astria.generator("", "", "", "fast", Duration.ofMillis(400), 3);
        ModelRef model = astria.trained(generator, ada);
        astria.stub.delayNext("GET", "/tunes/\\d+", 2_000, 1);

        assertTheModelIsReportedTrainedOnTheSecondRead(generator, model);
    }

    @Test
    void a_read_answered504_is_retried() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));
        astria.stub.failNext("GET", "/tunes/\\d+", 504, 1);

        assertThat(generator.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);
        assertThat(astria.count("GET", "/tunes/\\d+")).isEqualTo(2);
    }

    @Test
    void a_vendor_that_cannot_be_reached_fails_clearly_naming_the_step() {
        HeadshotGenerator unreachable = astria.publicGenerator(
                URI.create("http://127.0.0.1:1"),
                StubbedAstria.CALLBACK_SECRET,
                java.time.Duration.ofMillis(500),
                astria.objects);

        assertThatThrownBy(() -> unreachable.verifyDeletion(new ModelRef("7001")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check that the tune is gone")
                .hasMessageContaining("after 2 attempts")
                .hasMessageNotContaining(AstriaStub.API_KEY);
    }

    // ---- creations that went unanswered --------------------------------------------------------------

    @Test
    void a_tune_creation_answered504_is_looked_up_not_resubmitted() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        Selfies selfies = Selfies.jpegs(8);
        astria.stub.processThenAnswer("POST", "/tunes", 504, 1);

        ModelRef model = generator.train(Selfies.training(ada, selfies));

        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
        assertThat(astria.count("GET", "/tunes")).isPositive();
        assertThat(astria.stub.tune(model.value())).isPresent();
        assertThat(selfies.eachOpenedAndClosedOnce()).isTrue();
        assertThat(generator.train(Selfies.training(ada, Selfies.jpegs(8)))).isEqualTo(model);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
    }

    @Test
    void a_tune_creation_whose_answer_never_comes_is_looked_up_not_resubmitted() {
        HeadshotGenerator generator = astria.generator("", "", "", "fast", Duration.ofMillis(400), 3);
        Selfies selfies = Selfies.jpegs(8);
        astria.stub.delayNext("POST", "/tunes", 2_000, 1);

        ModelRef model = generator.train(Selfies.training(ada, selfies));

        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
        assertThat(astria.stub.tune(model.value())).isPresent();
        assertThat(selfies.eachOpenedAndClosedOnce()).isTrue();
    }

    @Test
    void an_unconfirmed_creation_that_did_not_happen_fails_clearly_and_is_looked_up_again_before_the_next_submission() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        astria.stub.failNext("POST", "/tunes", 504, 1);

        assertThatThrownBy(() -> generator.train(Selfies.training(ada, Selfies.jpegs(8))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("504")
                .hasMessageContaining("Nothing was resubmitted");
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
        assertThat(astria.count("GET", "/tunes")).isEqualTo(3);
        assertThat(astria.stub.tunesCreated()).isZero();

        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThat(astria.count("GET", "/tunes")).isEqualTo(4);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(2);
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.stub.tune(model.value())).isPresent();
    }

    @Test
    void the_look_up_pages_through_the_accounts_tunes() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        for (int i = 0; i < AstriaStub.PAGE + 5; i++) {
            VendorFixtures.Customer other = VendorFixtures.paidCustomer("other" + i + "@example.net");
            generator.train(Selfies.training(other, Selfies.jpegs(1)));
        }
        HeadshotGenerator restarted = astria.checkpointGenerator();
        VendorFixtures.Customer first = VendorFixtures.paidCustomer("first@example.net");
        astria.stub.processThenAnswer("POST", "/tunes", 504, 1);

        ModelRef model = restarted.train(Selfies.training(first, Selfies.jpegs(1)));

        assertThat(astria.stub.tune(model.value())).isPresent();
        assertThat(astria.stub.tunesCreated()).isEqualTo(AstriaStub.PAGE + 6);
    }

    @Test
    void a_prompt_creation_answered504_is_looked_up_not_resubmitted() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = astria.trained(generator, ada);
        astria.stub.processThenAnswer("POST", "/tunes/\\d+/prompts", 504, 1);

        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);

        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isEqualTo(1);
        assertThat(astria.stub.promptsOfModel(model.value())).hasSize(1);
    }

    // ---- selfies ---------------------------------------------------------------------------------------

    @Test
    @Tag("R17")
    void a_selfie_that_cannot_be_read_stops_the_training_before_anything_is_sent() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        AtomicInteger closed = new AtomicInteger();
        List<HeadshotGenerator.Selfie> selfies = new ArrayList<>(Selfies.jpegs(2).list);
        selfies.add(new HeadshotGenerator.Selfie("broken.jpg", () -> new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the vault could not decrypt segment 3 of selfie/some-account/some-photo");
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }));

        assertThatThrownBy(() -> generator.train(new HeadshotGenerator.Training(
                        ada.orderId(), ada.vendorTraining(), selfies, "person", "train:" + ada.orderId())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Reading selfie 3 failed; nothing was sent to Astria")
                .hasMessageNotContaining("some-account")
                .hasNoCause();
        assertThat(closed).hasValue(1);
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    @Tag("R17")
    void a_supplier_that_fails_to_open_is_a_clear_error_too() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        List<HeadshotGenerator.Selfie> selfies = List.of(
                new HeadshotGenerator.Selfie(
                        "a.jpg", () -> new ByteArrayInputStream(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1})),
                new HeadshotGenerator.Selfie("b.jpg", () -> {
                    throw new UncheckedIOException(new IOException("gone"));
                }));

        assertThatThrownBy(() -> generator.train(
                        new HeadshotGenerator.Training(ada.orderId(), ada.vendorTraining(), selfies, "person", "k")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Reading selfie 2 failed");
        assertThat(astria.requests()).isEmpty();
    }

    /** The status reports the model trained, Astria's tune having been read twice: the disturbed read and its retry. */
    private void assertTheModelIsReportedTrainedOnTheSecondRead(HeadshotGenerator generator, ModelRef model) {
        List<GeneratorEvent> events = generator.status(ada.orderId(), model);

        assertThat(events).hasAtLeastOneElementOfType(GeneratorEvent.ModelTrained.class);
        assertThat(astria.count("GET", "/tunes/\\d+")).isEqualTo(2);
    }
}
