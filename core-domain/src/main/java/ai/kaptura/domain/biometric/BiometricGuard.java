package ai.kaptura.domain.biometric;

import ai.kaptura.domain.account.Account;
import ai.kaptura.domain.consent.ConsentState;
import ai.kaptura.domain.consent.ProcessingPolicy;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.policy.PolicyHistory;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.domain.shared.Result;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one gate in front of selfie bytes (R1). It issues a {@link SelfieReadPermit} only:
 * <ul>
 *   <li>to send them to the AI vendor, for a paid order whose processing the consent allows
 *       (R4, R7, R9, R17, R42), covering the order's selfies that still live;</li>
 *   <li>to give the person a copy of their own selfies (R29), which needs no consent.</li>
 * </ul>
 * Selfies due for deletion or deleted are never covered.
 */
@Implements({Rule.R1, Rule.R4, Rule.R17})
public final class BiometricGuard {

    private BiometricGuard() {}

    public static Result<SelfieReadPermit> forVendorTraining(
            Account account, Order order, ConsentState consent, PolicyHistory policies, Instant now) {
        Optional<Rejection> blocked = ProcessingPolicy.check(account, order, consent, policies, now);
        if (blocked.isPresent()) {
            return Result.refused(blocked.get());
        }
        if (order.status() != OrderStatus.PAID && order.status() != OrderStatus.TRAINING) {
            return Result.refused(
                    Rejection.Reason.ORDER_STATE,
                    "Selfies of order " + order.id() + " go to the vendor only once it is paid (it is " + order.status()
                            + ")");
        }
        return Result.ok(
                new SelfieReadPermit(order.id(), livePhotos(order), SelfieReadPermit.Purpose.VENDOR_TRAINING, now));
    }

    public static Result<SelfieReadPermit> forOwnerCopy(Account account, Order order, Instant now) {
        if (!order.belongsTo(account.id())) {
            return Result.refused(Rejection.Reason.NOT_FOUND, "Order " + order.id() + " is not this account's");
        }
        return Result.ok(new SelfieReadPermit(order.id(), livePhotos(order), SelfieReadPermit.Purpose.OWNER_COPY, now));
    }

    private static List<PhotoRef> livePhotos(Order order) {
        return order.liveSelfies().stream().flatMap(s -> s.photo().stream()).toList();
    }
}
