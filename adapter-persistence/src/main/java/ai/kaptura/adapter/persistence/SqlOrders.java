package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.HEADSHOTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static org.jooq.impl.DSL.select;

import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.ports.out.Orders;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * {@link Orders} in six tables: the order row (which also holds the vendor model and the retention
 * due instant), its status history, the checkouts opened for it, its selfies, its headshots, and the
 * deletion evidence its selfies and model point to. Three parts do the work: {@link OrderRows} maps rows
 * and domain records both ways, {@link OrderWrites} saves an order writing only what changed, and
 * {@link OrderSweeps}, which this class extends, answers the sweeps' queries.
 *
 * <p>Reading is one statement however many orders are read, the children nested as {@code MULTISET}s
 * (evidence joined in), so a read is one snapshot even in a read-committed transaction. A read inside a
 * transaction is remembered for a save of the same version in that transaction ({@link OrderWrites#remember}).
 * A save of an order whose version is no longer the stored one is a {@link ConcurrentUpdate}, nothing written.
 */
final class SqlOrders extends OrderSweeps implements Orders {

    /** Keys asked about per statement: well under every database's limit on bind values. */
    private static final int KEYS_PER_QUERY = 500;

    private final Database db;
    private final OrderWrites writes;
    /** The read of one order by id, on every request that shows an order: rendered once. */
    private final RenderedQuery byId;
    /** Orders this node remembers (on PostgreSQL, while it hears every change: {@link ReadCaches}). */
    private final ReadCache<UUID, Order> remembered;

    SqlOrders(Database db) {
        super(db);
        this.db = db;
        this.writes = new OrderWrites(db);
        this.byId = new RenderedQuery(db, OrderRows.loadQuery(ORDERS.ID.eq(DSL.param("id", UUID.class))), 1);
        this.remembered = db.caches().orders();
    }

    // ---- reading --------------------------------------------------------------------------------

    @Override
    public Optional<Order> find(OrderId id) {
        Objects.requireNonNull(id, "order id");
        return Optional.ofNullable(db.remembered(remembered, id.value(), () -> load(id).orElse(null)));
    }

    /** This node forgets the order and its selfies' advice (which a save may delete: OrderWrites). */
    private void forget(OrderId id) {
        remembered.forget(id.value());
        db.caches().advices().forget(id.value());
    }

    private Optional<Order> load(OrderId id) {
        return db.read(ctx -> orders(byId.fetch(ctx, id.value()))).stream().findFirst();
    }

    @Override
    public List<Order> ofAccount(AccountId account) {
        Objects.requireNonNull(account, "account");
        return db.read(ctx -> load(ctx, ORDERS.ACCOUNT_ID.eq(account.value())));
    }

    @Override
    public Optional<Order> findByHeadshot(HeadshotId headshot) {
        Objects.requireNonNull(headshot, "headshot");
        return db.read(ctx ->
                load(
                                ctx,
                                ORDERS.ID.in(select(HEADSHOTS.ORDER_ID)
                                        .from(HEADSHOTS)
                                        .where(HEADSHOTS.ID.eq(headshot.value()))))
                        .stream()
                        .findFirst());
    }

    /** The orders {@code which} selects (see {@link OrderRows#loadQuery}), newest first. */
    private List<Order> load(DSLContext ctx, Condition which) {
        return orders(ctx.fetch(OrderRows.loadQuery(which)));
    }

    /** The orders of {@link OrderRows#loadQuery}'s rows; a transaction remembers what it read, for a save of the same version. */
    private List<Order> orders(Result<Record> rows) {
        List<Order> orders = rows.map(OrderRows::order);
        if (db.inTransactionNow()) {
            orders.forEach(writes::remember);
        }
        return orders;
    }

    @Override
    public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
        List<String> keys = photos.stream().map(PhotoRef::key).distinct().toList();
        Set<PhotoRef> found = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> some = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            db.read(ctx -> ctx.select(SELFIES.PHOTO_KEY)
                            .from(SELFIES)
                            .where(SELFIES.PHOTO_KEY.in(some))
                            .union(select(HEADSHOTS.PHOTO_KEY).from(HEADSHOTS).where(HEADSHOTS.PHOTO_KEY.in(some)))
                            .fetch(SELFIES.PHOTO_KEY))
                    .forEach(key -> found.add(new PhotoRef(key)));
        }
        return Set.copyOf(found);
    }

    // ---- writing --------------------------------------------------------------------------------

    @Override
    public Order save(Order order, Optional<Instant> nextRetentionDue) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(nextRetentionDue, "next retention due");
        return db.inTransaction(() -> {
            db.nowAndAtEnd(() -> forget(order.id()));
            return writes.save(order, nextRetentionDue);
        });
    }

    @Override
    public void delete(OrderId id) {
        Objects.requireNonNull(id, "order id");
        db.run(() -> {
            db.nowAndAtEnd(() -> forget(id));
            writes.forget(id);
            db.ctx().deleteFrom(ORDERS).where(ORDERS.ID.eq(id.value())).execute();
        });
    }
}
