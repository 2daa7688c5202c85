package ai.kaptura.application;

import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Style;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.GeneratorEvent;
import ai.kaptura.ports.out.HeadshotGenerator;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A generator that hands data to a named processor, as a real vendor adapter does. */
final class NamedGenerator implements HeadshotGenerator {

    final HeadshotGenerator delegate;
    final String processor;

    NamedGenerator(HeadshotGenerator delegate, String processor) {
        this.delegate = delegate;
        this.processor = processor;
    }

    @Override
    public Optional<String> processorName() {
        return Optional.of(processor);
    }

    @Override
    public String recordedName() {
        return processor;
    }

    @Override
    public ModelRef train(Training training) {
        return delegate.train(training);
    }

    @Override
    public void generate(OrderId order, ModelRef model, List<Style> styles, int count) {
        delegate.generate(order, model, styles, count);
    }

    @Override
    public List<GeneratorEvent> status(OrderId order, ModelRef model) {
        return delegate.status(order, model);
    }

    @Override
    public InputStream download(String imageLocation) {
        return delegate.download(imageLocation);
    }

    @Override
    public String requestDeletion(ModelRef model) {
        return delegate.requestDeletion(model);
    }

    @Override
    public DeletionCheck verifyDeletion(ModelRef model) {
        return delegate.verifyDeletion(model);
    }

    @Override
    public Result<GeneratorEvent> decodeCallback(String token, byte[] body, Map<String, List<String>> headers) {
        return delegate.decodeCallback(token, body, headers);
    }
}
