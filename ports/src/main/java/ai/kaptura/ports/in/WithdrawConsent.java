package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import java.util.List;

/** R7: one action withdraws biometric consent, and takes effect at once. */
public interface WithdrawConsent {

    /**
     * @param by         who withdraws: the person on the privacy page, or an operator recording a withdrawal that came by
     *                   email or post (R50)
     * @param channel    how the withdrawal reached us (R24)
     * @param receivedAt when it reached us, if earlier than now (a letter recorded later); empty: now
     */
    record Command(
            AccountId account,
            Language language,
            ai.kaptura.domain.audit.Actor by,
            ai.kaptura.domain.privacy.Channel channel,
            java.util.Optional<java.time.Instant> receivedAt) {
        /** The person's own withdrawal, on the privacy page, now. */
        public Command(AccountId account, Language language) {
            this(
                    account,
                    language,
                    ai.kaptura.domain.audit.Actor.person(account),
                    ai.kaptura.domain.privacy.Channel.ELECTRONIC,
                    java.util.Optional.empty());
        }
    }

    /** What the withdrawal did: the orders it stopped and those with selfies now being deleted. */
    record Outcome(List<OrderId> ordersStopped, int selfiesDueForDeletion, int modelDeletionsRequested) {
        public Outcome {
            ordersStopped = List.copyOf(ordersStopped);
        }
    }

    Outcome handle(Command command);
}
