package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.shared.Rejection;
import java.util.List;
import java.util.Optional;

/** The plans on offer and a person's own orders; another person's order does not exist for them. */
public interface ViewOrders {

    List<Plan> plans();

    List<Order> mine(AccountId account);

    Optional<Order> mine(AccountId account, OrderId order);

    /**
     * Why the processing of the caller's own order waits, if it does: only an order in production can wait, for
     * consent that is missing, withdrawn or stale under a policy version material for biometrics (R4, R7, R9), or
     * for an account whose processing is stopped (R42). A stale consent is renewed on the order page
     * ({@link CheckOut#renew}); empty for any other order, and for another person's.
     */
    Optional<Rejection> processingBlocker(AccountId account, OrderId order);
}
