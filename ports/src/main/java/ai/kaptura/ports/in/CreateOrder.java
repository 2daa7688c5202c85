package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.shared.Rejection;
import java.util.List;

/** Starts a private draft order for a plan and a pick of its styles. */
public interface CreateOrder {

    record Command(AccountId account, PlanId plan, List<StyleId> styles) {
        public Command {
            styles = List.copyOf(styles);
        }
    }

    sealed interface Outcome {
        record Created(Order order) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome handle(Command command);
}
