package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.VendorCheck;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./kaptura vendors check} for Astria, against the stub (no network here): one pass on the free {@code fast}
 * branch that makes a tune and a prompt, then deletes each by its id and confirms each gone by its 404, reporting what
 * worked, what did not, and what it left behind.
 */
@Tag("R14")
class AstriaCheckTest {

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private VendorCheck check(String baseTune, String modelType, String preset) {
        return AstriaAdapter.check(
                URI.create(astria.server.baseUrl()),
                AstriaStub.API_KEY,
                baseTune,
                modelType,
                preset,
                Duration.ofMinutes(3),
                Duration.ofSeconds(5),
                astria.now::get,
                pause -> astria.now.set(astria.now.get().plus(pause)));
    }

    @Test
    void the_check_trains_and_prompts_on_the_fast_branch_deletes_both_by_id_and_leaves_nothing_behind() {
        astria.stub.fastBranchIsInstant();

        VendorCheck report = check(Long.toString(AstriaStub.FLUX1_DEV), "lora", "flux-lora-portrait");

        assertThat(report.passed()).as(report.toString()).isTrue();
        assertThat(report.steps())
                .extracting(VendorCheck.Step::what)
                .containsExactly(
                        "create a tune on the free fast branch",
                        "ask for the same title again (Astria's title idempotency)",
                        "training finishes",
                        "create one prompt",
                        "the prompt's mock image arrives",
                        "delete what was made, each by its id");
        assertThat(report.steps().get(3).detail())
                .contains("on tune " + AstriaStub.FLUX1_DEV)
                .contains("<lora:");
        assertThat(report.leftBehind()).isEmpty();
        assertThat(astria.stub.tunes()).noneMatch(t -> t.title.startsWith("kaptura-check-"));
        assertThat(astria.stub.promptsOn(AstriaStub.FLUX1_DEV)).isEmpty();
        assertThat(astria.stub.tunesCreated()).isEqualTo(1);
        assertThat(astria.everythingSent())
                .contains("tune[branch]=fast")
                .noneMatch(line -> line.contains("tune[branch]=flux1"));
    }

    @Test
    void a_second_tune_made_for_the_same_title_says_idempotency_is_off_and_is_deleted_too() {
        astria.stub.fastBranchIsInstant();
        astria.stub.titleIdempotencyOff();

        VendorCheck report = check("", "", "");

        assertThat(report.passed()).isFalse();
        assertThat(report.steps())
                .filteredOn(s -> !s.worked())
                .singleElement()
                .satisfies(s -> assertThat(s.detail()).contains("turn idempotency on in Astria's API settings"));
        assertThat(report.leftBehind()).isEmpty();
        assertThat(astria.stub.tunesCreated()).isEqualTo(2);
        assertThat(astria.stub.tunes()).noneMatch(t -> t.title.startsWith("kaptura-check-"));
    }

    @Test
    void a_tune_astria_keeps_despite_deletion_is_reported_left_behind_by_its_id() {
        astria.stub.fastBranchIsInstant();
        astria.stub.failNext("DELETE", "/tunes/\\d+", 500, 10);

        VendorCheck report = check("", "", "");

        assertThat(report.passed()).isFalse();
        long tune = astria.stub.tunes().stream()
                .filter(t -> t.title.startsWith("kaptura-check-"))
                .findFirst()
                .orElseThrow()
                .id;
        assertThat(report.leftBehind()).containsExactly("tune " + tune + " (DELETE /tunes/" + tune + ")");
        assertThat(report.steps().getLast().worked()).isFalse();
    }

    @Test
    void a_training_that_never_finishes_is_reported_after_the_patience_and_what_was_made_is_still_deleted() {
        VendorCheck report = check("", "", "");

        assertThat(report.steps()).extracting(VendorCheck.Step::worked).containsExactly(true, true, false, true);
        assertThat(report.steps().get(2).detail()).contains("waited 180 s");
        assertThat(report.leftBehind()).isEmpty();
        assertThat(astria.stub.tunes()).noneMatch(t -> t.title.startsWith("kaptura-check-"));
    }
}
