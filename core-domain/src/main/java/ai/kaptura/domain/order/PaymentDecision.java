package ai.kaptura.domain.order;

import java.util.Objects;

/**
 * What a payment the processor reports for an order means for it, as decided by
 * {@link Order#receivePayment}. A payment pays an order only when it was made on one of the order's own
 * checkouts, for exactly the amount and currency that checkout asked, while the order waits for payment.
 * Every other payment either goes back to whoever paid it, or — when nothing ties it to a checkout of ours
 * — is left to a person to reconcile; none is kept silently.
 */
public sealed interface PaymentDecision {

    /** The payment is for one of the order's checkouts, as asked, and the order waited for it: it is paid now. */
    record Accepted(Order order, CheckoutAttempt checkout) implements PaymentDecision {
        public Accepted {
            Objects.requireNonNull(order, "order");
            Objects.requireNonNull(checkout, "checkout");
        }
    }

    /** This very payment is already the order's (the processor reported it again, under another event id): nothing to do. */
    record AlreadyRecorded() implements PaymentDecision {}

    /**
     * Money paid on a checkout of ours that the order will not take: it goes back in full, the amount the
     * processor says was paid. The person paid us for this order and gets nothing for it, so keeping the money
     * is never right; refunding a payment made on our own checkout cannot give anyone something for free.
     */
    record Refund(Money amount, Why why, String detail) implements PaymentDecision {
        public Refund {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A payment that names the order but was made on no checkout of ours for it (Stripe: a session another
     * integration, a Payment Link opened with {@code ?client_reference_id=<order id>}, or the dashboard created
     * on the same account). It is not accepted, and it is not refunded automatically either: what was bought
     * with it is not ours to know, and an automatic refund would let anyone buy something else the account sells
     * and have it refunded by naming a Kaptura order. It is recorded and logged so that a person reconciles it
     * at the processor (refunds it there, or links it to what it paid for).
     */
    record Reconcile(Why why, String detail) implements PaymentDecision {
        public Reconcile {
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a payment was not accepted. */
    enum Why {
        /** It was made on a checkout that is not one of the order's. */
        UNKNOWN_CHECKOUT(true),
        /** It was made on a checkout of the order, in the currency asked, for another amount. */
        AMOUNT_DIFFERS(true),
        /** It was made on a checkout of the order, in another currency than the one asked. */
        CURRENCY_DIFFERS(true),
        /** The order is already paid by another payment (a second checkout of the same order was paid too). */
        ORDER_ALREADY_PAID(false),
        /** The order no longer waits for payment (it went back to a draft, or was cancelled) and was never paid. */
        ORDER_NOT_AWAITING_PAYMENT(false);

        private final boolean mismatch;

        Why(boolean mismatch) {
            this.mismatch = mismatch;
        }

        /** The payment does not match what a checkout of the order asked (rather than arriving at the wrong time). */
        public boolean mismatch() {
            return mismatch;
        }
    }
}
