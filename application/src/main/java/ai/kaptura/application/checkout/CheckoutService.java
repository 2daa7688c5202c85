package ai.kaptura.application.checkout;

import ai.kaptura.application.common.AuditTrail;
import ai.kaptura.application.common.JobRequests;
import ai.kaptura.application.common.OrderBook;
import ai.kaptura.application.common.Retry;
import ai.kaptura.application.common.Settings;
import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.audit.AuditAction;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.domain.consent.CheckoutConsent;
import ai.kaptura.domain.consent.ConsentDecision;
import ai.kaptura.domain.consent.ConsentRecord;
import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.IdSupplier;
import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import ai.kaptura.ports.in.CheckOut;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.Jobs;
import ai.kaptura.ports.out.PaymentGateway;
import ai.kaptura.ports.out.PolicyVersions;
import ai.kaptura.ports.out.Transactions;
import ai.kaptura.ports.out.VendorRefusal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Checkout: the consent boxes become records (every decision, refusals too, R4–R6), the 18+ attestation
 * is recorded (R42), and only then is a payment started. No cookie or marketing choice is asked (R8).
 */
public record CheckoutService(
        OrderBook book,
        Accounts accounts,
        ConsentLedger ledger,
        PolicyVersions policies,
        PaymentGateway payments,
        Jobs jobs,
        Transactions tx,
        AuditTrail audit,
        IdSupplier ids,
        InstantSource clock,
        Settings settings)
        implements CheckOut {

    private static final System.Logger LOG = System.getLogger(CheckoutService.class.getName());

    @Override
    public Outcome handle(Command command) {
        Instant now = clock.instant();
        Result<Order> decided = Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Order> found = book.mine(command.account(), command.order());
            if (found.isEmpty()) {
                return Result.<Order>refused(Rejection.Reason.NOT_FOUND, "No such order");
            }
            Order order = found.get();
            if (order.status() == OrderStatus.AWAITING_PAYMENT) {
                // A new attempt: the earlier checkout stays payable at the processor; a second payment
                // is detected and refunded when its webhook arrives.
                order = order.backToDraft("checkout restarted", now);
            }
            Account account = book.account(command.account());
            CheckoutConsent.Decision decision =
                    CheckoutConsent.atCheckout(account, order, boxes(command), policies.history(), ids, now);
            appendAll(decision, command);
            return switch (decision) {
                case CheckoutConsent.Decision.Refused no -> Result.<Order>refused(no.why());
                case CheckoutConsent.Decision.Accepted yes -> {
                    accounts.save(account.attest(yes.attestation()).touch(now));
                    audit.record(
                            Actor.person(account.id()),
                            AuditAction.AGE_ATTESTED,
                            Subject.of("account", account.id()),
                            Rule.R42,
                            Map.of("text_version", yes.attestation().textVersion()));
                    Order awaiting = book.save(order.awaitPayment(now));
                    audit.record(
                            Actor.person(account.id()),
                            AuditAction.CHECKOUT_STARTED,
                            Subject.of("order", awaiting.id()),
                            Rule.R4,
                            Map.of("attempt", awaiting.checkoutAttempts()));
                    yield Result.ok(awaiting);
                }
            };
        }));
        Order order;
        switch (decided) {
            case Result.Ok<Order>(Order awaiting) -> order = awaiting;
            case Result.Refused<Order>(Rejection why) -> {
                return new Outcome.Refused(why);
            }
        }
        // The payment processor is called after the commit, never inside the transaction.
        PaymentGateway.Session session;
        try {
            session = payments.startCheckout(new PaymentGateway.Checkout(
                    order.id(),
                    order.price(),
                    "Kaptura headshots (" + order.plan() + ")",
                    "checkout:" + order.id() + ":" + order.checkoutAttempts(),
                    settings.url("/orders/" + order.id() + "?paid=1"),
                    settings.url("/orders/" + order.id() + "?cancelled=1")));
        } catch (RuntimeException e) {
            if (e instanceof VendorRefusal) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "The payment provider refused the checkout of order {0}: {1}",
                        order.id(),
                        e.getMessage());
                backToDraft(order, "payment provider refused the checkout");
                return refused(
                        Rejection.Reason.VENDOR_REFUSED,
                        "The payment provider refused to start this checkout; nothing"
                                + " was charged. The fault is ours, not yours, and has been logged for us; please try again later.");
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "The payment provider could not start the checkout of order {0}: {1}",
                    order.id(),
                    e.getMessage());
            backToDraft(order, "payment provider unavailable");
            return refused(
                    Rejection.Reason.VENDOR_UNAVAILABLE,
                    "The payment provider could not be reached; nothing was charged. Please try again in a moment.");
        }
        CheckoutRef reference;
        try {
            reference = new CheckoutRef(session.reference());
        } catch (InvalidInput e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "The payment provider answered the checkout of order {0} with an unusable reference",
                    order.id());
            backToDraft(order, "payment provider answered an unusable checkout");
            return refused(
                    Rejection.Reason.VENDOR_REFUSED,
                    "The payment provider could not start this checkout; nothing was"
                            + " charged. The fault is ours, not yours, and has been logged for us; please try again later.");
        }
        recordCheckout(order, reference);
        return new Outcome.Ready(session.url());
    }

    /**
     * The checkout's reference and the amount it asks are kept on the order before the person is sent to pay:
     * only a payment made on one of the order's own checkouts, for the amount it asked, pays the order. Nobody
     * has the checkout's address before this commits, so no payment of it can arrive before it is known.
     */
    private void recordCheckout(Order order, CheckoutRef reference) {
        Retry.onConflict(() -> tx.inTransaction(() -> book.find(order.id())
                .map(current -> book.save(
                        current.checkoutOpened(order.checkoutAttempts(), reference, order.price(), clock.instant())))));
    }

    /** An attempt whose checkout could not be started goes back to the draft, so the person can simply try again. */
    private void backToDraft(Order order, String why) {
        Retry.onConflict(() -> tx.inTransaction(() -> {
            Order current = book.require(order.id());
            return current.status() == OrderStatus.AWAITING_PAYMENT
                    ? book.save(current.backToDraft(why, clock.instant()))
                    : current;
        }));
    }

    @Override
    public Outcome renew(Command command) {
        Instant now = clock.instant();
        return Retry.onConflict(() -> tx.inTransaction(() -> {
            Optional<Order> found = book.mine(command.account(), command.order());
            if (found.isEmpty()) {
                return refused(Rejection.Reason.NOT_FOUND, "No such order");
            }
            Order order = found.get();
            Account account = book.account(command.account());
            CheckoutConsent.Decision decision =
                    CheckoutConsent.atRenewal(account, order, boxes(command), policies.history(), ids, now);
            appendAll(decision, command);
            return switch (decision) {
                case CheckoutConsent.Decision.Refused no -> new Outcome.Refused(no.why());
                case CheckoutConsent.Decision.Accepted yes -> {
                    accounts.save(account.attest(yes.attestation()).touch(now));
                    if (order.status() == OrderStatus.PAID) {
                        // Training was blocked by the stale consent; it may go on now.
                        jobs.enqueue(JobRequests.submitTraining(order, now));
                    } else if (order.status() == OrderStatus.GENERATING) {
                        // Generation may have waited for it too; asking again adds nothing for a style asked before.
                        jobs.enqueue(JobRequests.requestGeneration(order.id(), now));
                    }
                    yield new Outcome.Ready(settings.url("/orders/" + order.id()));
                }
            };
        }));
    }

    private void appendAll(CheckoutConsent.Decision decision, Command command) {
        for (ConsentRecord record : decision.records()) {
            ledger.append(record);
            AuditAction action = record.decision() == ConsentDecision.GRANTED
                    ? AuditAction.CONSENT_GRANTED
                    : AuditAction.CONSENT_REFUSED;
            audit.record(
                    Actor.person(command.account()),
                    action,
                    Subject.of("consent", record.id()),
                    Rule.R5,
                    Map.of(
                            "purpose",
                            record.purpose(),
                            "policy_version",
                            record.policyVersion(),
                            "order",
                            command.order()));
        }
    }

    private static CheckoutConsent.Boxes boxes(Command c) {
        return new CheckoutConsent.Boxes(
                c.biometricProcessing(), c.vendorDisclosure(), c.adult(), c.noticeVersion(), c.language());
    }

    private static Outcome refused(Rejection.Reason reason, String detail) {
        return new Outcome.Refused(Rejection.of(reason, detail));
    }
}
