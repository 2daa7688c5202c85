package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Stripe's part in the person's rights. Kaptura sends Stripe no email address and creates no customer
 * object (R37), so there is no address of ours to correct (R26). What Stripe holds about an order —
 * the order reference, the checkout, the payment and refund records, and whatever the person typed
 * into Stripe's own checkout page — is a payment record that the law requires to be kept, so erasure
 * records it as retained with its basis (R16, R27), or, when no order of the account ever reached
 * Stripe, as nothing held.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class StripeObligations implements ProcessorObligations {

    static final String RETAINED =
            "Stripe's records of the account's checkouts, payments and refunds: the order reference, "
                    + "amounts and dates, and the payer details the person entered on Stripe's checkout page";
    static final String LEGAL_BASIS =
            "GDPR Art. 17(3)(b): payment records kept under a legal obligation — the controller's "
                    + "bookkeeping duties and the payment institution's own record-keeping duty (EU Directive 2015/849, Art. 40)";

    @Override
    public String processorName() {
        return StripeAdapter.PROCESSOR_NAME;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(newEmail, "new email");
        return "Nothing to pass on: Kaptura never sends Stripe an email address or a customer (R37); the payer details "
                + "a person entered on Stripe's checkout page belong to that payment's record";
    }

    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(now, "now");
        boolean reachedStripe = orders.stream()
                .anyMatch(o -> o.checkoutAttempts() > 0 || o.payment().isPresent());
        if (!reachedStripe) {
            return new LocationOutcome.NothingHeld(
                    "No order of the account ever started a Stripe checkout, and Kaptura "
                            + "sends Stripe nothing else about a person",
                    now);
        }
        return new LocationOutcome.RetainedWithBasis(RETAINED, LEGAL_BASIS, now);
    }
}
