package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.MinorFlag;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.privacy.PrivacyRequestId;
import ai.kaptura.domain.shared.Rejection;
import java.time.Instant;

/** R42: flagging an account as a minor's stops all processing and erases it within 72 hours. */
public interface FlagMinor {

    /** @param by who flags it: an operator at the desk (R50), or the system */
    record Command(AccountId account, MinorFlag.Source source, String reason, Actor by) {
        public Command(AccountId account, MinorFlag.Source source, String reason) {
            this(account, source, reason, Actor.SYSTEM);
        }
    }

    sealed interface Outcome {
        record Flagged(PrivacyRequestId erasure, Instant erasureDeadline) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome handle(Command command);
}
