package ai.kaptura.application.checkout;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.RetentionConsequences;
import ai.kaptura.application.common.Retry;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentDecision;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Payment webhooks. Only a verified event confirms a payment, and only a payment made on one of the
 * order's own checkouts for the amount and currency it asked pays the order (the order decides:
 * {@link Order#receivePayment}); each event id acts once; an order is never paid twice (a second
 * payment for it is refunded); and an event we do not act on is answered with success so the processor
 * stops re-sending it.
 *
 * <p>A payment that names an order but does not match a checkout of it never pays it. It is recorded in
 * the audit log ({@link AuditAction#PAYMENT_NOT_MATCHED}) and logged at WARN, with pseudonymous references
 * only. Its money: paid on a checkout of the order for another amount or currency, it is refunded in full,
 * as paid; paid on no checkout of the order, it is left to a person to reconcile at the processor (see
 * {@link PaymentDecision.Reconcile} for why it is not refunded automatically). Either way it is never kept
 * silently.
 */
public record PaymentEventService(
        PaymentGateway payments,
        ProcessedEvents processed,
        OrderBook book,
        RetentionConsequences consequences,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        InstantSource clock)
        implements ReceivePaymentEvent {

    private static final String SOURCE = "payments";
    private static final System.Logger LOG = System.getLogger(PaymentEventService.class.getName());

    @Override
    public Outcome handle(byte[] body, Map<String, List<String>> headers) {
        PaymentEvent event;
        switch (payments.decodeWebhook(body, headers)) {
            case Result.Ok<PaymentEvent>(PaymentEvent decoded) -> event = decoded;
            case Result.Refused<PaymentEvent>(Rejection why) -> {
                return new Outcome.Rejected(why);
            }
        }
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            if (!processed.firstTime(SOURCE, event.eventId(), now)) {
                return new Outcome.Ignored(event.eventId(), "already handled");
            }
            return switch (event) {
                case PaymentEvent.Paid paid -> paid(paid, now);
                case PaymentEvent.PaymentFailed failed ->
                    backToDraft(failed.eventId(), failed.order(), failed.checkout(), "payment failed", now);
                case PaymentEvent.CheckoutExpired expired ->
                    backToDraft(expired.eventId(), expired.order(), expired.checkout(), "checkout expired", now);
                case PaymentEvent.Refunded refunded -> refunded(refunded, now);
                case PaymentEvent.Ignored ignored ->
                    new Outcome.Ignored(ignored.eventId(), "event type " + ignored.type() + " is not used");
            };
        }));
    }

    private Outcome paid(PaymentEvent.Paid paid, Instant now) {
        Optional<Order> found = book.find(paid.order());
        if (found.isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Payment {0} of {1} (event {2}) names order {3}, which does not exist: nothing was paid;"
                            + " reconcile it at the payment processor",
                    paid.payment(),
                    paid.amount(),
                    paid.eventId(),
                    paid.order());
            return new Outcome.Ignored(paid.eventId(), "no such order");
        }
        Order order = found.get();
        return switch (order.receivePayment(paid.checkout(), paid.amount(), paid.payment(), now)) {
            case PaymentDecision.Accepted accepted -> {
                Order saved = book.save(accepted.order());
                audit.record(
                        processor(),
                        AuditAction.PAYMENT_CONFIRMED,
                        Subject.of("order", saved.id()),
                        Rule.R46,
                        Map.of("checkout_attempt", accepted.checkout().attempt()));
                jobs.enqueue(JobRequests.submitTraining(saved, now));
                jobs.enqueue(JobRequests.email(
                        JobRequests.MailKind.ORDER_CONFIRMED, saved.id().toString(), now));
                yield new Outcome.Applied(paid.eventId());
            }
            case PaymentDecision.AlreadyRecorded already ->
                new Outcome.Ignored(paid.eventId(), "payment already recorded");
            case PaymentDecision.Refund refund -> {
                if (refund.why().mismatch()) {
                    notMatched(order, paid, refund.why(), refund.detail(), "refunded in full, as paid");
                }
                jobs.enqueue(JobRequests.refund(order.id(), paid.payment(), refund.amount(), now));
                audit.record(
                        Actor.SYSTEM,
                        AuditAction.REFUND_REQUESTED,
                        Subject.of("order", order.id()),
                        Rule.R46,
                        Map.of("why", slug(refund.why()), "state", order.status()));
                yield new Outcome.Applied(paid.eventId());
            }
            case PaymentDecision.Reconcile reconcile -> {
                notMatched(
                        order, paid, reconcile.why(), reconcile.detail(), "left to reconcile at the payment processor");
                yield new Outcome.Ignored(paid.eventId(), "the payment was not made on a checkout of this order");
            }
        };
    }

    /** A payment that named the order without matching a checkout of it: audited and logged, with references only. */
    private void notMatched(Order order, PaymentEvent.Paid paid, PaymentDecision.Why why, String detail, String money) {
        audit.record(
                processor(),
                AuditAction.PAYMENT_NOT_MATCHED,
                Subject.of("order", order.id()),
                Rule.R46,
                Map.of(
                        "why",
                        slug(why),
                        "event",
                        shortened(paid.eventId()),
                        "checkout",
                        shortened(paid.checkout().value()),
                        "paid",
                        paid.amount(),
                        "money",
                        money));
        LOG.log(
                System.Logger.Level.WARNING,
                "A payment did not pay order {0} (event {1}, {2}): {3}; the money is {4}",
                order.id(),
                paid.eventId(),
                slug(why),
                detail,
                money);
    }

    private Actor processor() {
        return Actor.vendor(payments.recordedName());
    }

    /** A processor's reference as an audit detail holds it (at most 200 characters). */
    private static String shortened(String reference) {
        return reference.length() <= 120 ? reference : reference.substring(0, 119) + "…";
    }

    private static String slug(PaymentDecision.Why why) {
        return why.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The open checkout of the order lapsed or its delayed payment failed: the order is an editable draft again.
     * Only the checkout the order waits on counts: an earlier checkout of the order that expires a day later, or
     * a checkout that is not the order's, leaves a newer open checkout (and its payment) alone.
     */
    private Outcome backToDraft(String eventId, OrderId orderId, CheckoutRef checkout, String why, Instant now) {
        Optional<Order> order = book.find(orderId);
        if (order.isEmpty() || order.get().status() != OrderStatus.AWAITING_PAYMENT) {
            return new Outcome.Ignored(eventId, "order is not awaiting payment");
        }
        if (order.get()
                .openCheckout()
                .filter(open -> open.reference().equals(checkout))
                .isEmpty()) {
            return new Outcome.Ignored(eventId, "the event concerns another checkout than the one the order waits on");
        }
        book.save(order.get().backToDraft(why, now));
        audit.record(
                Actor.SYSTEM,
                AuditAction.CHECKOUT_ABANDONED,
                Subject.of("order", orderId),
                Rule.R10,
                Map.of("why", why));
        return new Outcome.Applied(eventId);
    }

    private Outcome refunded(PaymentEvent.Refunded refunded, Instant now) {
        Optional<Order> order = book.find(refunded.order());
        if (order.isEmpty()) {
            return new Outcome.Ignored(refunded.eventId(), "no such order");
        }
        boolean ownPayment = order.get()
                .payment()
                .map(PaymentRef::value)
                .filter(refunded.payment().value()::equals)
                .isPresent();
        if (!ownPayment || !order.get().status().canMoveTo(OrderStatus.REFUNDED)) {
            audit.record(
                    Actor.SYSTEM,
                    AuditAction.PAYMENT_REFUNDED,
                    Subject.of("order", order.get().id()),
                    Rule.R46,
                    Map.of("payment", "duplicate"));
            return new Outcome.Applied(refunded.eventId());
        }
        Order saved = consequences.saveTransition(order.get().refunded(now), now);
        audit.record(Actor.SYSTEM, AuditAction.PAYMENT_REFUNDED, Subject.of("order", saved.id()), Rule.R46);
        return new Outcome.Applied(refunded.eventId());
    }
}
