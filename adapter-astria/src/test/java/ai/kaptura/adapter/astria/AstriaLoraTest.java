package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flux LoRA, Astria's usual headshot setup: the LoRA is trained on the Flux1.dev gallery tune, its prompts are
 * posted on that base tune with {@code <lora:id:1>}, so they live beside other orders' prompts and are not
 * deleted with the tune — the adapter must find its own by their signed addresses and delete them itself (R14).
 */
@Tag("R14")
class AstriaLoraTest {

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final HeadshotGenerator generator = astria.loraGenerator();
    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    private ModelRef trainedWithStudioImages() {
        ModelRef model = astria.trained(generator, ada);
        generator.generate(ada.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        astria.stub.finishGenerating(model.value());
        return model;
    }

    @Test
    void a_lora_is_trained_on_its_base_tune_and_prompted_there_under_its_own_tag() {
        AstriaStub.Prompt foreign =
                astria.stub.foreignPrompt(AstriaStub.FLUX1_DEV, "<lora:424242:1> ohwx woman, another order's portrait");

        ModelRef model = trainedWithStudioImages();

        AstriaStub.Tune tune = astria.stub.tune(model.value()).orElseThrow();
        assertThat(tune.baseTuneId).isEqualTo(AstriaStub.FLUX1_DEV);
        assertThat(tune.modelType).isEqualTo("lora");
        assertThat(tune.preset).isEqualTo("flux-lora-portrait");
        assertThat(tune.branch).isNull();
        assertThat(astria.count("POST", "/tunes/" + AstriaStub.FLUX1_DEV + "/prompts"))
                .isEqualTo(1);
        assertThat(astria.count("POST", "/tunes/" + model + "/prompts")).isZero();
        assertThat(astria.stub.promptsOn(AstriaStub.FLUX1_DEV))
                .extracting(p -> p.text)
                .containsExactlyInAnyOrder(
                        foreign.text, "<lora:" + model + ":1> ohwx person, " + VendorFixtures.STUDIO.description());
        assertThat(generator.status(ada.orderId(), model))
                .filteredOn(GeneratorEvent.ImagesReady.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((GeneratorEvent.ImagesReady) e).imageLocations())
                        .hasSize(2));
    }

    @Test
    void deleting_a_lora_deletes_its_prompts_on_the_base_tune_and_no_one_elses() {
        AstriaStub.Prompt foreign =
                astria.stub.foreignPrompt(AstriaStub.FLUX1_DEV, "<lora:424242:1> ohwx woman, another order's portrait");
        ModelRef model = trainedWithStudioImages();

        String evidence = generator.requestDeletion(model);

        assertThat(evidence).contains("1 prompt deleted").contains("DELETE /tunes/" + model + " answered 200 OK");
        assertThat(astria.stub.promptsOn(AstriaStub.FLUX1_DEV))
                .extracting(p -> p.id)
                .containsExactly(foreign.id);
        assertThat(generator.verifyDeletion(model))
                .isInstanceOfSatisfying(
                        HeadshotGenerator.DeletionCheck.Gone.class,
                        gone -> assertThat(gone.confirmation()).contains("so did its 1 prompt"));
    }

    @Test
    void a_lora_whose_prompt_survives_on_the_base_tune_is_not_confirmed_gone() {
        ModelRef model = trainedWithStudioImages();

        deleteDirectly("/tunes/" + model);

        assertThat(generator.verifyDeletion(model))
                .isInstanceOfSatisfying(
                        HeadshotGenerator.DeletionCheck.StillThere.class,
                        still -> assertThat(still.detail()).contains("/tunes/" + AstriaStub.FLUX1_DEV + "/prompts/"));
    }

    @Test
    void a_lora_already_gone_still_has_its_prompts_deleted_even_by_a_restarted_instance() {
        ModelRef model = trainedWithStudioImages();
        deleteDirectly("/tunes/" + model);
        HeadshotGenerator restarted = astria.loraGenerator();

        String evidence = restarted.requestDeletion(model);

        assertThat(evidence).contains("1 prompt deleted").contains("404 Not Found (already gone)");
        assertThat(astria.stub.promptsOfModel(model.value())).isEmpty();
        assertThat(restarted.verifyDeletion(model)).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    private void deleteDirectly(String path) {
        try {
            HttpResponse<Void> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(astria.server.baseUrl() + path))
                                    .header("Authorization", "Bearer " + AstriaStub.API_KEY)
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).isEqualTo(200);
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
