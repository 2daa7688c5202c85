package ai.kaptura.adapter.astria;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.VendorObjects;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.fake.InMemoryVendorObjects;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Astria for one test: WireMock on a free port with {@link AstriaStub} behind every path, a clock the
 * test moves, and generators pointed at it with millisecond timeouts and backoff.
 */
final class StubbedAstria implements AutoCloseable, AfterEachCallback {

    static final URI PUBLIC_BASE = URI.create("https://kaptura.example.net");
    static final byte[] CALLBACK_SECRET =
            "a callback secret of thirty-two bytes or more, for tests".getBytes(StandardCharsets.UTF_8);

    final AtomicReference<Instant> now = new AtomicReference<>(VendorFixtures.NOW);
    final AstriaStub stub = new AstriaStub(now::get);
    /** Kaptura's database, as far as the adapter writes to it: every generator made here, "restarted" or not, shares it. */
    final InMemoryVendorObjects objects = new InMemoryVendorObjects();

    final WireMockServer server = new WireMockServer(options().dynamicPort().extensions(stub));

    StubbedAstria() {
        server.start();
        stub.baseUrl(server.baseUrl());
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(AstriaStub.NAME)));
    }

    /** A checkpoint on Astria's free test branch, as the contract runs it. */
    HeadshotGenerator checkpointGenerator() {
        return generator("", "", "", "fast", Duration.ofSeconds(5), 3);
    }

    /** FaceID, prompted on the Realistic Vision gallery tune as Astria's FaceID example does. */
    HeadshotGenerator faceIdGenerator() {
        return generator(Long.toString(AstriaStub.REALISTIC_VISION), "faceid", "", "", Duration.ofSeconds(5), 3);
    }

    /** A Flux LoRA on the Flux1.dev gallery tune. */
    HeadshotGenerator loraGenerator() {
        return generator(
                Long.toString(AstriaStub.FLUX1_DEV), "lora", "flux-lora-portrait", "", Duration.ofSeconds(5), 3);
    }

    /**
     * A generator pointed at the stub. The stub serves its images over plain http at {@code localhost}, which the
     * production image policy refuses; so these generators use the test-only policy that fetches from loopback test
     * servers (and nothing else). Tests of the production policy build it themselves.
     */
    HeadshotGenerator generator(
            String baseTune, String modelType, String preset, String branch, Duration readTimeout, int attempts) {
        return generator(baseTune, modelType, preset, branch, readTimeout, attempts, loopbackImages(), objects);
    }

    /** The test-only image policy: plain http from servers on this machine's loopback name, nothing else. */
    static ImagePolicy loopbackImages() {
        return ImagePolicy.loopbackTestServersOnly(InetAddress::getAllByName, "localhost");
    }

    /** A generator on a database of its own: another installation, or one from before Kaptura recorded its objects. */
    HeadshotGenerator generator(
            String baseTune,
            String modelType,
            String preset,
            String branch,
            Duration readTimeout,
            int attempts,
            ImagePolicy images,
            VendorObjects database) {
        return AstriaAdapter.generator(
                URI.create(server.baseUrl()),
                AstriaStub.API_KEY,
                PUBLIC_BASE,
                CALLBACK_SECRET,
                baseTune,
                modelType,
                preset,
                branch,
                Duration.ofSeconds(2),
                readTimeout,
                attempts,
                Duration.ofMillis(1),
                Duration.ofMillis(4),
                images,
                database,
                now::get);
    }

    /**
     * A checkpoint generator on Astria's free test branch made through the adapter's public entry, so with the
     * production image policy: Astria at {@code apiBase}, callbacks signed with {@code secret}, {@code timeout} to
     * connect and to read, two attempts.
     */
    HeadshotGenerator publicGenerator(URI apiBase, byte[] secret, Duration timeout, VendorObjects database) {
        return AstriaAdapter.generator(
                apiBase,
                AstriaStub.API_KEY,
                PUBLIC_BASE,
                secret,
                "",
                "",
                "",
                "fast",
                timeout,
                timeout,
                2,
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                database,
                now::get);
    }

    /** The model {@code generator} trains on eight selfies of {@code who}, with its training finished at the stub. */
    ModelRef trained(HeadshotGenerator generator, VendorFixtures.Customer who) {
        ModelRef model = generator.train(Selfies.training(who, Selfies.jpegs(8)));
        stub.finishTraining(model.value());
        return model;
    }

    /**
     * Asks {@code generator} for two studio headshots of {@code who} from {@code model}, has the stub finish them, and
     * answers the images-ready event the generator's status then reports.
     */
    GeneratorEvent.ImagesReady studioImages(HeadshotGenerator generator, VendorFixtures.Customer who, ModelRef model) {
        generator.generate(who.orderId(), model, List.of(VendorFixtures.STUDIO), 2);
        stub.finishGenerating(model.value());
        return generator.status(who.orderId(), model).stream()
                .filter(GeneratorEvent.ImagesReady.class::isInstance)
                .map(GeneratorEvent.ImagesReady.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** Every request the vendor received, oldest first. */
    List<LoggedRequest> requests() {
        List<ServeEvent> newestFirst = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(newestFirst);
        return newestFirst.stream().map(ServeEvent::getRequest).toList();
    }

    long count(String method, String pathRegex) {
        return requests().stream()
                .filter(r -> r.getMethod().getName().equals(method)
                        && r.getUrl().replaceAll("\\?.*", "").matches(pathRegex))
                .count();
    }

    /** Every piece of text the vendor received: request lines, headers but the API key, form fields, part names, file names. */
    List<String> everythingSent() {
        List<String> sent = new ArrayList<>();
        for (LoggedRequest request : requests()) {
            sent.add(request.getMethod().getName() + " " + request.getUrl());
            for (HttpHeader header : request.getHeaders().all()) {
                if (!header.key().equalsIgnoreCase("Authorization")) {
                    sent.add(header.key() + ": " + String.join(", ", header.values()));
                }
            }
            if (request.isMultipart()) {
                for (Request.Part part : request.getParts()) {
                    if (part.getFileName() != null) {
                        sent.add("part " + part.getName() + "; file " + part.getFileName() + "; "
                                + part.getHeaders().all().stream()
                                        .map(h -> h.key() + ": " + String.join(", ", h.values()))
                                        .toList());
                    } else {
                        sent.add(part.getName() + "=" + part.getBody().asString());
                    }
                }
            } else if (request.getBody() != null && request.getBody().length > 0) {
                sent.add(request.getBodyAsString());
            }
        }
        return sent;
    }

    /** The token at the end of a callback address. */
    static String tokenOf(String callbackUrl) {
        return callbackUrl.substring(callbackUrl.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Registered as a test's extension, the local Astria stops after each test. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
