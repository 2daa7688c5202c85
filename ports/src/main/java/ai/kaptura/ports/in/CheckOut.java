package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.policy.Language;
import ai.kaptura.domain.policy.NoticeVersion;
import ai.kaptura.domain.shared.Rejection;

/**
 * Checkout: records both consents and the 18+ attestation against the exact notice version shown
 * (R4, R5, R42), then starts payment. Nothing about cookies or marketing is part of it (R8).
 */
public interface CheckOut {

    record Command(
            AccountId account,
            OrderId order,
            boolean biometricProcessing,
            boolean vendorDisclosure,
            boolean adult,
            NoticeVersion noticeVersion,
            Language language) {}

    sealed interface Outcome {
        record Ready(String checkoutUrl) implements Outcome {}

        record Refused(Rejection why) implements Outcome {}
    }

    Outcome handle(Command command);

    /** R9: renewing consent for a paid order blocked by a material policy change. */
    Outcome renew(Command command);
}
