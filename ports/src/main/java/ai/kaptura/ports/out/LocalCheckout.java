package ai.kaptura.ports.out;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import java.time.Instant;
import java.util.Optional;

/**
 * The checkout page of an offline payment stand-in (the sandbox): a payment adapter that offers one
 * implements this too, and the HTTP adapter serves its page under {@code /sandbox/...} only when one is
 * configured. Paying here proves nothing by itself: the stand-in sends a signed event to the same webhook
 * endpoint, through the same decoding path, as a real processor does, and only that event pays the order.
 */
public interface LocalCheckout {

    /** What the page shows for one checkout. */
    record Page(
            String reference,
            OrderId order,
            Money amount,
            String description,
            Instant expiresAt,
            String successUrl,
            String cancelUrl,
            State state) {}

    /** Where a checkout stands. */
    enum State {
        OPEN,
        PAID,
        CANCELLED,
        EXPIRED
    }

    /** The checkout with this reference, as of {@code now}; empty when there is none. */
    Optional<Page> page(String reference, Instant now);

    /**
     * The person pressed "Pay (sandbox)": the stand-in sends its signed payment event to the webhook
     * endpoint. Paying an already paid checkout sends nothing more.
     *
     * @return where to send the person next (the checkout's success address)
     * @throws IllegalStateException if the checkout is unknown, cancelled or expired, or the event could not be delivered
     */
    String pay(String reference, Instant now);

    /**
     * The person gave up: the checkout closes and the stand-in sends a signed expiry event.
     *
     * @return where to send the person next (the checkout's cancel address)
     */
    String cancel(String reference, Instant now);
}
