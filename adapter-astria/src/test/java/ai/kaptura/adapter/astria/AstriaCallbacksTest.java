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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callbacks beyond the contract: Astria's are unsigned, so only the address (a token this Kaptura signed for one
 * purpose, not yet retired) makes one authentic, and even then its body is no evidence (what happened is read through
 * the API: see {@link AstriaCallbackSignalTest}); a refused callback changes nothing; a style split over several
 * prompts is ready only when every part is; and a restarted instance finds its prompts by their signed addresses.
 */
@Tag("R37")
class AstriaCallbacksTest {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final HeadshotGenerator generator = astria.checkpointGenerator();
    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    private ModelRef trained(VendorFixtures.Customer who) {
        return astria.trained(generator, who);
    }

    private Delivery tuneCallback(ModelRef model) {
        AstriaStub.Tune tune = astria.stub.tune(model.value()).orElseThrow();
        return new Delivery(StubbedAstria.tokenOf(tune.callback), "{\"tune\":" + astria.stub.tuneJson(tune) + "}");
    }

    private Delivery promptCallback(AstriaStub.Prompt prompt) {
        return new Delivery(
                StubbedAstria.tokenOf(prompt.callback), "{\"prompt\":" + astria.stub.promptJson(prompt) + "}");
    }

    /** A delivery: the token of the address and the body. */
    private record Delivery(String token, String body) {
        Result<GeneratorEvent> to(HeadshotGenerator generator) {
            return generator.decodeCallback(token, body.getBytes(StandardCharsets.UTF_8), JSON);
        }
    }

    private static void assertRefused(Result<GeneratorEvent> result, Rejection.Reason reason) {
        assertThat(result).isInstanceOf(Result.Refused.class);
        assertThat(((Result.Refused<GeneratorEvent>) result).why().reason()).isEqualTo(reason);
    }

    private static GeneratorEvent ok(Result<GeneratorEvent> result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok<GeneratorEvent>) result).value();
    }

    @Test
    void a_token_signed_with_another_secret_is_refused() {
        ModelRef model = trained(ada);
        Delivery genuine = tuneCallback(model);
        CallbackTokens forger = CallbackTokens.of(
                StubbedAstria.PUBLIC_BASE,
                "a different secret, also thirty-two bytes long or longer".getBytes(StandardCharsets.UTF_8));
        String title = astria.stub.tune(model.value()).orElseThrow().title;
        String forged = forger.mint(new CallbackTokens.TuneClaim(
                ada.orderId(), CallbackTokens.digest(title), astria.now.get().plus(CallbackTokens.LIFETIME)));

        assertRefused(new Delivery(forged, genuine.body()).to(generator), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertThat(ok(genuine.to(generator))).isInstanceOf(GeneratorEvent.ModelTrained.class);
    }

    @Test
    void a_token_cut_short_or_padded_is_refused() {
        Delivery genuine = tuneCallback(trained(ada));

        for (String token : List.of(
                genuine.token().substring(0, genuine.token().length() - 1),
                genuine.token() + "A",
                genuine.token().substring(1),
                "A".repeat(500),
                genuine.token() + "?x=1",
                "../../" + genuine.token())) {
            assertRefused(new Delivery(token, genuine.body()).to(generator), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        }
    }

    @Test
    void a_prompts_address_does_not_authenticate_a_tunes_callback_nor_the_other_way_round() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        astria.stub.finishGenerating(model.value());
        Delivery tune = tuneCallback(model);
        Delivery prompt =
                promptCallback(astria.stub.promptsOfModel(model.value()).getFirst());

        assertRefused(new Delivery(prompt.token(), tune.body()).to(generator), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(new Delivery(tune.token(), prompt.body()).to(generator), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    /** The body is not evidence (Astria does not sign it): the address says which training, Astria's API says which tune. */
    @Test
    @Tag("R14")
    void a_tune_callback_carrying_another_orders_tune_decodes_to_the_tune_of_its_own_address() {
        ModelRef adas = trained(ada);
        VendorFixtures.Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        ModelRef graces = trained(grace);

        Delivery moved =
                new Delivery(tuneCallback(adas).token(), tuneCallback(graces).body());

        GeneratorEvent.ModelTrained event = (GeneratorEvent.ModelTrained) ok(moved.to(generator));
        assertThat(event.order()).isEqualTo(ada.orderId());
        assertThat(event.model()).isEqualTo(adas).isNotEqualTo(graces);
    }

    @Test
    void an_address_is_accepted_until_its_lifetime_ends_and_retired_after() {
        Delivery genuine = tuneCallback(trained(ada));
        Instant handedOut = VendorFixtures.NOW;

        astria.now.set(handedOut.plus(CallbackTokens.LIFETIME));
        assertThat(ok(genuine.to(generator))).isInstanceOf(GeneratorEvent.ModelTrained.class);
        astria.now.set(handedOut.plus(CallbackTokens.LIFETIME).plusSeconds(1));
        assertRefused(genuine.to(generator), Rejection.Reason.EVENT_NOT_AUTHENTIC);
    }

    @Test
    void a_refused_callback_tampered_retired_or_for_another_purpose_changes_nothing() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        astria.stub.finishGenerating(model.value());
        AstriaStub.Prompt prompt = astria.stub.promptsOfModel(model.value()).getFirst();
        Delivery genuine = promptCallback(prompt);
        HeadshotGenerator fresh = astria.checkpointGenerator();

        String tuneToken = StubbedAstria.tokenOf(astria.stub.tune(model.value()).orElseThrow().callback);

        assertRefused(
                new Delivery(AstriaGeneratorContractTest.flipOne(genuine.token()), genuine.body()).to(fresh),
                Rejection.Reason.EVENT_NOT_AUTHENTIC);
        assertRefused(new Delivery(tuneToken, genuine.body()).to(fresh), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        Instant handedOut = astria.now.get();
        astria.now.set(handedOut.plus(CallbackTokens.LIFETIME).plusSeconds(1));
        assertRefused(genuine.to(fresh), Rejection.Reason.EVENT_NOT_AUTHENTIC);
        astria.now.set(handedOut);
        assertThatThrownBy(() -> fresh.download(prompt.images.getFirst())).isInstanceOf(IllegalArgumentException.class);
        long imageRequests = astria.count("GET", "/images/.*");

        GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) ok(genuine.to(fresh));
        assertThat(VendorFixtures.readAll(fresh.download(ready.imageLocations().getFirst())))
                .isNotEmpty();
        assertThat(imageRequests).isZero();
    }

    @Test
    void a_prompt_callback_is_refused_until_astria_reports_its_images_whatever_its_body_says() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        AstriaStub.Prompt unfinished = astria.stub.promptsOfModel(model.value()).getFirst();
        Delivery genuine = promptCallback(unfinished);
        String claimsImages = genuine.body()
                .replace("\"images\":[]", "\"images\":[\"https://sdbooth2-production.s3.amazonaws.com/x\"]");
        assertThat(claimsImages).isNotEqualTo(genuine.body());

        assertRefused(genuine.to(generator), Rejection.Reason.EVENT_MALFORMED);
        assertRefused(new Delivery(genuine.token(), claimsImages).to(generator), Rejection.Reason.EVENT_MALFORMED);
        assertRefused(
                new Delivery(genuine.token(), "{\"prompt\":{\"id\":\"x1\"}}").to(generator),
                Rejection.Reason.EVENT_MALFORMED);
        assertRefused(new Delivery(genuine.token(), "[1,2,3]").to(generator), Rejection.Reason.EVENT_MALFORMED);
        assertRefused(
                new Delivery(genuine.token(), "{".repeat(100_000)).to(generator), Rejection.Reason.EVENT_MALFORMED);

        astria.stub.finishGenerating(model.value());
        String odd = genuine.body().replace("\"images\":[]", "\"images\":[\"file:///etc/passwd\"]");
        GeneratorEvent.ImagesReady ready =
                (GeneratorEvent.ImagesReady) ok(new Delivery(genuine.token(), odd).to(generator));
        assertThat(ready.imageLocations())
                .containsExactlyElementsOf(
                        astria.stub.promptsOfModel(model.value()).getFirst().images);
    }

    @Test
    void a_tune_callback_before_training_ended_is_malformed() {
        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertRefused(tuneCallback(model).to(generator), Rejection.Reason.EVENT_MALFORMED);
    }

    @Test
    void nulls_and_hostile_input_never_throw() {
        trained(ada);

        assertThatCode(() -> {
                    assertRefused(generator.decodeCallback(null, null, null), Rejection.Reason.EVENT_NOT_AUTHENTIC);
                    assertRefused(
                            generator.decodeCallback("\u0000\n", new byte[] {0}, Map.of()),
                            Rejection.Reason.EVENT_NOT_AUTHENTIC);
                    assertRefused(
                            generator.decodeCallback(
                                    Base64.getUrlEncoder().encodeToString(new byte[200]),
                                    "{}".getBytes(StandardCharsets.UTF_8),
                                    Map.of()),
                            Rejection.Reason.EVENT_NOT_AUTHENTIC);
                })
                .doesNotThrowAnyException();
    }

    @Test
    void a_duplicated_images_callback_decodes_to_the_event_id_status_reports() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 3);
        astria.stub.finishGenerating(model.value());
        Delivery genuine =
                promptCallback(astria.stub.promptsOfModel(model.value()).getFirst());

        GeneratorEvent first = ok(genuine.to(generator));
        GeneratorEvent again = ok(genuine.to(generator));
        GeneratorEvent polled = generator.status(ada.orderId(), model).stream()
                .filter(GeneratorEvent.ImagesReady.class::isInstance)
                .findFirst()
                .orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(first.eventId()).isEqualTo(polled.eventId());
    }

    // ---- styles split over several prompts --------------------------------------------------------

    @Test
    void a_style_of_more_than_eight_images_is_several_prompts_and_ready_only_when_every_part_is() {
        ModelRef model = trained(ada);

        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 20);

        assertThat(astria.stub.promptsOfModel(model.value()))
                .extracting(p -> p.numImages)
                .containsExactly(8, 8, 4);
        astria.stub.finishPrompts(model.value(), 2);
        assertThat(generator.status(ada.orderId(), model)).noneMatch(GeneratorEvent.ImagesReady.class::isInstance);

        List<AstriaStub.Prompt> prompts = astria.stub.promptsOfModel(model.value());
        GeneratorEvent.ImagesReady part =
                (GeneratorEvent.ImagesReady) ok(promptCallback(prompts.get(1)).to(generator));
        assertThat(part.style()).isEqualTo(VendorFixtures.STUDIO.id());
        assertThat(part.imageLocations()).hasSize(8);
        assertThat(part.eventId()).isEqualTo("astria:" + model + ":images:studio-grey:part-2-of-3");

        astria.stub.finishGenerating(model.value());
        List<GeneratorEvent> after = generator.status(ada.orderId(), model);
        assertThat(after)
                .filteredOn(GeneratorEvent.ImagesReady.class::isInstance)
                .singleElement()
                .satisfies(event -> {
                    GeneratorEvent.ImagesReady ready = (GeneratorEvent.ImagesReady) event;
                    assertThat(ready.imageLocations()).hasSize(20).doesNotHaveDuplicates();
                    assertThat(ready.eventId()).isEqualTo("astria:" + model + ":images:studio-grey");
                });
    }

    @Test
    void asking_again_with_another_count_keeps_the_plan_of_the_first_request() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 10);

        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 3);

        assertThat(astria.stub.promptsOfModel(model.value()))
                .extracting(p -> p.numImages)
                .containsExactly(8, 2, 3);
    }

    @Test
    void a_part_whose_creation_went_unanswered_is_asked_for_again_only_once_a_look_up_shows_it_was_never_made() {
        ModelRef model = trained(ada);
        // The second part's request is answered 500 on every attempt: Kaptura cannot know whether Astria made it.
        astria.stub.failAfter("POST", "/tunes/\\d+/prompts", 1, 500, 3);
        assertThatThrownBy(() -> generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 12))
                .hasMessageContaining("create a prompt");
        HeadshotGenerator restarted = astria.checkpointGenerator();
        astria.server.resetRequests();

        assertThatThrownBy(() -> restarted.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 12))
                .as("too early to call it never made")
                .hasMessageContaining("has not answered 1 prompt creation");
        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isZero();

        astria.now.set(astria.now.get().plus(PromptSettlement.SETTLE));
        restarted.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 12);

        assertThat(astria.stub.promptsOfModel(model.value()))
                .extracting(p -> p.numImages)
                .containsExactly(8, 4);
        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isEqualTo(1);
    }

    private void deletePrompt(AstriaStub.Prompt prompt) {
        try {
            java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            URI.create(astria.server.baseUrl() + "/prompts/" + prompt.id))
                                    .header("Authorization", "Bearer " + AstriaStub.API_KEY)
                                    .DELETE()
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- a restarted instance ---------------------------------------------------------------------

    @Test
    void a_restarted_instance_finds_its_tune_and_prompts_and_adds_nothing() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 3);
        astria.stub.finishGenerating(model.value());
        long promptsPosted = astria.count("POST", "/tunes/\\d+/prompts");

        HeadshotGenerator restarted = astria.checkpointGenerator();
        List<GeneratorEvent> events = restarted.status(ada.orderId(), model);
        restarted.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.CITY), 3);
        ModelRef again = restarted.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThat(events)
                .filteredOn(GeneratorEvent.ImagesReady.class::isInstance)
                .extracting(e -> ((GeneratorEvent.ImagesReady) e).style())
                .containsExactlyInAnyOrder(VendorFixtures.STUDIO.id(), VendorFixtures.CITY.id());
        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isEqualTo(promptsPosted);
        assertThat(again).isEqualTo(model);
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
    }

    @Test
    void prompts_whose_addresses_this_kaptura_did_not_sign_are_not_its_own() {
        ModelRef model = trained(ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        astria.stub.finishGenerating(model.value());
        HeadshotGenerator otherSecret = astria.publicGenerator(
                URI.create(astria.server.baseUrl()),
                "another installation's secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8),
                java.time.Duration.ofSeconds(2),
                new ai.kaptura.ports.out.fake.InMemoryVendorObjects());

        assertThat(otherSecret.status(ada.orderId(), model)).noneMatch(GeneratorEvent.ImagesReady.class::isInstance);
    }
}
