package ai.kaptura.ports.out;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;

/** What the payment processor tells us, decoded from a verified webhook, in domain words. */
public sealed interface PaymentEvent {

    /** The processor's event id, recorded once (a replay changes nothing). */
    String eventId();

    record Paid(String eventId, OrderId order, PaymentRef payment) implements PaymentEvent {
    }

    record PaymentFailed(String eventId, OrderId order) implements PaymentEvent {
    }

    record CheckoutExpired(String eventId, OrderId order) implements PaymentEvent {
    }

    /** A payment was refunded (by us or from the processor's dashboard); {@code order} is the reference given at checkout. */
    record Refunded(String eventId, OrderId order, PaymentRef payment) implements PaymentEvent {
    }

    /** An event we do not act on; answered with success so the processor stops sending it. */
    record Ignored(String eventId, String type) implements PaymentEvent {
    }
}
