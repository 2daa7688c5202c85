package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;

/**
 * The person drops an order they have not paid for: it is cancelled and its selfies are deleted at once (R10),
 * which also frees room under the limits on unpaid orders (R47).
 */
@Implements({Rule.R10, Rule.R47})
public interface DiscardOrder {

    record Command(AccountId account, OrderId order) {}

    sealed interface Outcome {
        /** @param selfiesDue how many selfies are now due for deletion */
        record Discarded(OrderId order, int selfiesDue) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome discard(Command command);
}
