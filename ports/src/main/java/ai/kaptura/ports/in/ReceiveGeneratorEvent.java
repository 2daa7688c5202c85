package ai.kaptura.ports.in;

import ai.kaptura.domain.shared.Rejection;
import java.util.List;
import java.util.Map;

/** A generator callback: the opaque token of its URL, raw body and headers in. */
public interface ReceiveGeneratorEvent {

    sealed interface Outcome {
        record Applied(String eventId) implements Outcome {}

        record Ignored(String eventId, String why) implements Outcome {}

        record Rejected(Rejection why) implements Outcome {}
    }

    Outcome handle(String token, byte[] body, Map<String, List<String>> headers);
}
