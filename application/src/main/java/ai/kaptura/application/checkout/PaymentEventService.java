package ai.kaptura.application.checkout;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settlement;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.ReceivePaymentEvent;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.PaymentEvent;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payment webhooks. Only a verified event confirms a payment; each event id acts once; an order is
 * never paid twice (a second payment for it is refunded), and an event we do not act on is answered
 * with success so the processor stops re-sending it.
 */
public final class PaymentEventService implements ReceivePaymentEvent {

    private static final String SOURCE = "payments";

    private final PaymentGateway payments;
    private final ProcessedEvents processed;
    private final OrderBook book;
    private final Settlement settlement;
    private final Jobs jobs;
    private final Transactions tx;
    private final AuditTrail audit;
    private final InstantSource clock;

    public PaymentEventService(PaymentGateway payments, ProcessedEvents processed, OrderBook book, Settlement settlement,
                               Jobs jobs, Transactions tx, AuditTrail audit, InstantSource clock) {
        this.payments = payments;
        this.processed = processed;
        this.book = book;
        this.settlement = settlement;
        this.jobs = jobs;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Outcome handle(byte[] body, Map<String, List<String>> headers) {
        Result<PaymentEvent> decoded = payments.decodeWebhook(body, headers);
        if (decoded instanceof Result.Refused<PaymentEvent> no) {
            return new Outcome.Rejected(no.why());
        }
        PaymentEvent event = ((Result.Ok<PaymentEvent>) decoded).value();
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            if (!processed.firstTime(SOURCE, event.eventId(), now)) {
                return new Outcome.Ignored(event.eventId(), "already handled");
            }
            return switch (event) {
                case PaymentEvent.Paid paid -> paid(paid, now);
                case PaymentEvent.PaymentFailed failed -> backToDraft(failed.eventId(), failed.order(), "payment failed", now);
                case PaymentEvent.CheckoutExpired expired -> backToDraft(expired.eventId(), expired.order(), "checkout expired", now);
                case PaymentEvent.Refunded refunded -> refunded(refunded, now);
                case PaymentEvent.Ignored ignored -> new Outcome.Ignored(ignored.eventId(), "event type " + ignored.type() + " is not used");
            };
        }));
    }

    private Outcome paid(PaymentEvent.Paid paid, Instant now) {
        Optional<Order> found = book.find(paid.order());
        if (found.isEmpty()) {
            return new Outcome.Ignored(paid.eventId(), "no such order");
        }
        Order order = found.get();
        if (order.status() == OrderStatus.AWAITING_PAYMENT) {
            Order saved = book.save(order.paid(paid.payment(), now));
            audit.record(Actor.vendor(payments.processorName().orElse("sandbox-payments")), AuditAction.PAYMENT_CONFIRMED,
                    Subject.of("order", saved.id()), Rule.R46);
            jobs.enqueue(JobRequests.submitTraining(saved, now));
            jobs.enqueue(JobRequests.email(JobRequests.MailKind.ORDER_CONFIRMED, saved.id().toString(), now));
            return new Outcome.Applied(paid.eventId());
        }
        if (order.payment().filter(paid.payment()::equals).isPresent()) {
            return new Outcome.Ignored(paid.eventId(), "payment already recorded");
        }
        // Paid again (an earlier checkout of the same order), or paid after the order stopped: give it back.
        jobs.enqueue(JobRequests.refund(order.id(), paid.payment().value(), now));
        audit.record(Actor.SYSTEM, AuditAction.REFUND_REQUESTED, Subject.of("order", order.id()), Rule.R46,
                Map.of("why", "payment for an order in state " + order.status()));
        return new Outcome.Applied(paid.eventId());
    }

    private Outcome backToDraft(String eventId, OrderId orderId, String why, Instant now) {
        Optional<Order> order = book.find(orderId);
        if (order.isEmpty() || order.get().status() != OrderStatus.AWAITING_PAYMENT) {
            return new Outcome.Ignored(eventId, "order is not awaiting payment");
        }
        book.save(order.get().backToDraft(why, now));
        audit.record(Actor.SYSTEM, AuditAction.CHECKOUT_ABANDONED, Subject.of("order", orderId), Rule.R10, Map.of("why", why));
        return new Outcome.Applied(eventId);
    }

    private Outcome refunded(PaymentEvent.Refunded refunded, Instant now) {
        Optional<Order> order = book.find(refunded.order());
        if (order.isEmpty()) {
            return new Outcome.Ignored(refunded.eventId(), "no such order");
        }
        boolean ownPayment = order.get().payment().map(PaymentRef::value).filter(refunded.payment().value()::equals).isPresent();
        if (!ownPayment || !order.get().status().canMoveTo(OrderStatus.REFUNDED)) {
            audit.record(Actor.SYSTEM, AuditAction.PAYMENT_REFUNDED, Subject.of("order", order.get().id()), Rule.R46,
                    Map.of("payment", "duplicate"));
            return new Outcome.Applied(refunded.eventId());
        }
        Order saved = settlement.settle(order.get().refunded(now), now);
        audit.record(Actor.SYSTEM, AuditAction.PAYMENT_REFUNDED, Subject.of("order", saved.id()), Rule.R46);
        return new Outcome.Applied(refunded.eventId());
    }
}
