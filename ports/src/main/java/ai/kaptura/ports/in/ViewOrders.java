package ai.kaptura.ports.in;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.Plan;
import ai.kaptura.domain.shared.Rejection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The plans on offer and a person's own orders; another person's order does not exist for them. */
public interface ViewOrders {

    List<Plan> plans();

    List<Order> mine(AccountId account);

    Optional<Order> mine(AccountId account, OrderId order);

    /**
     * Why the caller's own order waits, if it does: before a paid order's selfies go to the AI vendor, and before
     * headshots are asked of the trained model, the pipeline checks that consent is given, not withdrawn and not stale
     * under a policy version material for biometrics (R4, R7, R9), and that the account's processing is not stopped
     * (R42). A stale consent is renewed on the order page ({@link CheckOut#renew}). Empty for an order in any other
     * state (one in training is not held), and for another person's.
     */
    Optional<Rejection> processingBlocker(AccountId account, OrderId order);

    /** How large a selfie's thumbnail is at most, in pixels a side. */
    int THUMBNAIL_SIDE = 320;

    /**
     * A thumbnail (JPEG, at most {@link #THUMBNAIL_SIDE} pixels a side) of one of the caller's own selfies still held,
     * made afresh from the sanitised photo through the owner's-copy permit of the consent guard (R1) and never stored;
     * empty for another person's selfie and for one deleted or due for deletion.
     */
    Optional<byte[]> selfieThumbnail(AccountId account, OrderId order, SelfieId selfie);

    /**
     * The photo-quality advice kept for the caller's own order (R51), by selfie: flags computed on this server by a job
     * soon after each upload. A selfie without an entry is not analysed yet (see {@link #adviceUnderWay}) or could not
     * be (the analysis was unavailable); empty for another person's order. Advice never blocks anything: it is there
     * for the person to decide.
     */
    Map<SelfieId, SelfieAdvice> advice(AccountId account, OrderId order);

    /**
     * The selfies of the caller's own order before payment whose advice is still being computed (their job waits, runs,
     * or waits to be tried again), among those uploaded in the last few minutes; a selfie whose analysis ended without
     * advice is not among them, whatever the others' jobs do. Empty for another person's order, once the order is
     * paid, and when every selfie without advice is older than that.
     */
    Set<SelfieId> adviceUnderWay(AccountId account, OrderId order);
}
