package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.fake.InMemoryVendorObjects;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against an Astria account that has been in use for a while — thousands of tunes, thousands of prompts of
 * other orders on the shared Flux base tune — served as Astria documents it: newest first, {@code before_id} and
 * {@code limit}, and 400 to a tune list {@code offset} above 200 ({@link AstriaStub}). Every look-up is bounded by the
 * time the creation was asked, every prompt is found and deleted by the id Kaptura recorded, and a "restarted" adapter
 * is a new instance on the same {@link InMemoryVendorObjects}, as a restarted node finds its database.
 */
@Tag("R14")
class AstriaAtScaleTest {

    private static final int THOUSANDS = 3_000;

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    // ---- the stub is Astria as documented ---------------------------------------------------------------

    @Test
    void the_stub_answers_400_to_a_tune_list_offset_above_200_and_a_prompt_list_offset_above_10000() {
        assertThat(get("/tunes?offset=200")).isEqualTo(200);
        assertThat(get("/tunes?offset=201")).isEqualTo(400);
        assertThat(get("/tunes/" + AstriaStub.FLUX1_DEV + "/prompts?offset=10000"))
                .isEqualTo(200);
        assertThat(get("/tunes/" + AstriaStub.FLUX1_DEV + "/prompts?offset=10001"))
                .isEqualTo(400);
        assertThat(astria.stub.badRequests()).hasSize(2);
    }

    @Test
    void the_stub_lists_newest_first_at_most_120_a_page_and_pages_by_before_id() {
        astria.stub.seedForeignTunes(300);
        List<AstriaStub.Tune> tunes = astria.stub.tunes().stream()
                .filter(t -> t.title.startsWith("someone"))
                .toList();
        long newest = tunes.getLast().id;

        String first = body("/tunes?limit=500");
        String next = body("/tunes?limit=120&before_id=" + (newest - 119));

        assertThat(first).startsWith("[{\"id\":" + newest + ",");
        assertThat(first.split("\"title\"")).hasSize(121);
        assertThat(next).startsWith("[{\"id\":" + (newest - 120) + ",");
    }

    @Test
    void a_lora_tune_answers_no_base_tune_as_astrias_documented_lora_answer_does() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = lora.train(Selfies.training(ada, Selfies.jpegs(4)));

        assertThat(astria.stub.tune(model.value()).orElseThrow().baseTuneId).isEqualTo(AstriaStub.FLUX1_DEV);
        assertThat(astria.stub.tuneJson(astria.stub.tune(model.value()).orElseThrow()))
                .contains("\"base_tune_id\":null");
    }

    // ---- 1. recovery after a 504, in an account with thousands of tunes -----------------------------------

    @Test
    void a_tune_answered_504_is_found_on_the_newest_page_of_an_account_with_thousands_of_tunes() {
        astria.stub.seedForeignTunes(THOUSANDS);
        HeadshotGenerator generator = astria.checkpointGenerator();
        astria.stub.processThenAnswer("POST", "/tunes", 504, 1);

        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThat(astria.stub.tune(model.value())).isPresent();
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(1);
        assertThat(astria.count("GET", "/tunes")).isEqualTo(1);
        assertThat(astria.stub.badRequests()).isEmpty();
        assertThat(astria.requests()).extracting(LoggedRequest::getUrl).noneMatch(url -> url.contains("offset="));
    }

    @Test
    void
            a_tune_answered_504_that_was_never_made_is_looked_for_only_back_to_when_it_was_asked_and_the_next_attempt_makes_it() {
        astria.stub.seedForeignTunes(THOUSANDS);
        astria.stub.failNext("POST", "/tunes", 504, 1);

        assertThatThrownBy(() -> astria.checkpointGenerator().train(Selfies.training(ada, Selfies.jpegs(8))))
                .hasMessageContaining("504")
                .hasMessageContaining("Nothing was resubmitted");
        long lookUps = astria.count("GET", "/tunes");
        HeadshotGenerator restarted = astria.checkpointGenerator();
        ModelRef model = restarted.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThat(lookUps)
                .as("one page per look-up: the newest page already reaches back past the request")
                .isEqualTo(3);
        assertThat(astria.count("GET", "/tunes"))
                .as("the restarted node looks once more first")
                .isEqualTo(4);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(2);
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.stub.tune(model.value())).isPresent();
        assertThat(astria.stub.badRequests()).isEmpty();
        assertThat(restarted.train(Selfies.training(ada, Selfies.jpegs(8))))
                .as("known now: nothing more is asked")
                .isEqualTo(model);
        assertThat(astria.count("POST", "/tunes")).isEqualTo(2);
    }

    @Test
    void a_tune_astria_made_late_after_a_504_is_found_by_a_restarted_node_behind_the_tunes_made_since() {
        astria.stub.seedForeignTunes(THOUSANDS);
        astria.stub.failNext("POST", "/tunes", 504, 1);
        assertThatThrownBy(() -> astria.checkpointGenerator().train(Selfies.training(ada, Selfies.jpegs(8))));
        // Astria made the tune after all, a while later, and two hundred other orders' tunes came after it.
        astria.now.set(astria.now.get().plus(Duration.ofHours(2)));
        String title = CallbackTokens.of(StubbedAstria.PUBLIC_BASE, StubbedAstria.CALLBACK_SECRET)
                .tuneTitle("train:" + ada.orderId());
        AstriaStub.Tune late = astria.stub.makeTune(title, "person");
        astria.now.set(astria.now.get().plus(Duration.ofMinutes(201)));
        astria.stub.seedForeignTunes(200);
        astria.server.resetRequests();

        ModelRef found = astria.checkpointGenerator().train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThat(found.value()).isEqualTo(Long.toString(late.id));
        assertThat(astria.count("POST", "/tunes")).isZero();
        assertThat(astria.count("GET", "/tunes"))
                .as("two pages of 120, newest first")
                .isEqualTo(2);
        assertThat(astria.stub.badRequests()).isEmpty();
    }

    // ---- 1. status and generation with thousands of prompts on the shared base tune -----------------------

    @Test
    void an_older_orders_images_are_found_by_prompt_id_however_many_newer_prompts_the_base_tune_holds() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = astria.trained(lora, ada);
        lora.generate(ada.orderId(), model, VendorFixtures.PLAN.styles(), 12);
        astria.stub.finishGenerating(model.value());
        newerPromptsOfOtherOrdersOnTheBaseTune(THOUSANDS);
        HeadshotGenerator restarted = astria.loraGenerator();
        astria.server.resetRequests();

        List<GeneratorEvent> events = restarted.status(ada.orderId(), model);

        assertThat(events)
                .filteredOn(GeneratorEvent.ImagesReady.class::isInstance)
                .hasSize(2)
                .allSatisfy(e -> assertThat(((GeneratorEvent.ImagesReady) e).imageLocations())
                        .hasSize(12));
        assertThat(astria.count("GET", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts"))
                .as("no list is read")
                .isZero();
        assertThat(astria.count("GET", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts/\\d+"))
                .isEqualTo(4);

        restarted.generate(ada.orderId(), model, VendorFixtures.PLAN.styles(), 12);
        assertThat(astria.count("POST", "/tunes/\\d+/prompts"))
                .as("every part is known: nothing asked twice")
                .isZero();
    }

    @Test
    void a_prompt_answered_504_is_found_on_the_newest_page_of_a_base_tune_with_thousands_of_prompts() {
        astria.stub.seedForeignPrompts(AstriaStub.FLUX1_DEV, THOUSANDS);
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = astria.trained(lora, ada);
        astria.stub.processThenAnswer("POST", "/tunes/\\d+/prompts", 504, 1);

        lora.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 4);

        assertThat(astria.stub.promptsOfModel(model.value())).hasSize(1);
        assertThat(astria.count("POST", "/tunes/\\d+/prompts")).isEqualTo(1);
        assertThat(astria.count("GET", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts"))
                .isEqualTo(1);
        assertThat(astria.stub.badRequests()).isEmpty();
    }

    // ---- 2. deletion proven per prompt id after a restart ----------------------------------------------------

    @Test
    void deletion_is_proven_prompt_by_prompt_after_a_restart_with_thousands_of_prompts_on_the_base_tune() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = astria.trained(lora, ada);
        lora.generate(ada.orderId(), model, VendorFixtures.PLAN.styles(), 20);
        astria.stub.finishGenerating(model.value());
        List<Long> ours = astria.stub.promptsOfModel(model.value()).stream()
                .map(p -> p.id)
                .toList();
        newerPromptsOfOtherOrdersOnTheBaseTune(THOUSANDS);
        HeadshotGenerator restarted = astria.loraGenerator();
        astria.server.resetRequests();

        String asked = restarted.requestDeletion(model);
        HeadshotGenerator.DeletionCheck check = astria.loraGenerator().verifyDeletion(model);

        assertThat(ours).hasSize(6);
        assertThat(asked).contains("6 prompts deleted").contains("DELETE /tunes/" + model + " answered 200 OK");
        assertThat(check)
                .isInstanceOfSatisfying(
                        HeadshotGenerator.DeletionCheck.Gone.class,
                        gone -> assertThat(gone.confirmation()).contains("each of its 6 prompts, asked by its id"));
        assertThat(astria.stub.promptsOfModel(model.value())).isEmpty();
        assertThat(astria.stub.promptsOn(AstriaStub.FLUX1_DEV)).hasSize(THOUSANDS);
        for (long prompt : ours) {
            assertThat(astria.count("DELETE", "/prompts/" + prompt)).isEqualTo(1);
            assertThat(astria.count("GET", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts/" + prompt))
                    .isEqualTo(1);
            assertThat(astria.objects.find("astria", "prompt", Long.toString(prompt)))
                    .hasValueSatisfying(entry -> assertThat(entry.closed())
                            .hasValueSatisfying(closed -> assertThat(closed.evidence())
                                    .isEqualTo("GET /tunes/" + AstriaStub.FLUX1_DEV + "/prompts/" + prompt
                                            + " answered 404 Not Found")));
        }
        assertThat(astria.count("GET", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts"))
                .as("no list is read")
                .isZero();
    }

    @Test
    void a_prompt_that_outlives_its_deleted_tune_keeps_the_deletion_unconfirmed_and_is_deleted_by_id_after_a_restart() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = astria.trained(lora, ada);
        lora.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 4);
        newerPromptsOfOtherOrdersOnTheBaseTune(THOUSANDS);
        delete("/tunes/" + model);

        assertThat(astria.loraGenerator().verifyDeletion(model))
                .as("the tune's 404 says nothing of its prompts")
                .isInstanceOf(HeadshotGenerator.DeletionCheck.StillThere.class);

        String asked = astria.loraGenerator().requestDeletion(model);

        assertThat(asked).contains("1 prompt deleted").contains("404 Not Found (already gone)");
        assertThat(astria.loraGenerator().verifyDeletion(model))
                .isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    @Test
    void
            an_unsettled_prompt_creation_keeps_the_deletion_unconfirmed_until_a_look_up_back_past_it_shows_it_was_never_made() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = astria.trained(lora, ada);
        astria.stub.failNext("POST", "/tunes/\\d+/prompts", 504, 1);
        assertThatThrownBy(() -> lora.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 4));
        lora.requestDeletion(model);

        assertThat(lora.verifyDeletion(model))
                .isInstanceOfSatisfying(
                        HeadshotGenerator.DeletionCheck.StillThere.class,
                        still -> assertThat(still.detail()).contains("was never answered"));

        astria.now.set(astria.now.get().plus(PromptSettlement.SETTLE));

        assertThat(astria.loraGenerator().verifyDeletion(model))
                .isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(astria.objects.ofOrder("astria", ada.orderId()))
                .filteredOn(e -> e.kind().equals("prompt-request"))
                .singleElement()
                .satisfies(request -> assertThat(request.closed())
                        .hasValueSatisfying(closed -> assertThat(closed.evidence())
                                .startsWith("never made: no prompt with its signed address")));
    }

    @Test
    void a_model_trained_before_kaptura_recorded_its_prompts_has_them_found_by_their_signed_addresses_and_deleted() {
        StubbedAstria before = astria;
        HeadshotGenerator unrecorded = before.generator(
                Long.toString(AstriaStub.FLUX1_DEV),
                "lora",
                "flux-lora-portrait",
                "",
                Duration.ofSeconds(5),
                3,
                StubbedAstria.loopbackImages(),
                new InMemoryVendorObjects());
        ModelRef model = astria.trained(unrecorded, ada);
        unrecorded.generate(ada.orderId(), model, VendorFixtures.PLAN.styles(), 4);

        HeadshotGenerator upgraded = astria.loraGenerator();
        String asked = upgraded.requestDeletion(model);

        assertThat(asked).contains("2 prompts deleted");
        assertThat(astria.stub.promptsOfModel(model.value())).isEmpty();
        assertThat(upgraded.verifyDeletion(model))
                .isInstanceOfSatisfying(
                        HeadshotGenerator.DeletionCheck.Gone.class,
                        gone -> assertThat(gone.confirmation()).contains("each of its 2 prompts"));
        assertThat(astria.objects.ofOrder("astria", ada.orderId()))
                .extracting(VendorObjects.Entry::kind)
                .containsExactlyInAnyOrder("tune", "prompt", "prompt");
    }

    // ---- 3. where prompts go: the configured model type, never the tune's JSON --------------------------------

    @Test
    void a_faceid_model_is_prompted_on_the_configured_gallery_tune_with_its_faceid_tag_and_deleted_prompt_by_prompt() {
        HeadshotGenerator faceId = astria.faceIdGenerator();
        ModelRef model = faceId.train(Selfies.training(ada, Selfies.jpegs(4)));

        assertThat(faceId.status(ada.orderId(), model))
                .as("FaceID is ready at creation")
                .hasAtLeastOneElementOfType(GeneratorEvent.ModelTrained.class);
        faceId.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);

        assertThat(astria.count("POST", "/tunes/" + AstriaStub.REALISTIC_VISION + "/prompts"))
                .isEqualTo(1);
        assertThat(astria.stub.promptsOn(AstriaStub.REALISTIC_VISION))
                .extracting(p -> p.text)
                .containsExactly("<faceid:" + model + ":1> person, " + VendorFixtures.STUDIO.description());
        assertThat(astria.stub.tune(model.value()).orElseThrow().modelType).isEqualTo("faceid");

        faceId.requestDeletion(model);
        assertThat(faceId.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
        assertThat(astria.stub.promptsOn(AstriaStub.REALISTIC_VISION)).isEmpty();
    }

    @Test
    void faceid_or_pti_without_a_base_tune_to_prompt_on_is_refused_at_start() {
        assertThatThrownBy(() -> astria.generator("", "faceid", "", "", Duration.ofSeconds(1), 1))
                .hasMessageContaining("ASTRIA_MODEL_TYPE=faceid needs ASTRIA_BASE_TUNE_ID");
        assertThatThrownBy(() -> astria.generator("", "pti", "", "", Duration.ofSeconds(1), 1))
                .hasMessageContaining("ASTRIA_MODEL_TYPE=pti needs ASTRIA_BASE_TUNE_ID");
    }

    // ---- 4. Kaptura names itself ------------------------------------------------------------------------------

    @Test
    void every_request_to_astrias_api_names_kaptura_as_its_user_agent() {
        HeadshotGenerator lora = astria.loraGenerator();
        ModelRef model = lora.train(Selfies.training(ada, Selfies.jpegs(4)));
        astria.stub.finishTraining(model.value());
        lora.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        lora.requestDeletion(model);

        assertThat(astria.stub.userAgents()).isNotEmpty().containsOnly(AstriaAdapter.USER_AGENT);
        assertThat(AstriaAdapter.USER_AGENT).startsWith("Kaptura/");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Other orders' prompts on the base tune, all newer than anything made so far. */
    private void newerPromptsOfOtherOrdersOnTheBaseTune(int count) {
        astria.now.set(astria.now.get().plus(Duration.ofMinutes(count + 60L)));
        astria.stub.seedForeignPrompts(AstriaStub.FLUX1_DEV, count);
    }

    private int get(String path) {
        return send(HttpRequest.newBuilder(URI.create(astria.server.baseUrl() + path))
                        .GET())
                .statusCode();
    }

    private String body(String path) {
        return send(HttpRequest.newBuilder(URI.create(astria.server.baseUrl() + path))
                        .GET())
                .body();
    }

    private void delete(String path) {
        assertThat(send(HttpRequest.newBuilder(URI.create(astria.server.baseUrl() + path))
                                .DELETE())
                        .statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            request.header("Authorization", "Bearer " + AstriaStub.API_KEY)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
