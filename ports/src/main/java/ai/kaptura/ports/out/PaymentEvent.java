package ai.kaptura.ports.out;

import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;

/**
 * What the payment processor tells us, decoded from a verified webhook, in domain words. The adapter reports
 * what the processor says; whether it pays, or reopens, an order is decided by the order
 * ({@link ai.kaptura.domain.order.Order#receivePayment}).
 */
public sealed interface PaymentEvent {

    /** The processor's event id, recorded once (a replay changes nothing). */
    String eventId();

    /**
     * A payment was made.
     *
     * @param order    the order the payment names (the reference given at checkout)
     * @param checkout the processor's reference for the checkout the payment was made on (Stripe: the Checkout Session id)
     * @param amount   the amount paid, in the currency paid, as the processor reports it (Stripe: the session's
     *                 {@code amount_total} and {@code currency})
     * @param payment  the processor's reference for the payment (needed to refund it)
     */
    record Paid(String eventId, OrderId order, CheckoutRef checkout, Money amount, PaymentRef payment)
            implements PaymentEvent {}

    /** A delayed payment on checkout {@code checkout} failed. */
    record PaymentFailed(String eventId, OrderId order, CheckoutRef checkout) implements PaymentEvent {}

    /** Checkout {@code checkout} lapsed (or the person gave up) unpaid. */
    record CheckoutExpired(String eventId, OrderId order, CheckoutRef checkout) implements PaymentEvent {}

    /** A payment was refunded (by us or from the processor's dashboard); {@code order} is the reference given at checkout. */
    record Refunded(String eventId, OrderId order, PaymentRef payment) implements PaymentEvent {}

    /** An event we do not act on; answered with success so the processor stops sending it. */
    record Ignored(String eventId, String type) implements PaymentEvent {}
}
