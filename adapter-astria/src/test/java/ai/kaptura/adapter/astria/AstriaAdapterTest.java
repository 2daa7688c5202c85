package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The entry's factories: the processor entry, settings checked at start with the variable named, and inputs refused before any request. */
class AstriaAdapterTest {

    private static final byte[] SECRET = StubbedAstria.CALLBACK_SECRET;
    private static final URI BASE = StubbedAstria.PUBLIC_BASE;

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");

    // ---- the processor registry ---------------------------------------------------------------------

    @Test
    @Tag("R33")
    void the_processor_entry_is_complete_with_its_agreement_and_names_what_astria_receives() {
        Processor astriaEntry = AstriaAdapter.processor(
                "DPA-2026-014, signed 2026-09-30", Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES));

        assertThat(astriaEntry.isComplete()).isTrue();
        assertThat(astriaEntry.name()).isEqualTo("astria");
        assertThat(astriaEntry.categories())
                .containsExactlyInAnyOrder(DataCategory.SELFIE, DataCategory.VENDOR_MODEL, DataCategory.HEADSHOT);
        assertThat(astriaEntry.receives(DataCategory.ACCOUNT)).isFalse();
        assertThat(astriaEntry.country()).isEqualTo("US");
        assertThat(astriaEntry.transfer()).contains(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES);
        assertThat(astria.checkpointGenerator().processorName()).contains(astriaEntry.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    @Tag("R33")
    void without_an_agreement_the_entry_is_incomplete_so_nothing_may_go_to_astria(String dpa) {
        assertThat(AstriaAdapter.processor(dpa, Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .missing())
                .containsExactly("DPA reference");
        assertThat(AstriaAdapter.processor(null, Optional.of(TransferMechanism.STANDARD_CONTRACTUAL_CLAUSES))
                        .missing())
                .containsExactly("DPA reference");
    }

    // ---- settings -------------------------------------------------------------------------------------

    static Stream<Arguments> wrongSettings() {
        return Stream.of(
                Arguments.of(
                        "ASTRIA_BASE_URL", URI.create("ftp://api.astria.ai"), "sd_key", BASE, SECRET, "", "", "", ""),
                Arguments.of(
                        "ASTRIA_BASE_URL",
                        URI.create("https://user:pw@api.astria.ai"),
                        "sd_key",
                        BASE,
                        SECRET,
                        "",
                        "",
                        "",
                        ""),
                Arguments.of("ASTRIA_API_KEY", null, " ", BASE, SECRET, "", "", "", ""),
                Arguments.of("ASTRIA_API_KEY", null, "sd key with spaces", BASE, SECRET, "", "", "", ""),
                Arguments.of("KAPTURA_BASE_URL", null, "sd_key", URI.create("/relative"), SECRET, "", "", "", ""),
                Arguments.of(
                        "KAPTURA_BASE_URL",
                        null,
                        "sd_key",
                        URI.create("https://kaptura.example?x=1"),
                        SECRET,
                        "",
                        "",
                        "",
                        ""),
                Arguments.of(
                        "32 bytes", null, "sd_key", BASE, "short".getBytes(StandardCharsets.UTF_8), "", "", "", ""),
                Arguments.of("ASTRIA_BASE_TUNE_ID", null, "sd_key", BASE, SECRET, "flux", "", "", ""),
                Arguments.of("ASTRIA_MODEL_TYPE", null, "sd_key", BASE, SECRET, "", "checkpoint", "", ""),
                Arguments.of("ASTRIA_BASE_TUNE_ID", null, "sd_key", BASE, SECRET, "", "lora", "", ""),
                Arguments.of("ASTRIA_PRESET", null, "sd_key", BASE, SECRET, "", "", "Flux LoRA!", ""),
                Arguments.of("ASTRIA_BRANCH", null, "sd_key", BASE, SECRET, "", "", "", "main"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSettings")
    void a_wrong_setting_stops_the_start_naming_its_variable(
            String variable,
            URI apiBase,
            String key,
            URI publicBase,
            byte[] secret,
            String baseTune,
            String modelType,
            String preset,
            String branch) {
        assertThatThrownBy(() -> AstriaAdapter.generator(
                        apiBase,
                        key,
                        publicBase,
                        secret,
                        baseTune,
                        modelType,
                        preset,
                        branch,
                        new ai.kaptura.ports.out.fake.InMemoryVendorObjects(),
                        astria.now::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable)
                .hasMessageNotContaining("sd_key");
    }

    @Test
    void the_defaults_are_astrias_api_and_a_standard_checkpoint() {
        HeadshotGenerator generator = AstriaAdapter.generator(
                null,
                "sd_key",
                BASE,
                SECRET,
                null,
                null,
                null,
                null,
                new ai.kaptura.ports.out.fake.InMemoryVendorObjects(),
                astria.now::get);

        assertThat(generator.processorName()).contains(AstriaAdapter.PROCESSOR_NAME);
        assertThat(AstriaAdapter.DEFAULT_API_BASE).hasToString("https://api.astria.ai");
    }

    static Stream<Arguments> wrongTimings() {
        return Stream.of(
                Arguments.of(
                        "no connect timeout",
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        3,
                        Duration.ofMillis(1),
                        Duration.ofMillis(2)),
                Arguments.of(
                        "no attempt",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        0,
                        Duration.ofMillis(1),
                        Duration.ofMillis(2)),
                Arguments.of(
                        "a first backoff above the cap",
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        3,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTimings")
    void timeouts_and_retries_must_be_sensible(
            String what,
            Duration connectTimeout,
            Duration readTimeout,
            int maxAttempts,
            Duration firstBackoff,
            Duration maxBackoff) {
        assertThatThrownBy(() -> AstriaAdapter.generator(
                        null,
                        "k",
                        BASE,
                        SECRET,
                        "",
                        "",
                        "",
                        "",
                        connectTimeout,
                        readTimeout,
                        maxAttempts,
                        firstBackoff,
                        maxBackoff,
                        new ai.kaptura.ports.out.fake.InMemoryVendorObjects(),
                        astria.now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- inputs refused before any request ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "ftp://images.example/x.png",
                "https://user:pw@images.example/x.png",
                "not a url at all",
                "https://sdbooth2-production.s3.amazonaws.com/never-given.png",
                "/images/1/1.png"
            })
    @Tag("R15")
    void onlyImageAddressesAstriaGaveAreDownloaded(String location) {
        HeadshotGenerator generator = astria.checkpointGenerator();

        assertThatThrownBy(() -> generator.download(location)).isInstanceOf(IllegalArgumentException.class);
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void models_that_are_not_astria_tune_ids_never_reach_a_url() {
        HeadshotGenerator generator = astria.checkpointGenerator();

        for (String id : List.of("fake-tune-1", "12:34", "..", "0")) {
            ModelRef model = new ModelRef(id);
            assertThatThrownBy(() -> generator.status(ada.orderId(), model))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> generator.requestDeletion(model)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> generator.verifyDeletion(model)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void generation_asks_for_a_sensible_number_of_images_of_distinct_styles() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = new ModelRef("7001");
        List<Style> studio = List.of(VendorFixtures.STUDIO);

        assertThatThrownBy(() -> generator.generate(ada.orderId(), model, studio, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.generate(ada.orderId(), model, studio, 201))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.generate(
                        ada.orderId(), model, List.of(VendorFixtures.STUDIO, VendorFixtures.STUDIO), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(astria.requests()).isEmpty();
    }

    @Test
    void a_model_is_used_only_for_the_order_it_was_trained_for() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        VendorFixtures.Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");
        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        assertThatThrownBy(() -> generator.status(grace.orderId(), model)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.generate(grace.orderId(), model, List.of(VendorFixtures.STUDIO), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.train(new HeadshotGenerator.Training(
                        grace.orderId(),
                        grace.vendorTraining(),
                        Selfies.jpegs(8).list,
                        "person",
                        "train:" + ada.orderId())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_training_needs_selfies_a_class_word_and_a_key() {
        HeadshotGenerator generator = astria.checkpointGenerator();

        assertThatThrownBy(() -> generator.train(
                        new HeadshotGenerator.Training(ada.orderId(), ada.vendorTraining(), List.of(), "person", "k")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.train(new HeadshotGenerator.Training(
                        ada.orderId(), ada.vendorTraining(), Selfies.jpegs(1).list, "Ada Lovelace", "k")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.train(new HeadshotGenerator.Training(
                        ada.orderId(), ada.vendorTraining(), Selfies.jpegs(1).list, "person", " ")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(astria.requests()).isEmpty();
    }
}
