package ai.kaptura.domain.order;

import static ai.kaptura.domain.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.Fixtures;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A payment pays an order only when it was made on one of the order's own checkouts, for the amount and the
 * currency that checkout asked, while the order awaits payment; nothing else ever marks it paid, and no
 * money is kept for nothing.
 */
class PaymentMatchingTest {

    private static final CheckoutRef FIRST = new CheckoutRef("cs_test_first");
    private static final CheckoutRef SECOND = new CheckoutRef("cs_test_second");
    private static final PaymentRef PAYMENT = new PaymentRef("pi_3Paid");
    private static final Money ASKED = Fixtures.PLAN.price();

    private final Fixtures f = new Fixtures();
    private final Order awaiting = f.draft(8).awaitPayment(at(1)).checkoutOpened(1, FIRST, ASKED, at(2));

    @Test
    void a_payment_on_the_open_checkout_for_the_amount_asked_pays_the_order() {
        PaymentDecision decision = awaiting.receivePayment(FIRST, ASKED, PAYMENT, at(5));

        assertThat(decision).isInstanceOfSatisfying(PaymentDecision.Accepted.class, accepted -> {
            assertThat(accepted.order().status()).isEqualTo(OrderStatus.PAID);
            assertThat(accepted.order().payment()).contains(PAYMENT);
            assertThat(accepted.order().enteredAt(OrderStatus.PAID)).contains(at(5));
            assertThat(accepted.checkout()).isEqualTo(new CheckoutAttempt(1, FIRST, ASKED, at(2)));
        });
    }

    @Test
    void a_payment_on_a_checkout_that_is_not_the_orders_never_pays_it_and_is_left_to_reconcile_not_refunded() {
        PaymentDecision decision =
                awaiting.receivePayment(new CheckoutRef("cs_test_someone_elses"), ASKED, PAYMENT, at(5));

        assertThat(decision).isInstanceOfSatisfying(PaymentDecision.Reconcile.class, reconcile -> {
            assertThat(reconcile.why()).isEqualTo(PaymentDecision.Why.UNKNOWN_CHECKOUT);
            assertThat(reconcile.why().mismatch()).isTrue();
            assertThat(reconcile.detail()).contains("cs_test_someone_elses").contains(PAYMENT.value());
        });
    }

    @Test
    void a_payment_for_less_than_its_checkout_asked_never_pays_the_order_and_is_refunded_as_paid() {
        Money oneEuro = Money.of(100, "EUR");

        PaymentDecision decision = awaiting.receivePayment(FIRST, oneEuro, PAYMENT, at(5));

        assertThat(decision)
                .isEqualTo(new PaymentDecision.Refund(
                        oneEuro,
                        PaymentDecision.Why.AMOUNT_DIFFERS,
                        "payment pi_3Paid of 1.00 EUR was made on checkout attempt 1, which asked 29.00 EUR"));
        assertThat(awaiting.receivePayment(FIRST, Money.of(2_901, "EUR"), PAYMENT, at(5)))
                .isInstanceOfSatisfying(
                        PaymentDecision.Refund.class,
                        r -> assertThat(r.why()).isEqualTo(PaymentDecision.Why.AMOUNT_DIFFERS));
    }

    @Test
    void a_payment_of_the_same_number_in_another_currency_never_pays_the_order_and_is_refunded_in_that_currency() {
        Money yen = Money.of(2_900, "JPY");

        PaymentDecision decision = awaiting.receivePayment(FIRST, yen, PAYMENT, at(5));

        assertThat(decision).isInstanceOfSatisfying(PaymentDecision.Refund.class, refund -> {
            assertThat(refund.why()).isEqualTo(PaymentDecision.Why.CURRENCY_DIFFERS);
            assertThat(refund.amount()).isEqualTo(yen);
        });
    }

    @Test
    void a_payment_on_an_earlier_checkout_of_the_same_order_for_the_amount_asked_pays_it() {
        Order restarted = awaiting.backToDraft("checkout restarted", at(3))
                .awaitPayment(at(3))
                .checkoutOpened(2, SECOND, ASKED, at(4));
        assertThat(restarted.openCheckout()).map(CheckoutAttempt::reference).contains(SECOND);

        PaymentDecision decision = restarted.receivePayment(FIRST, ASKED, PAYMENT, at(5));

        assertThat(decision).isInstanceOfSatisfying(PaymentDecision.Accepted.class, accepted -> {
            assertThat(accepted.order().status()).isEqualTo(OrderStatus.PAID);
            assertThat(accepted.checkout().attempt()).isEqualTo(1);
        });
    }

    @Test
    void a_second_payment_as_asked_is_refunded_and_the_order_keeps_its_first() {
        Order restarted = awaiting.backToDraft("checkout restarted", at(3))
                .awaitPayment(at(3))
                .checkoutOpened(2, SECOND, ASKED, at(4));
        Order paid = ((PaymentDecision.Accepted) restarted.receivePayment(SECOND, ASKED, PAYMENT, at(5))).order();

        PaymentDecision again = paid.receivePayment(FIRST, ASKED, new PaymentRef("pi_3PaidAgain"), at(6));

        assertThat(again).isInstanceOfSatisfying(PaymentDecision.Refund.class, refund -> {
            assertThat(refund.why()).isEqualTo(PaymentDecision.Why.ORDER_ALREADY_PAID);
            assertThat(refund.why().mismatch()).isFalse();
            assertThat(refund.amount()).isEqualTo(ASKED);
        });
    }

    @Test
    void the_same_payment_reported_again_changes_nothing() {
        Order paid = ((PaymentDecision.Accepted) awaiting.receivePayment(FIRST, ASKED, PAYMENT, at(5))).order();

        assertThat(paid.receivePayment(FIRST, ASKED, PAYMENT, at(6))).isEqualTo(new PaymentDecision.AlreadyRecorded());
    }

    @Test
    void a_payment_as_asked_for_an_order_that_no_longer_waits_for_it_is_refunded() {
        Order draftAgain = awaiting.backToDraft("checkout expired", at(3));

        assertThat(draftAgain.receivePayment(FIRST, ASKED, PAYMENT, at(5)))
                .isInstanceOfSatisfying(
                        PaymentDecision.Refund.class,
                        refund -> assertThat(refund.why()).isEqualTo(PaymentDecision.Why.ORDER_NOT_AWAITING_PAYMENT));
    }

    @Test
    void an_order_without_a_recorded_checkout_is_paid_by_nothing() {
        Order unrecorded = f.draft(8).awaitPayment(at(1));

        assertThat(unrecorded.openCheckout()).isEmpty();
        assertThat(unrecorded.receivePayment(FIRST, ASKED, PAYMENT, at(5)))
                .isInstanceOf(PaymentDecision.Reconcile.class);
    }

    @Test
    void the_open_checkout_is_the_latest_attempts_and_only_while_the_order_awaits_payment() {
        Order restarted = awaiting.backToDraft("checkout restarted", at(3)).awaitPayment(at(3));

        assertThat(awaiting.openCheckout()).map(CheckoutAttempt::reference).contains(FIRST);
        assertThat(restarted.openCheckout())
                .as("the second attempt's checkout is not recorded yet")
                .isEmpty();
        assertThat(restarted.checkout(FIRST)).map(CheckoutAttempt::attempt).contains(1);
        assertThat(awaiting.backToDraft("checkout expired", at(3)).openCheckout())
                .isEmpty();
    }

    @Test
    void a_checkout_recorded_again_is_kept_once_and_an_attempt_never_has_two_checkouts() {
        assertThat(awaiting.checkoutOpened(1, FIRST, ASKED, at(9))).isSameAs(awaiting);

        assertThatThrownBy(() -> awaiting.checkoutOpened(1, SECOND, ASKED, at(3)))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> awaiting.checkoutOpened(1, FIRST, Money.of(100, "EUR"), at(3)))
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> awaiting.checkoutOpened(2, FIRST, ASKED, at(3)))
                .as("an attempt not started")
                .isInstanceOf(DomainViolation.class);
        assertThatThrownBy(() -> awaiting.checkoutOpened(0, SECOND, ASKED, at(3)))
                .isInstanceOf(DomainViolation.class);
    }

    @Test
    void a_checkout_of_an_earlier_attempt_is_recorded_even_after_a_later_one() {
        Order bothKnown = f.draft(8)
                .awaitPayment(at(1))
                .backToDraft("checkout restarted", at(3))
                .awaitPayment(at(3))
                .checkoutOpened(2, SECOND, ASKED, at(4))
                .checkoutOpened(1, FIRST, ASKED, at(5));

        assertThat(bothKnown.checkouts()).extracting(CheckoutAttempt::attempt).containsExactly(2, 1);
        assertThat(bothKnown.openCheckout()).map(CheckoutAttempt::reference).contains(SECOND);
        assertThat(bothKnown.receivePayment(FIRST, ASKED, PAYMENT, at(6))).isInstanceOf(PaymentDecision.Accepted.class);
    }

    private static Instant at(int minutes) {
        return NOW.plusSeconds(60L * minutes);
    }
}
