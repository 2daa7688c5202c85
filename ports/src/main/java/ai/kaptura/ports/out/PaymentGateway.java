package ai.kaptura.ports.out;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes payment for an order and refunds it. Only verified webhooks confirm a payment; the person's
 * return to the success page proves nothing.
 */
public interface PaymentGateway {

    /**
     * Where on Kaptura's public address the payment processor's webhooks arrive: {@code {base}/webhooks/payments}. The
     * HTTP adapter routes this path; a processor's endpoint (Stripe's dashboard, the sandbox's sender) points at it.
     */
    String WEBHOOK_PATH = "/webhooks/payments";

    /**
     * The processor-registry name of the vendor behind this adapter (R33), or empty for an adapter
     * that keeps everything on this machine (sandbox, outbox) and so involves no processor.
     */
    Optional<String> processorName();

    /**
     * The name this adapter's acts are recorded under (the actor of its audit entries): the {@link #processorName()}
     * where there is a processor, else the local stand-in's own name.
     */
    String recordedName();

    /**
     * A checkout for one order attempt. The order id is the only reference the processor sees; no
     * email or customer object is sent (R37).
     */
    record Checkout(
            OrderId order,
            Money amount,
            String description,
            String idempotencyKey,
            String successUrl,
            String cancelUrl) {}

    /**
     * Where to send the person, and when the checkout lapses. {@code reference} is the processor's id for the
     * checkout (Stripe: the Checkout Session id), which its payment events name ({@link PaymentEvent.Paid#checkout()}):
     * the order keeps it, and only a payment made on it, for the amount asked, pays the order.
     */
    record Session(String url, String reference, Instant expiresAt) {}

    /**
     * Opens a checkout at the processor. Throws an exception marked {@link VendorRefusal} when the processor answered and refused
     * (repeating will not help: a configuration fault); any other exception means it could not be reached or
     * could not answer now.
     */
    Session startCheckout(Checkout checkout);

    /** Verifies (signature, freshness) and decodes a webhook: raw bytes and headers in. */
    Result<PaymentEvent> decodeWebhook(byte[] body, Map<String, List<String>> headers);

    /** Refunds a payment in full; the same idempotency key never refunds twice. Answers the refund's reference. */
    String refund(PaymentRef payment, Money amount, String idempotencyKey);
}
