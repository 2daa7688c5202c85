package ai.kaptura.ports.out;

import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.OrderId;
import java.util.Map;

/**
 * The photo-quality advice kept for the selfies of an order (R51): flags only. A selfie's advice goes with it: removed
 * with {@link #forget} when the person removes the selfie; in the database store also as soon as the order is saved
 * with the selfie due for deletion (whatever the reason), and with the selfie's row when an order is deleted.
 */
public interface SelfieAdvices {

    /**
     * Keeps a selfie's advice, which must be in {@code order} and stored; a selfie has advice once. In the database
     * store, a selfie saved as due for deletion meanwhile (by a transaction committed first) gets none.
     */
    void record(OrderId order, SelfieId selfie, SelfieAdvice advice);

    /** The advice kept for the selfies of an order, by selfie; selfies analysed without a word of advice map to none. */
    Map<SelfieId, SelfieAdvice> of(OrderId order);

    /** Forgets a selfie's advice (the selfie was removed); nothing happens when it had none. */
    void forget(SelfieId selfie);
}
