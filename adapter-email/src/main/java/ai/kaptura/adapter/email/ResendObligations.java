package ai.kaptura.adapter.email;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.account.EmailAddress;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.privacy.LocationOutcome;
import ai.kaptura.domain.privacy.RetentionGround;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.ports.out.ProcessorObligations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Resend's part in the person's rights. Kaptura keeps nothing at Resend but what sending leaves behind:
 * no contact, audience or list; each message goes to the address on the account at the time it is sent.
 *
 * <p><b>Rectification (R26)</b>: nothing at Resend needs changing; mail from then on goes to the corrected
 * address. <b>Erasure (R27)</b>: Resend keeps a log of every message sent — the recipient address among it —
 * and its API offers no way to delete a sent message (an email can be sent, read, listed, rescheduled or
 * cancelled before it goes, not deleted). What stays is the record of the service mail Kaptura sent the person,
 * the answer to this very request included: the proof that the request was answered (GDPR Art. 12(3)) should the person
 * later complain or claim otherwise, so it is retained on the ground of Art. 17(3)(e), and only until Resend deletes
 * its logs by itself ({@code RESEND_LOG_RETENTION_DAYS}, the data retention of the operator's Resend plan). The lapse
 * date is the day after that period ends, counted from this erasure: the confirmation of the erasure is sent after it.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class ResendObligations implements ProcessorObligations {

    static final String RECTIFIED =
            "Nothing to change at Resend: Kaptura keeps no contact or list there and sends each message "
                    + "to the address on the account at the time, so mail from now on goes to the corrected address. Messages sent "
                    + "before stay in Resend's sending logs with the old address until Resend's log retention period ends";

    static final String RETAINED = "Resend's logs of the service emails sent to the account (sign-in codes, order and "
            + "privacy-request messages, the confirmation of this erasure included): for each, the recipient address, subject, "
            + "content and delivery events";

    private final int logRetentionDays;

    ResendObligations(int logRetentionDays) {
        if (logRetentionDays < 1 || logRetentionDays > 3650) {
            throw new IllegalArgumentException(
                    "RESEND_LOG_RETENTION_DAYS is the data retention of the Resend plan, 1 to 3650 days");
        }
        this.logRetentionDays = logRetentionDays;
    }

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

    /** Asks Resend nothing (its API cannot delete a sent message): answers what stays there, on which ground, until when. */
    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(now, "now");
        LocalDate lapses = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(logRetentionDays + 1L);
        return new LocationOutcome.RetainedWithBasis(RETAINED, RetentionGround.LEGAL_CLAIMS, detail(), lapses, now);
    }

    private String detail() {
        return "Proof that the person's requests were answered and the service mail sent (GDPR Art. 12(3), Art. 82); "
                + "Resend's API cannot delete a sent message, and Resend deletes its logs after the " + logRetentionDays
                + " days of the plan's data retention (RESEND_LOG_RETENTION_DAYS). A suppression entry, if a message bounced, "
                + "is removed by the operator in Resend";
    }
}
