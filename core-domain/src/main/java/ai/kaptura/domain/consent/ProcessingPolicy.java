package ai.kaptura.domain.consent;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import java.time.Instant;
import java.util.Optional;

/**
 * May this order's selfies be processed (sent to the vendor, trained on, generated from) now?
 * Only for a live account that is not a minor's (R42), with both purposes granted (R4), neither
 * withdrawn since (R7), and each grant given under a policy version no older than the latest version
 * material for biometrics (R9).
 */
@Implements({Rule.R4, Rule.R7, Rule.R9, Rule.R42})
public final class ProcessingPolicy {

    private ProcessingPolicy() {}

    public static Optional<Rejection> check(
            Account account, Order order, ConsentState consent, PolicyHistory policies, Instant now) {
        if (!order.belongsTo(account.id())) {
            return Optional.of(
                    Rejection.of(Rejection.Reason.NOT_FOUND, "Order " + order.id() + " is not this account's"));
        }
        if (!consent.order().equals(order.id())) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.CONSENT_MISSING,
                    "The consent checked belongs to another order than " + order.id()));
        }
        if (!account.mayProcess()) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.ACCOUNT_RESTRICTED,
                    "Processing is stopped for this account (" + account.status() + ")"));
        }
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Optional<ConsentRecord> latest = consent.latest(purpose);
            if (latest.isEmpty()) {
                return Optional.of(Rejection.of(
                        Rejection.Reason.CONSENT_MISSING,
                        "No consent to " + describe(purpose) + " has been given for this order"));
            }
            switch (latest.get().decision()) {
                case WITHDRAWN -> {
                    return Optional.of(Rejection.of(
                            Rejection.Reason.CONSENT_WITHDRAWN, "Consent to " + describe(purpose) + " was withdrawn"));
                }
                case REFUSED -> {
                    return Optional.of(Rejection.of(
                            Rejection.Reason.CONSENT_REFUSED, "Consent to " + describe(purpose) + " was refused"));
                }
                case GRANTED -> {
                    if (policies.isStale(latest.get(), now)) {
                        return Optional.of(Rejection.of(
                                Rejection.Reason.CONSENT_STALE,
                                "The privacy policy changed how your selfies are processed; please renew your consent to "
                                        + describe(purpose)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The rule a refusal of {@link #check} keeps: a stale consent R9, a withdrawn one R7, a stopped account R42, else R4. */
    public static Rule ruleKept(Rejection refusal) {
        return switch (refusal.reason()) {
            case CONSENT_STALE -> Rule.R9;
            case CONSENT_WITHDRAWN -> Rule.R7;
            case ACCOUNT_RESTRICTED -> Rule.R42;
            default -> Rule.R4;
        };
    }

    public static String describe(ConsentPurpose purpose) {
        return switch (purpose) {
            case BIOMETRIC_PROCESSING -> "processing your selfies to train a personal model";
            case VENDOR_DISCLOSURE -> "disclosing your selfies to the AI vendor";
        };
    }
}
