package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import java.util.List;
import java.util.Optional;

/** The plans on offer and a person's own orders; another person's order does not exist for them. */
public interface ViewOrders {

    List<Plan> plans();

    List<Order> mine(AccountId account);

    Optional<Order> mine(AccountId account, OrderId order);
}
