package ai.kaptura.ports.out;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Orders with their selfies, vendor model and headshots. Each save carries the next instant the
 * order's retention becomes due, which the store indexes so the sweep reads only what is due.
 */
public interface Orders {

    Optional<Order> find(OrderId id);

    /** The account's orders, newest first. */
    List<Order> ofAccount(AccountId account);

    /** The order that holds a headshot. */
    Optional<Order> findByHeadshot(HeadshotId headshot);

    /**
     * Inserts (version 0) or updates an order, returning it with its new version.
     *
     * @param nextRetentionDue when something of the order next becomes due under the retention policy
     * @throws ai.kaptura.domain.shared.ConcurrentUpdate if the stored version is not {@code order.version()}
     */
    Order save(Order order, Optional<Instant> nextRetentionDue);

    /** Orders whose retention is due at {@code now}, oldest due first. */
    List<OrderId> dueForRetention(Instant now, int limit);

    /**
     * Orders in production whose current stage began at or before {@code stageBegunBy}: training since the
     * model was requested, generating since it was trained. Longest waiting first. The vendor's callback for
     * such an order is overdue, so its status is looked up instead (Astria does not retry callbacks).
     */
    List<OrderId> inProductionSince(Instant stageBegunBy, int limit);

    /** Orders whose vendor model deletion was requested and is not yet confirmed. */
    List<OrderId> awaitingModelDeletion(int limit);

    /**
     * Orders whose vendor model is not confirmed deleted and was trained at or before {@code trainedBy} (or, never
     * trained, requested then): the models past their 30 days at {@code trainedBy + 30 days} (R14). Earliest first.
     */
    List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit);

    /**
     * Paid orders not yet finished (paid, training, generating) whose current stage began at or before
     * {@code stageBegunBy}: when they last changed state. Longest waiting first.
     */
    List<OrderId> stalledSince(Instant stageBegunBy, int limit);

    /**
     * Orders holding a selfie due for deletion (its bytes still in the vault) since {@code since} or earlier, the one
     * pending longest first.
     */
    List<OrderId> withSelfiesPendingDeletion(Instant since, int limit);

    /**
     * Orders whose payment must go back ({@link Order#needsRefund()}: paid for, then failed or cancelled) and is not
     * yet confirmed refunded, the newest first.
     */
    List<OrderId> awaitingRefund(int limit);

    /**
     * Which of {@code photos} a selfie or a headshot of some order names, whatever its state: the photos the vault may
     * not delete as orphans (R10). A selfie deleted with evidence names no photo any more.
     */
    Set<PhotoRef> referenced(Collection<PhotoRef> photos);

    /** Removes an order entirely (erasure, once its photos and vendor data are gone). */
    void delete(OrderId id);
}
