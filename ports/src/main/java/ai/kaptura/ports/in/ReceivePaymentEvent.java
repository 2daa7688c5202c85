package ai.kaptura.ports.in;

import ai.kaptura.domain.shared.Rejection;
import java.util.List;
import java.util.Map;

/** A payment webhook: raw body and headers in; the payment adapter verifies and decodes it. */
public interface ReceivePaymentEvent {

    sealed interface Outcome {
        /** Acted on the event. */
        record Applied(String eventId) implements Outcome {}

        /** Authentic, but nothing to do (a duplicate, or a type we do not act on): answer success. */
        record Ignored(String eventId, String why) implements Outcome {}

        /** Not authentic or malformed: nothing changed. */
        record Rejected(Rejection why) implements Outcome {}
    }

    Outcome handle(byte[] body, Map<String, List<String>> headers);
}
