package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Orders;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@link Orders} in memory, with optimistic locking and the retention due index. */
public record InMemoryOrders(InMemoryDatabase db) implements Orders {

    public InMemoryOrders {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public Optional<Order> find(OrderId id) {
        synchronized (db) {
            return Optional.ofNullable(db.orders.get(id)).map(InMemoryDatabase.StoredOrder::order);
        }
    }

    @Override
    public List<Order> ofAccount(AccountId account) {
        synchronized (db) {
            return db.orders.values().stream()
                    .filter(s -> s.order().account().equals(account))
                    .sorted(Comparator.<InMemoryDatabase.StoredOrder, Instant>comparing(
                                    s -> s.order().createdAt())
                            .thenComparingLong(InMemoryDatabase.StoredOrder::seq)
                            .reversed())
                    .map(InMemoryDatabase.StoredOrder::order)
                    .toList();
        }
    }

    @Override
    public Optional<Order> findByHeadshot(HeadshotId headshot) {
        synchronized (db) {
            return db.orders.values().stream()
                    .map(InMemoryDatabase.StoredOrder::order)
                    .filter(o -> o.headshots().stream().anyMatch(h -> h.id().equals(headshot)))
                    .findFirst();
        }
    }

    @Override
    public Order save(Order order, Optional<Instant> nextRetentionDue) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(nextRetentionDue, "next retention due");
        synchronized (db) {
            InMemoryDatabase.StoredOrder stored = db.orders.get(order.id());
            long current = stored == null ? 0 : stored.order().version();
            if (order.version() != current) {
                throw new ConcurrentUpdate("Order " + order.id(), order.version());
            }
            Order saved = order.withVersion(current + 1);
            long seq = stored == null ? db.nextSequence() : stored.seq();
            db.orders.put(saved.id(), new InMemoryDatabase.StoredOrder(saved, nextRetentionDue, seq));
            return saved;
        }
    }

    @Override
    public List<OrderId> dueForRetention(Instant now, int limit) {
        return ids(
                s -> s.due().filter(due -> !due.isAfter(now)).isPresent(),
                earliestThenStored(s -> s.due().orElseThrow()),
                limit);
    }

    @Override
    public List<OrderId> inProductionSince(Instant stageBegunBy, int limit) {
        return atOrBefore(InMemoryOrders::stageBegan, stageBegunBy, limit);
    }

    /** When an order in production began its current stage: training since the model was requested, generating since it was trained. */
    private static Optional<Instant> stageBegan(Order order) {
        return switch (order.status()) {
            case TRAINING -> order.model().map(VendorModel::requestedAt);
            case GENERATING -> order.model().flatMap(VendorModel::trainedAt);
            default -> Optional.empty();
        };
    }

    @Override
    public List<OrderId> awaitingModelDeletion(int limit) {
        return ids(
                s -> s.order()
                        .model()
                        .filter(VendorModel.DeletionRequested.class::isInstance)
                        .isPresent(),
                earliestThenStored(
                        s -> ((VendorModel.DeletionRequested) s.order().model().orElseThrow()).deletionRequestedAt()),
                limit);
    }

    @Override
    public List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit) {
        return atOrBefore(InMemoryOrders::modelAge, trainedBy, limit);
    }

    /** When an unconfirmed model's 30 days began: its training, or its request if it never trained. */
    private static Optional<Instant> modelAge(Order order) {
        return order.model()
                .filter(m -> !m.isDeletionConfirmed())
                .map(m -> m.trainedAt().orElse(m.requestedAt()));
    }

    @Override
    public List<OrderId> stalledSince(Instant stageBegunBy, int limit) {
        return atOrBefore(
                o -> o.status().isInProduction() ? Optional.of(lastChange(o)) : Optional.empty(), stageBegunBy, limit);
    }

    private static Instant lastChange(Order order) {
        return order.history().getLast().at();
    }

    @Override
    public List<OrderId> withSelfiesPendingDeletion(Instant since, int limit) {
        return atOrBefore(InMemoryOrders::pendingSince, since, limit);
    }

    /** Since when the order's longest-pending selfie has been due for deletion, if one is. */
    private static Optional<Instant> pendingSince(Order order) {
        return order.selfies().stream()
                .filter(Selfie.PendingDeletion.class::isInstance)
                .map(s -> ((Selfie.PendingDeletion) s).since())
                .min(Instant::compareTo);
    }

    @Override
    public List<OrderId> awaitingRefund(int limit) {
        return ids(
                s -> s.order().needsRefund(),
                Comparator.<InMemoryDatabase.StoredOrder, Instant>comparing(
                                s -> s.order().createdAt())
                        .reversed()
                        .thenComparing(s -> s.order().id().value()),
                limit);
    }

    /** The ids of the orders whose {@code instant} is at or before {@code by}, earliest first, then by id. */
    private List<OrderId> atOrBefore(Function<Order, Optional<Instant>> instant, Instant by, int limit) {
        return ids(
                s -> instant.apply(s.order()).filter(at -> !at.isAfter(by)).isPresent(),
                Comparator.<InMemoryDatabase.StoredOrder, Instant>comparing(
                                s -> instant.apply(s.order()).orElseThrow())
                        .thenComparing(s -> s.order().id().value()),
                limit);
    }

    /** Orders by {@code instant}, earliest first, then in the order they were first stored. */
    private static Comparator<InMemoryDatabase.StoredOrder> earliestThenStored(
            Function<InMemoryDatabase.StoredOrder, Instant> instant) {
        return Comparator.comparing(instant).thenComparingLong(InMemoryDatabase.StoredOrder::seq);
    }

    /** The ids of at most {@code limit} stored orders that {@code which} keeps, in {@code order}. */
    private List<OrderId> ids(
            Predicate<InMemoryDatabase.StoredOrder> which, Comparator<InMemoryDatabase.StoredOrder> order, int limit) {
        synchronized (db) {
            return db.orders.values().stream()
                    .filter(which)
                    .sorted(order)
                    .limit(Math.max(limit, 0))
                    .map(s -> s.order().id())
                    .toList();
        }
    }

    @Override
    public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
        Set<PhotoRef> asked = Set.copyOf(photos);
        synchronized (db) {
            return db.orders.values().stream()
                    .map(InMemoryDatabase.StoredOrder::order)
                    .flatMap(o -> Stream.concat(
                            o.selfies().stream().flatMap(s -> s.photo().stream()),
                            o.headshots().stream().map(Headshot::photo)))
                    .filter(asked::contains)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    @Override
    public void delete(OrderId id) {
        synchronized (db) {
            db.orders.remove(id);
        }
    }
}
