package ai.kaptura.application;

import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.VendorRefusal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Passes everything to a gateway and remembers the last checkout session started for each order. */
final class SessionRecordingGateway implements PaymentGateway {

    final PaymentGateway delegate;
    final Map<OrderId, Session> lastSession = new ConcurrentHashMap<>();
    volatile boolean unavailable;
    volatile boolean refusing;
    /** When set, the processor's answer carries this reference instead of its own. */
    volatile String answeredReference;

    SessionRecordingGateway(PaymentGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<String> processorName() {
        return delegate.processorName();
    }

    @Override
    public String recordedName() {
        return delegate.recordedName();
    }

    @Override
    public Session startCheckout(Checkout checkout) {
        if (unavailable) {
            throw new IllegalStateException("payment processor unreachable");
        }
        if (refusing) {
            throw new Refused("the processor refused the checkout: Invalid API Key provided (HTTP 401)");
        }
        Session answered = delegate.startCheckout(checkout);
        Session session = answeredReference == null
                ? answered
                : new Session(answered.url(), answeredReference, answered.expiresAt());
        lastSession.put(checkout.order(), session);
        return session;
    }

    /** What an adapter throws when its processor answered "no". */
    static final class Refused extends RuntimeException implements VendorRefusal {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Result<PaymentEvent> decodeWebhook(byte[] body, Map<String, List<String>> headers) {
        return delegate.decodeWebhook(body, headers);
    }

    @Override
    public String refund(PaymentRef payment, Money amount, String idempotencyKey) {
        return delegate.refund(payment, amount, idempotencyKey);
    }
}
