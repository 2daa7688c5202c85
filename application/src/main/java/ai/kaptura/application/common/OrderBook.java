package ai.kaptura.application.common;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.BiometricRetention;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.privacy.PrivacyRequest;
import ai.kaptura.domain.privacy.RequestKind;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.RetentionPolicy;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.Accounts;
import ai.kaptura.ports.out.ConsentLedger;
import ai.kaptura.ports.out.LegalHolds;
import ai.kaptura.ports.out.Orders;
import ai.kaptura.ports.out.PrivacyRequests;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads and saves orders together with the facts the retention policy needs, so every save stores the
 * instant the order next becomes due (R10, R11, R14) computed by the one policy (R12). The facts include the account's
 * legal hold, if one is in force: the policy then keeps the selfies, whatever would make them due (R11).
 */
public final class OrderBook {

    private final Orders orders;
    private final Accounts accounts;
    private final ConsentLedger consents;
    private final PrivacyRequests requests;
    private final LegalHolds holds;
    private final RetentionPolicy policy;

    public OrderBook(
            Orders orders,
            Accounts accounts,
            ConsentLedger consents,
            PrivacyRequests requests,
            LegalHolds holds,
            RetentionPolicy policy) {
        this.orders = orders;
        this.accounts = accounts;
        this.consents = consents;
        this.requests = requests;
        this.holds = holds;
        this.policy = policy;
    }

    /** The legal hold in force on the account, if any: while it lasts, the account's selfies are kept (R11). */
    public Optional<AccountHold.Active> hold(AccountId account) {
        return holds.activeOn(account);
    }

    public Optional<Order> find(OrderId id) {
        return orders.find(id);
    }

    public Order require(OrderId id) {
        return orders.find(id).orElseThrow(() -> new DomainViolation("Order " + id + " does not exist"));
    }

    /** The order if it exists and belongs to {@code account}; another person's order does not exist for them. */
    public Optional<Order> mine(AccountId account, OrderId id) {
        return orders.find(id).filter(o -> o.belongsTo(account));
    }

    public Account account(AccountId id) {
        return accounts.find(id).orElseThrow(() -> new DomainViolation("Account " + id + " does not exist"));
    }

    public ConsentState consent(Order order) {
        return ConsentState.of(order, consents.ofAccount(order.account()));
    }

    public BiometricRetention.Situation situation(Order order) {
        Account account = account(order.account());
        Optional<Instant> erasureRequested = requests.ofAccount(order.account()).stream()
                .filter(r -> r.kind() == RequestKind.ERASURE)
                .map(PrivacyRequest::receivedAt)
                .min(Instant::compareTo);
        return new BiometricRetention.Situation(
                order,
                account,
                consent(order),
                erasureRequested,
                hold(order.account()).map(AccountHold::hold));
    }

    /**
     * Saves the order with its next retention due instant, reading the facts the policy needs ({@link #situation});
     * answers it with its new version. A transition that can end a purpose is saved through
     * {@link RetentionConsequences} instead, which draws what it makes due.
     */
    public Order save(Order order) {
        return save(situation(order));
    }

    /** Saves the situation's order with its next retention due instant, from facts already read; answers its new version. */
    public Order save(BiometricRetention.Situation situation) {
        return orders.save(situation.order(), BiometricRetention.nextDue(situation, policy));
    }

    public RetentionPolicy policy() {
        return policy;
    }
}
