package ai.kaptura.domain.order;

import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.rule.Implements;
import ai.kaptura.domain.rule.Rule;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.domain.shared.Rejection;
import java.util.Collection;
import java.util.Optional;

/**
 * How much a person may keep with us before paying (R47): unpaid orders are free to open and may hold selfies
 * for days, so without a bound one account could fill the vault. At most {@code openOrders} orders may be open
 * at once (a draft, or waiting for payment), and their stored photos may weigh at most {@code bytes} in all.
 * Paid orders do not count: their selfies are on their way to the vendor and leave with delivery (R10).
 *
 * @param openOrders how many unpaid orders one person may hold
 * @param bytes      how many bytes of stored photos one person's unpaid orders may hold
 */
@Implements(Rule.R47)
public record UploadQuota(int openOrders, long bytes) {

    /** Two full orders (20 photos of about 10 MB each) and some to spare. */
    public static final UploadQuota STANDARD = new UploadQuota(3, 400L * 1024 * 1024);

    public UploadQuota {
        if (openOrders < 1) {
            throw new DomainViolation("A person may hold at least one open order");
        }
        if (bytes < 1) {
            throw new DomainViolation("A storage quota is at least one byte");
        }
    }

    /** Why {@code orders} (all of one person's) leave no room for one more open order, if they don't. */
    public Optional<Rejection> newOrderBlocker(Collection<Order> orders) {
        long open = orders.stream().filter(UploadQuota::isOpen).count();
        if (open >= openOrders) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.OPEN_ORDER_LIMIT,
                    "You already have " + open
                            + " unpaid orders; finish or delete one before starting another (at most " + openOrders
                            + " at once)"));
        }
        return Optional.empty();
    }

    /**
     * Why {@code orders} (all of one person's) leave no room for {@code incoming} more bytes, if they don't. With
     * {@code incoming} zero it answers whether anything at all may still be added.
     */
    public Optional<Rejection> uploadBlocker(Collection<Order> orders, long incoming) {
        long held = heldBytes(orders);
        if (held + Math.max(0, incoming) > bytes || held >= bytes) {
            return Optional.of(Rejection.of(
                    Rejection.Reason.STORAGE_QUOTA,
                    "Your unpaid orders already hold "
                            + megabytes(held) + " of photos, and at most " + megabytes(bytes)
                            + " may wait before payment; remove some photos or delete a draft you no longer need"));
        }
        return Optional.empty();
    }

    /** The bytes of stored photos in the person's unpaid orders. */
    public static long heldBytes(Collection<Order> orders) {
        return orders.stream()
                .filter(UploadQuota::isOpen)
                .flatMap(o -> o.selfies().stream())
                .mapToLong(s -> s instanceof Selfie.Stored stored ? stored.bytes() : 0)
                .sum();
    }

    private static boolean isOpen(Order order) {
        return order.status() == OrderStatus.DRAFT || order.status() == OrderStatus.AWAITING_PAYMENT;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
    }
}
