package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import java.util.List;

/** R7: one action withdraws biometric consent, and takes effect at once. */
public interface WithdrawConsent {

    record Command(AccountId account, Language language) {}

    /** What the withdrawal did: the orders it stopped and those with selfies now being deleted. */
    record Outcome(List<OrderId> ordersStopped, int selfiesDueForDeletion, int modelDeletionsRequested) {
        public Outcome {
            ordersStopped = List.copyOf(ordersStopped);
        }
    }

    Outcome handle(Command command);
}
