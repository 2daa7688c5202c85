package ai.kaptura.adapter.stripe;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Stripe's part in the person's rights. Kaptura sends Stripe no email address and creates no customer
 * object (R37), so there is no address of ours to correct (R26). What Stripe holds about an order —
 * the order reference, the checkout, the payment and refund records, and whatever the person typed
 * into Stripe's own checkout page — is a payment record that the law requires to be kept, so erasure
 * records it as retained on the ground of GDPR Art. 17(3)(b), a legal obligation, until the longest of those periods
 * ends (R16, R27), or, when no order of the account ever reached Stripe, as nothing held.
 *
 * <p>The lapse date is the end of the calendar year {@value #RECORD_YEARS} years after the erasure: the controller's
 * bookkeeping duty runs to ten years in the longest Member State laws (such as §147 AO for books and accounting records,
 * from the end of the calendar year), and the payment institution's own duty under Directive (EU) 2015/849 Art. 40 is
 * five years, which Member States may extend by five more. Every payment of the account was made before the erasure, so
 * none is kept past that day.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class StripeObligations implements ProcessorObligations {

    /** The longest retention of a payment record that the laws named in {@link #DETAIL} ask for, in years. */
    static final int RECORD_YEARS = 10;

    static final String RETAINED =
            "Stripe's records of the account's checkouts, payments and refunds: the order reference, "
                    + "amounts and dates, and the payer details the person entered on Stripe's checkout page";
    static final String DETAIL =
            "Payment records kept under the controller's bookkeeping and tax duties (for example §147 AO: 10 years for "
                    + "books and accounting records, from the end of the calendar year) and the payment institution's own "
                    + "record-keeping duty (Directive (EU) 2015/849, Art. 40: 5 years, extendable to 10)";

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
        LocalDate lapses = LocalDate.of(LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() + RECORD_YEARS, 12, 31);
        return new LocationOutcome.RetainedWithBasis(RETAINED, RetentionGround.LEGAL_OBLIGATION, DETAIL, lapses, now);
    }
}
