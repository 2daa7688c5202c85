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
 * The part in the person's rights of the operator's own mail provider, reached over SMTP. SMTP can only hand
 * messages over: it keeps no list Kaptura could correct (R26), and it has no command to delete what the
 * provider logged. So erasure (R27) answers that the provider's logs of delivered mail — the proof that the person's
 * requests were answered, this one's confirmation included — are retained on the ground of GDPR Art. 17(3)(e) until
 * the provider's own log retention ends ({@code KAPTURA_SMTP_LOG_RETENTION_DAYS}, as the operator's DPA with the
 * provider states it), and lapse the day after, counted from this erasure.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class SmtpObligations implements ProcessorObligations {

    static final int MAX_RETENTION_DAYS = 3650;

    private final String processorName;
    private final int logRetentionDays;

    SmtpObligations(String processorName, int logRetentionDays) {
        if (logRetentionDays < 1 || logRetentionDays > MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException(
                    "KAPTURA_SMTP_LOG_RETENTION_DAYS is how many days the provider keeps its delivery logs, 1 to "
                            + MAX_RETENTION_DAYS);
        }
        this.processorName = ProcessorNames.check(processorName);
        this.logRetentionDays = logRetentionDays;
    }

    @Override
    public String processorName() {
        return processorName;
    }

    @Override
    public String rectifyEmail(AccountId account, EmailAddress newEmail) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(newEmail, "new email");
        return "Nothing to change at the mail provider (" + processorName
                + "): over SMTP Kaptura keeps no contact or list there, "
                + "so mail from now on goes to the corrected address. Messages delivered before stay in the provider's logs "
                + "with the old address for " + logRetentionDays + " days (the provider's log retention)";
    }

    /** Asks the provider nothing (SMTP cannot): answers what stays there, on which ground, until when. */
    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(now, "now");
        String kept = "The mail provider's logs of the service emails delivered to the account (sign-in "
                + "codes, order and privacy-request messages, the confirmation of this erasure included): at least the "
                + "recipient address and delivery times";
        String detail =
                "Proof that the person's requests were answered and the service mail delivered (GDPR Art. 12(3),"
                        + " Art. 82); SMTP cannot delete what the provider logged, and the provider deletes its logs after "
                        + logRetentionDays + " days (KAPTURA_SMTP_LOG_RETENTION_DAYS, from the operator's DPA with it)";
        LocalDate lapses = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(logRetentionDays + 1L);
        return new LocationOutcome.RetainedWithBasis(kept, RetentionGround.LEGAL_CLAIMS, detail, lapses, now);
    }
}
