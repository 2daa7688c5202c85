package ai.kaptura.adapter.astria;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.ports.out.HeadshotGenerator;
import ai.kaptura.ports.out.contract.HeadshotGeneratorContract;
import ai.kaptura.ports.out.contract.VendorFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The port's contract against the Astria adapter talking HTTP to a local, stateful Astria stub (checkpoint
 * tunes on Astria's {@code fast} test branch). Astria's callbacks are authenticated by their address alone,
 * so a genuine callback is the stub's tune or prompt object posted to the token of the callback address
 * the adapter gave; a tampered one has a token whose signature no longer matches; a late one arrives after
 * the token's lifetime.
 */
@Tag("R14")
@Tag("R17")
@Tag("R37")
class AstriaGeneratorContractTest extends HeadshotGeneratorContract {

    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    @RegisterExtension
    final FreshAstria fresh = new FreshAstria();

    private StubbedAstria astria;

    @Override
    protected HeadshotGenerator generator() {
        astria = fresh.replace();
        return astria.checkpointGenerator();
    }

    @Override
    protected List<String> everythingSentToVendor() {
        return astria.everythingSent();
    }

    @Override
    protected void vendorFinishesTraining(ModelRef model) {
        astria.stub.finishTraining(model.value());
    }

    @Override
    protected void vendorFinishesGenerating(ModelRef model) {
        astria.stub.finishGenerating(model.value());
    }

    @Override
    protected void vendorKeepsModelDespiteDeletion(ModelRef model) {
        astria.stub.keepDespiteDeletion(model.value());
    }

    @Override
    protected Callback trainingFinishedCallback(OrderId order, ModelRef model) {
        AstriaStub.Tune tune = astria.stub.tune(model.value()).orElseThrow();
        return new Callback(
                StubbedAstria.tokenOf(tune.callback),
                ("{\"tune\":" + astria.stub.tuneJson(tune) + "}").getBytes(StandardCharsets.UTF_8),
                JSON);
    }

    @Override
    protected Callback imagesReadyCallback(OrderId order, ModelRef model, StyleId style) {
        String description = VendorFixtures.PLAN.styles().stream()
                .filter(s -> s.id().equals(style))
                .map(Style::description)
                .findFirst()
                .orElseThrow();
        AstriaStub.Prompt prompt = astria.stub.promptsOfModel(model.value()).stream()
                .filter(p -> p.text.endsWith(description))
                .findFirst()
                .orElseThrow();
        return new Callback(
                StubbedAstria.tokenOf(prompt.callback),
                ("{\"prompt\":" + astria.stub.promptJson(prompt) + "}").getBytes(StandardCharsets.UTF_8),
                JSON);
    }

    @Override
    protected Callback authenticWithBody(Callback genuine, byte[] body) {
        return new Callback(genuine.token(), body, genuine.headers());
    }

    @Override
    protected Callback tampered(Callback genuine) {
        return new Callback(flipOne(genuine.token()), genuine.body(), genuine.headers());
    }

    @Override
    protected Callback replayedTooLate(Callback genuine) {
        astria.now.set(
                astria.now.get().plus(AstriaAdapter.CALLBACK_TOKEN_LIFETIME).plusSeconds(1));
        return genuine;
    }

    /**
     * The token with one character of its signature changed (not the last one, whose low bits base64 may
     * ignore): the signature no longer matches.
     */
    static String flipOne(String token) {
        int at = token.length() - 5;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }
}
