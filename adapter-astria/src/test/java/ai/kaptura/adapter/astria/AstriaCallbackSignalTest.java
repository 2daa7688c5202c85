package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A callback is a signal, not a source of facts (issue 10): Astria does not sign its callbacks, so anyone who learns a
 * callback address can post any body to it. The adapter takes from a callback only what its signed address says —
 * which order, which training or which part of which style — and reads what happened through Astria's API with the
 * ids it recorded. A body that names another tune does not make it the order's model (R14: the model deleted later is
 * the one trained on the person's selfies); a body that names images — at loopback, at the cloud metadata address, at
 * a host that redirects — makes nothing fetch them.
 *
 * <p>The generators here fetch images under the test-only policy that allows plain http from loopback servers, so
 * that a fetch of a body's loopback address would be possible — and the counting servers prove it never happens.
 */
@Tag("R14")
@Tag("R15")
@Tag("R37")
class AstriaCallbackSignalTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final HeadshotGenerator generator = astria.checkpointGenerator();
    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    private final ObjectMapper json = new ObjectMapper();

    @RegisterExtension
    final LocalServers servers = new LocalServers();

    /** The tune's genuine callback body with {@code edit} applied to the tune object. */
    private byte[] tuneBody(ModelRef model, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tune = (ObjectNode) json.readTree(
                astria.stub.tuneJson(astria.stub.tune(model.value()).orElseThrow()));
        edit.accept(tune);
        return json.writeValueAsBytes(json.createObjectNode().set("tune", tune));
    }

    private String tuneToken(ModelRef model) {
        return StubbedAstria.tokenOf(astria.stub.tune(model.value()).orElseThrow().callback);
    }

    private static GeneratorEvent ok(Result<GeneratorEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<GeneratorEvent>) result).value();
    }

    private static void assertRefused(Result<GeneratorEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        assertThat(((Result.Refused<GeneratorEvent>) result).why().reason()).isEqualTo(reason);
    }

    // ---- the model ------------------------------------------------------------------------------

    @Test
    void a_tune_callback_whose_body_names_another_tune_decodes_to_the_tune_this_kaptura_created() throws IOException {
        ModelRef adas = astria.trained(generator, ada);
        ModelRef graces = astria.trained(generator, VendorFixtures.paidCustomer("grace.hopper@example.net"));
        astria.server.resetRequests();

        for (String foreign : List.of(graces.value(), "999999")) {
            byte[] body = tuneBody(adas, tune -> tune.put("id", Long.parseLong(foreign)));
            GeneratorEvent.ModelTrained event =
                    (GeneratorEvent.ModelTrained) ok(generator.decodeCallback(tuneToken(adas), body, JSON));

            assertThat(event.order()).isEqualTo(ada.orderId());
            assertThat(event.model()).as("the body named tune %s", foreign).isEqualTo(adas);
            assertThat(event.eventId()).isEqualTo(ModelStatus.trainedEventId(adas.value()));
        }
        assertThat(astria.count("GET", "/tunes/" + adas.value()))
                .as("read through the API")
                .isPositive();
        assertThat(astria.count("GET", "/tunes/(" + graces.value() + "|999999).*"))
                .as("the body's ids are never asked about")
                .isZero();
    }

    @Test
    void a_restarted_instance_finds_the_tune_of_a_callback_by_its_title_and_ignores_the_bodys_id() throws IOException {
        ModelRef adas = astria.trained(generator, ada);
        ModelRef graces = astria.trained(generator, VendorFixtures.paidCustomer("grace.hopper@example.net"));
        HeadshotGenerator restarted = astria.checkpointGenerator();

        byte[] body = tuneBody(adas, tune -> {
            tune.put("id", Long.parseLong(graces.value()));
            tune.put("title", astria.stub.tune(graces.value()).orElseThrow().title);
        });
        GeneratorEvent.ModelTrained event =
                (GeneratorEvent.ModelTrained) ok(restarted.decodeCallback(tuneToken(adas), body, JSON));

        assertThat(event.model()).isEqualTo(adas);
        assertThat(event.order()).isEqualTo(ada.orderId());
    }

    @Test
    void a_tune_callback_that_says_trained_when_astria_does_not_is_refused() throws IOException {
        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        byte[] body = tuneBody(model, tune -> tune.put("trained_at", "2026-11-01T10:00:00Z"));

        assertRefused(generator.decodeCallback(tuneToken(model), body, JSON), Rejection.Reason.EVENT_MALFORMED);
        astria.stub.finishTraining(model.value());
        assertThat(ok(generator.decodeCallback(tuneToken(model), body, JSON)))
                .isInstanceOf(GeneratorEvent.ModelTrained.class);
    }

    @Test
    void a_callback_about_a_tune_astria_no_longer_has_is_refused() throws IOException {
        ModelRef model = astria.trained(generator, ada);
        byte[] body = tuneBody(model, tune -> {});
        String token = tuneToken(model);
        generator.requestDeletion(model);

        assertRefused(generator.decodeCallback(token, body, JSON), Rejection.Reason.NOT_FOUND);
        assertRefused(astria.checkpointGenerator().decodeCallback(token, body, JSON), Rejection.Reason.NOT_FOUND);
    }

    @Test
    void a_callback_while_astria_cannot_be_asked_is_refused_as_vendor_unavailable_without_throwing()
            throws IOException {
        ModelRef model = astria.trained(generator, ada);
        byte[] body = tuneBody(model, tune -> {});
        astria.stub.failNext("GET", "/tunes/\\d+", 503, 10);

        assertThatCode(() -> assertRefused(
                        generator.decodeCallback(tuneToken(model), body, JSON), Rejection.Reason.VENDOR_UNAVAILABLE))
                .doesNotThrowAnyException();
    }

    // ---- the images -----------------------------------------------------------------------------

    @Test
    void a_prompt_callback_whose_body_names_images_at_loopback_metadata_and_a_redirector_fetches_nothing_there()
            throws IOException {
        LocalServer counting = servers.add(LocalServer.serving(AstriaStub.png("stolen")));
        LocalServer redirector =
                servers.add(LocalServer.redirectingTo("http://127.0.0.1:" + counting.port() + "/internal"));
        List<String> hostile = List.of(
                "http://127.0.0.1:" + counting.port() + "/steal.png",
                counting.url("/allowed-by-the-test-policy-if-it-were-given.png"),
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://[::ffff:169.254.169.254]/latest/meta-data/",
                redirector.url("/redirect.png"));
        ModelRef model = astria.trained(generator, ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        astria.stub.finishGenerating(model.value());
        AstriaStub.Prompt prompt = astria.stub.promptsOfModel(model.value()).getFirst();
        ObjectNode body = (ObjectNode) json.readTree(astria.stub.promptJson(prompt));
        body.putArray("images")
                .addAll(hostile.stream().map(json.getNodeFactory()::textNode).toList());
        body.put("tune_id", 999999);
        body.put("id", 424242);

        GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) ok(generator.decodeCallback(
                StubbedAstria.tokenOf(prompt.callback),
                json.writeValueAsBytes(json.createObjectNode().set("prompt", body)),
                JSON));
        List<GeneratorEvent> polled = generator.status(ada.orderId(), model);

        assertThat(ready.imageLocations())
                .containsExactlyElementsOf(prompt.images)
                .doesNotContainAnyElementsOf(hostile);
        for (String location : ready.imageLocations()) {
            assertThat(VendorFixtures.readAll(generator.download(location))).isNotEmpty();
        }
        assertThat(polled)
                .filteredOn(GeneratorEvent.ImagesReady.class::isInstance)
                .allSatisfy(e -> assertThat(((GeneratorEvent.ImagesReady) e).imageLocations())
                        .doesNotContainAnyElementsOf(hostile));
        for (String location : hostile) {
            assertThatThrownBy(() -> generator.download(location))
                    .as(location)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(counting.requests()).as("requests to the loopback server").isZero();
        assertThat(redirector.requests()).as("requests to the redirecting host").isZero();
    }

    @Test
    void a_prompt_callback_at_the_address_of_one_part_decodes_to_that_parts_images_as_astria_reports_them()
            throws IOException {
        ModelRef model = astria.trained(generator, ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 12);
        astria.stub.finishGenerating(model.value());
        List<AstriaStub.Prompt> parts = astria.stub.promptsOfModel(model.value());
        HeadshotGenerator restarted = astria.checkpointGenerator();
        byte[] firstPartsBodyAtSecondsAddress =
                ("{\"prompt\":" + astria.stub.promptJson(parts.get(0)) + "}").getBytes(StandardCharsets.UTF_8);

        GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) ok(restarted.decodeCallback(
                StubbedAstria.tokenOf(parts.get(1).callback), firstPartsBodyAtSecondsAddress, JSON));

        assertThat(ready.imageLocations())
                .containsExactlyElementsOf(parts.get(1).images)
                .hasSize(4);
        assertThat(ready.eventId()).endsWith(":part-2-of-2");
    }
}
