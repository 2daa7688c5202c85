package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Resend's part in the person's rights. Kaptura keeps nothing at Resend but what sending leaves behind:
 * no contact, audience or list; each message goes to the address on the account at the time it is sent.
 *
 * <p><b>Rectification (R26)</b>: nothing at Resend needs changing; mail from then on goes to the corrected
 * address. <b>Erasure (R27)</b>: Resend keeps a log of every message sent — the recipient address among it —
 * and its API offers no way to delete a sent message (an email can be sent, read, listed, rescheduled or
 * cancelled before it goes, not deleted). So erasure answers, honestly, that these logs are retained until
 * Resend's own log retention period ends, and that the basis is the processor agreement, not a law that
 * demands them (R16). No retention period is stated as a number: none was confirmed from Resend's
 * documentation, and a wrong number would be a false promise.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class ResendObligations implements ProcessorObligations {

    static final String RECTIFIED =
            "Nothing to change at Resend: Kaptura keeps no contact or list there and sends each message "
                    + "to the address on the account at the time, so mail from now on goes to the corrected address. Messages sent "
                    + "before stay in Resend's sending logs with the old address until Resend's log retention period ends";

    static final String RETAINED = "Resend's logs of the service emails sent to the account (sign-in codes, order and "
            + "privacy-request messages, the confirmation of this erasure included): for each, the recipient address, subject, "
            + "content and delivery events; and, if a message bounced or was marked as spam, the address on Resend's "
            + "suppression list";

    static final String BASIS =
            "No law requires these logs; Resend's API cannot delete a sent message, so they stay at "
                    + "Resend, processed only on Kaptura's instructions under the DPA (GDPR Art. 28(3)), until Resend's log retention "
                    + "period ends. A suppression entry stays until the operator removes it in Resend; the operator may also ask "
                    + "Resend under the DPA to erase the logs sooner";

    @Override
    public String processorName() {
        return ResendMailer.PROCESSOR;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(newEmail, "new email");
        return RECTIFIED;
    }

    /** Asks Resend nothing (there is nothing to ask): answers what stays there, and why, for every account. */
    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(now, "now");
        return new LocationOutcome.RetainedWithBasis(RETAINED, BASIS, now);
    }
}
