package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.VendorFixtures;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * R37 end to end: through a whole order — training (with a failure retried), generation, status, callbacks
 * (one refused), download, a step that fails for good, deletion — nothing the vendor receives, nothing the
 * adapter logs at any level and no message of what it throws carries the person's email, its local part, the
 * account id or the API key; the key goes to Astria's API only, never to the image host.
 */
@Tag("R37")
class AstriaPrivacyTest {

    private static final Logger ADAPTER_LOGS = Logger.getLogger("ai.kaptura.adapter.astria");

    @RegisterExtension
    final StubbedAstria astria = new StubbedAstria();

    private final VendorFixtures.Customer ada = VendorFixtures.paidCustomer("ada.lovelace@example.org");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(
                    record.getLevel() + " " + record.getLoggerName() + " " + formatter.formatMessage(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                line.append(" | ").append(t);
            }
            logged.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level levelBefore;

    @BeforeEach
    void captureEveryLogLevel() {
        levelBefore = ADAPTER_LOGS.getLevel();
        ADAPTER_LOGS.setLevel(Level.ALL);
        ADAPTER_LOGS.addHandler(capture);
    }

    @AfterEach
    void restore() {
        ADAPTER_LOGS.removeHandler(capture);
        ADAPTER_LOGS.setLevel(levelBefore);
    }

    @Test
    void nothing_sent_logged_or_thrown_carries_the_person_or_the_key() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        List<String> thrown = new ArrayList<>();
        String email = ada.email().value();

        astria.stub.failNext("POST", "/tunes", 503, 1);
        ModelRef model = generator.train(new HeadshotGenerator.Training(
                ada.orderId(),
                ada.vendorTraining(),
                Selfies.named(8, email + "-%02d.jpg").list,
                "person",
                "train:" + ada.orderId() + ":" + email));
        astria.stub.finishTraining(model.value());
        GeneratorEvent.ImagesReady ready = astria.studioImages(generator, ada, model);
        assertThat(VendorFixtures.readAll(
                        generator.download(ready.imageLocations().getFirst())))
                .isNotEmpty();
        AstriaStub.Tune tune = astria.stub.tune(model.value()).orElseThrow();
        byte[] body = ("{\"tune\":" + astria.stub.tuneJson(tune) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(generator.decodeCallback(StubbedAstria.tokenOf(tune.callback), body, Map.of()))
                .isInstanceOf(ai.kaptura.domain.shared.Result.Ok.class);
        thrown.add(generator.decodeCallback(ada.id().toString(), body, Map.of()).toString());
        astria.stub.failNext("GET", "/tunes/\\d+", 500, 3);
        Throwable failure =
                org.assertj.core.api.Assertions.catchThrowable(() -> generator.status(ada.orderId(), model));
        assertThat(failure).isInstanceOf(IllegalStateException.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            thrown.add(t.toString());
        }
        String evidence = generator.requestDeletion(model);
        HeadshotGenerator.DeletionCheck check = generator.verifyDeletion(model);
        thrown.add(evidence);
        thrown.add(check.toString());

        List<String> sent = astria.everythingSent();
        VendorFixtures.assertCarriesNothingPersonal(sent, ada);
        assertThat(logged).as("the adapter's log lines").isNotEmpty().anyMatch(line -> line.startsWith("WARNING"));
        for (String text : concat(logged, thrown, sent)) {
            assertThat(text)
                    .as("logged, thrown or sent: %s", text)
                    .doesNotContainIgnoringCase(email)
                    .doesNotContainIgnoringCase("ada.lovelace")
                    .doesNotContain(ada.id().toString())
                    .doesNotContain(ada.id().value().toString().replace("-", ""))
                    .doesNotContain(AstriaStub.API_KEY)
                    .doesNotContainPattern(VendorFixtures.EMAIL_SHAPE);
        }
        assertThat(check).isInstanceOf(HeadshotGenerator.DeletionCheck.Gone.class);
    }

    @Test
    void the_key_goes_to_the_api_only_never_to_the_image_host() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        ModelRef model = astria.trained(generator, ada);
        GeneratorEvent.ImagesReady ready = astria.studioImages(generator, ada, model);
        for (String location : ready.imageLocations()) {
            VendorFixtures.readAll(generator.download(location));
        }

        List<LoggedRequest> requests = astria.requests();
        assertThat(requests)
                .filteredOn(r -> r.getUrl().startsWith("/images/"))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());
        assertThat(requests)
                .filteredOn(r -> !r.getUrl().startsWith("/images/"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + AstriaStub.API_KEY));
    }

    @Test
    void selfies_go_as_numbered_images_typed_by_their_content_never_under_their_own_names() {
        HeadshotGenerator generator = astria.checkpointGenerator();

        generator.train(new HeadshotGenerator.Training(
                ada.orderId(),
                ada.vendorTraining(),
                Selfies.named(3, "IMG_%04d of Ada Lovelace.jpeg").list,
                "person",
                "k"));

        LoggedRequest create = astria.requests().stream()
                .filter(r -> r.getUrl().equals("/tunes"))
                .findFirst()
                .orElseThrow();
        List<Request.Part> images = create.getParts().stream()
                .filter(p -> p.getName().equals("tune[images][]"))
                .toList();
        assertThat(images)
                .extracting(Request.Part::getFileName)
                .containsExactly("image-01.jpg", "image-02.jpg", "image-03.jpg");
        assertThat(images)
                .allSatisfy(p ->
                        assertThat(p.getHeader("Content-Type").firstValue()).isEqualTo("image/jpeg"));
        assertThat(astria.everythingSent()).noneMatch(text -> text.contains("Lovelace") || text.contains("IMG_"));
    }

    @Test
    void the_title_and_the_callback_address_are_opaque_and_the_title_is_stable() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        String key = "train:" + ada.orderId();

        ModelRef model = generator.train(Selfies.training(ada, Selfies.jpegs(8)));

        AstriaStub.Tune tune = astria.stub.tune(model.value()).orElseThrow();
        assertThat(tune.title)
                .matches("kaptura-[0-9a-f]{32}")
                .doesNotContain(ada.orderId().toString());
        assertThat(tune.callback)
                .startsWith(StubbedAstria.PUBLIC_BASE + "/webhooks/generator/")
                .doesNotContain(ada.orderId().toString())
                .doesNotContain(ada.orderId().value().toString().replace("-", ""))
                .doesNotContain("?");
        CallbackTokens same = CallbackTokens.of(StubbedAstria.PUBLIC_BASE, StubbedAstria.CALLBACK_SECRET);
        CallbackTokens other = CallbackTokens.of(
                StubbedAstria.PUBLIC_BASE,
                "another secret, and at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(same.tuneTitle(key)).isEqualTo(tune.title);
        assertThat(other.tuneTitle(key)).isNotEqualTo(tune.title);
        assertThat(same.tuneTitle(key + "x")).isNotEqualTo(tune.title);
    }

    @Test
    @Tag("R17")
    void a_permit_for_another_order_reads_and_sends_nothing() {
        HeadshotGenerator generator = astria.checkpointGenerator();
        Selfies selfies = Selfies.jpegs(8);
        VendorFixtures.Customer grace = VendorFixtures.paidCustomer("grace.hopper@example.net");

        assertThatThrownBy(() -> generator.train(new HeadshotGenerator.Training(
                        ada.orderId(), grace.vendorTraining(), selfies.list, "person", "k")))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> generator.train(
                        new HeadshotGenerator.Training(ada.orderId(), null, selfies.list, "person", "k")))
                .isInstanceOf(SecurityException.class);
        assertThat(selfies.opened).allSatisfy(n -> assertThat(n).hasValue(0));
        assertThat(astria.requests()).isEmpty();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
