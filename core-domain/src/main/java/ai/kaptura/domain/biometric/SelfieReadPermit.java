package ai.kaptura.domain.biometric;

import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Permission to read the bytes of particular selfies, for one purpose. Only {@link BiometricGuard}
 * can make one, so any code path that reads selfie bytes (the vault's read takes a permit) has passed
 * the consent check first (R1, R17).
 */
@Implements({Rule.R1, Rule.R17})
public final class SelfieReadPermit {

    /** Why the bytes are read. */
    public enum Purpose {
        /** The one exit: to the AI vendor, for an order with valid consent (R17). */
        VENDOR_TRAINING,
        /** A copy for the person themselves, in their export (R29). */
        OWNER_COPY
    }

    private final OrderId order;
    private final Set<PhotoRef> photos;
    private final Purpose purpose;
    private final Instant issuedAt;

    SelfieReadPermit(OrderId order, List<PhotoRef> photos, Purpose purpose, Instant issuedAt) {
        this.order = order;
        this.photos = Set.copyOf(photos);
        this.purpose = purpose;
        this.issuedAt = issuedAt;
    }

    public OrderId order() {
        return order;
    }

    public Purpose purpose() {
        return purpose;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Set<PhotoRef> photos() {
        return photos;
    }

    /**
     * Whether {@code permit} lets an order's selfies go to the AI vendor for training: the guard's vendor-training permit
     * for that very order, nothing else (R1, R17). Every generator adapter asks this before it reads a byte.
     */
    public static boolean allowsVendorTraining(SelfieReadPermit permit, OrderId order) {
        return permit != null
                && permit.purpose() == Purpose.VENDOR_TRAINING
                && permit.order().equals(order);
    }

    /** Whether this permit covers {@code photo}; the vault refuses to read anything it does not. */
    public boolean covers(PhotoRef photo) {
        return photos.contains(photo);
    }

    @Override
    public String toString() {
        return "SelfieReadPermit[" + purpose + " for order " + order + ", " + photos.size() + " photos]";
    }
}
