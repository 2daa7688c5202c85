package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import java.time.Instant;
import java.util.List;

/**
 * What a vendor adapter does when a person's data held by its processor must be rectified (R26) or
 * erased (R27). Each real vendor adapter implements it, because only the adapter knows what it left at
 * its processor; adapters that keep everything on this machine have no processor and no obligations.
 */
public interface ProcessorObligations {

    /** The processor-registry name (R33); also the erasure location's name. */
    String processorName();

    /**
     * Passes a corrected email address on to the processor (R26).
     *
     * @return what was done, in words for the audit log and the person (never the address itself)
     */
    String rectifyEmail(AccountId account, EmailAddress newEmail);

    /**
     * Erases what the processor holds about the account and its orders, or says what it must keep and on
     * which legal basis (R16, R27): {@link LocationOutcome.Erased} with, per piece of evidence, what the processor
     * answered (its response and how many objects it removed or confirmed gone), {@link LocationOutcome.NothingHeld}
     * with how that was confirmed, or {@link LocationOutcome.RetainedWithBasis} with one of the grounds of GDPR
     * Art. 17(3), the law or reference behind it and the day the retention lapses. Never a legacy outcome.
     *
     * @throws RuntimeException if the processor could not be reached (the erasure job retries)
     */
    LocationOutcome erase(AccountId account, List<Order> orders, Instant now);
}
