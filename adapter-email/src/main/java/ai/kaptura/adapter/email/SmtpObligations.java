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
import java.util.Optional;

/**
 * The part in the person's rights of the operator's own mail provider, reached over SMTP. SMTP can only hand
 * messages over: it keeps no list Kaptura could correct (R26), and it has no command to delete what the
 * provider logged. So erasure (R27) answers, honestly, that the provider's logs of delivered mail stay under
 * its own retention, and that it is the operator's task to have them erased as its DPA with the provider
 * provides — Kaptura cannot do it for them.
 */
@Implements({Rule.R16, Rule.R26, Rule.R27})
final class SmtpObligations implements ProcessorObligations {

    static final int MAX_RETENTION_TEXT = 100;

    private final String processorName;
    private final Optional<String> logRetention;

    SmtpObligations(String processorName, String logRetention) {
        String retention = logRetention == null ? "" : logRetention.strip();
        if (retention.length() > MAX_RETENTION_TEXT
                || retention.contains("@")
                || retention.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "KAPTURA_SMTP_LOG_RETENTION is a short phrase such as '30 days' (at most " + MAX_RETENTION_TEXT
                            + " characters, one line, no address)");
        }
        this.processorName = ProcessorNames.check(processorName);
        this.logRetention = retention.isEmpty() ? Optional.empty() : Optional.of(retention);
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
                + "with the old address for " + retentionPhrase();
    }

    /** Asks the provider nothing (SMTP cannot): answers what stays there, and who must act. */
    @Override
    public LocationOutcome erase(AccountId account, List<Order> orders, Instant now) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(now, "now");
        String kept = "The mail provider's logs of the service emails delivered to the account (sign-in "
                + "codes, order and privacy-request messages, the confirmation of this erasure included): at least the "
                + "recipient address and delivery times, and whatever else the provider keeps, for "
                + retentionPhrase();
        String basis =
                "No law known to Kaptura requires these logs, and SMTP cannot delete them: the provider keeps them "
                        + "under its own retention, as a processor bound by the operator's DPA (GDPR Art. 28(3)). The operator must "
                        + "have the provider erase them as that DPA provides";
        return new LocationOutcome.RetainedWithBasis(kept, basis, now);
    }

    private String retentionPhrase() {
        return logRetention
                .map(period -> period + " (the provider's log retention, as the operator states it)")
                .orElse("the provider's own log retention period");
    }
}
