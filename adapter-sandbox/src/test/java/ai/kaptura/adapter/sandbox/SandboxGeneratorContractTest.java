package ai.kaptura.adapter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.HeadshotGeneratorContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import ai.kaptura.ports.out.fake.InMemorySandboxRecords;
import ai.kaptura.ports.out.fake.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The sandbox generator against the port's contract. Its callbacks are really delivered, over HTTP, to a
 * local endpoint standing in for the app; the hooks finish training and generation at once (the
 * configured delay is an hour, so the scheduler never gets there first) and take the callbacks from
 * what the endpoint received.
 */
class SandboxGeneratorContractTest extends HeadshotGeneratorContract {

    static final byte[] SECRET = "sandbox-contract-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    static final Duration ARRIVAL = Duration.ofSeconds(15);

    private final InMemorySandboxRecords records = new InMemorySandboxRecords();

    private final MutableClock clock = MutableClock.at(VendorFixtures.NOW);
    private final List<String> seen = new ArrayList<>();
    private LocalEndpoint app;
    private SandboxGenerator sandbox;

    @Override
    protected HeadshotGenerator generator() {
        app = new LocalEndpoint();
        sandbox = (SandboxGenerator) SandboxAdapter.generator(app.base(), SECRET, Duration.ofHours(1), clock, records);
        return sandbox;
    }

    @AfterEach
    void stop() {
        sandbox.close();
        app.close();
    }

    /**
     * What the person's data met on its way to the sandbox: the names and records of every file it keeps
     * (seen after each step, since deletion removes them) and every callback it delivered.
     */
    @Override
    protected List<String> everythingSentToVendor() {
        List<String> all = new ArrayList<>(seen);
        all.addAll(recordsKept(records));
        app.requests().forEach(request -> all.addAll(request.asText()));
        return all;
    }

    @Override
    protected void vendorFinishesTraining(ModelRef model) {
        seen.addAll(recordsKept(records));
        sandbox.finishTrainingNow(model);
    }

    @Override
    protected void vendorFinishesGenerating(ModelRef model) {
        sandbox.finishGeneratingNow(model);
        seen.addAll(recordsKept(records));
    }

    @Override
    protected void vendorKeepsModelDespiteDeletion(ModelRef model) {
        sandbox.keepDespiteDeletion(model);
    }

    @Override
    protected Callback trainingFinishedCallback(OrderId order, ModelRef model) {
        return delivered(model, "\"type\":\"model.trained\"");
    }

    @Override
    protected Callback imagesReadyCallback(OrderId order, ModelRef model, StyleId style) {
        return delivered(model, "\"style\":\"" + style + "\"");
    }

    @Override
    protected Callback authenticWithBody(Callback genuine, byte[] body) {
        return new Callback(
                genuine.token(),
                body,
                Map.of(Signatures.HEADER, List.of(sandbox.signature(genuine.token(), body, clock.instant()))));
    }

    @Override
    protected Callback tampered(Callback genuine) {
        String body = new String(genuine.body(), StandardCharsets.UTF_8).replace(":trained\"", ":trained-again\"");
        assertThat(body).isNotEqualTo(new String(genuine.body(), StandardCharsets.UTF_8));
        return new Callback(genuine.token(), body.getBytes(StandardCharsets.UTF_8), genuine.headers());
    }

    @Override
    protected Callback replayedTooLate(Callback genuine) {
        clock.advance(Signatures.TOLERANCE.plusSeconds(1));
        return genuine;
    }

    /** The callback about {@code model} whose body contains {@code marker}, as the endpoint received it. */
    private Callback delivered(ModelRef model, String marker) {
        LocalEndpoint.Request request = app.await(
                r -> r.path().startsWith("/webhooks/generator/")
                        && r.text().contains("\"model\":\"" + model + "\"")
                        && r.text().contains(marker),
                ARRIVAL);
        return new Callback(request.lastSegment(), request.body(), request.headers());
    }

    /** Each record and file the sandbox keeps: its kind and id or its name, and the content of its records. */
    static List<String> recordsKept(InMemorySandboxRecords records) {
        List<String> kept = new ArrayList<>();
        records.everything().forEach((name, bytes) -> {
            kept.add(name);
            if (!name.startsWith("blob/")) {
                kept.add(new String(bytes, StandardCharsets.UTF_8));
            }
        });
        return kept;
    }
}
