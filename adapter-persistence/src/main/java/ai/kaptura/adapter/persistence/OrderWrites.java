package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.HEADSHOTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_CHECKOUTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_STATUS_CHANGES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIE_ADVICE;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.listAgg;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectCount;

import ai.kaptura.adapter.persistence.OrderRows.SelfieState;
import ai.kaptura.adapter.persistence.schema.tables.records.HeadshotsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrderCheckoutsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrderStatusChangesRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrdersRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.SelfiesRecord;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record5;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableRecord;
import org.jooq.exception.DataAccessException;

/**
 * Saving an order, writing only what changed. A new order inserts its row (an existing id is a
 * {@link ConcurrentUpdate}) and then its children, several rows per statement. An existing order updates its row where
 * the version is still the one read (else {@link ConcurrentUpdate}, nothing written) and then writes only what changed:
 * the new status changes and checkouts, the selfies whose state moved (one upsert) and the new headshots. This relies on
 * the domain's rules that history, checkouts and headshots only grow and that a selfie keeps its place and changes only
 * by changing state.
 *
 * <p>What is stored to compare with comes from the transaction's own read or save of that version (the use case's
 * read, change, save), kept as the transaction's state in {@link Database} ({@link #remember}), else from one query
 * that locks the row first. Every row is built and checked against its columns' lengths ({@link ColumnLengths}) before
 * the first write: too long a text is an {@link ai.kaptura.domain.shared.InvalidInput} on both databases (never cut
 * short by H2's emulated upsert), and a save refused for its content has written nothing.
 */
final class OrderWrites {

    private static final Field<Integer> CHECKOUT_COUNT = field(
                    selectCount().from(ORDER_CHECKOUTS).where(ORDER_CHECKOUTS.ORDER_ID.eq(ORDERS.ID)))
            .as("checkout_count");
    private static final Field<Integer> HEADSHOT_COUNT = field(
                    selectCount().from(HEADSHOTS).where(HEADSHOTS.ORDER_ID.eq(ORDERS.ID)))
            .as("headshot_count");
    private static final Field<Integer> HISTORY_SIZE = field(
                    selectCount().from(ORDER_STATUS_CHANGES).where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID)))
            .as("history_size");
    /** Each selfie's state in position order, such as {@code SENT_TO_VENDOR,PENDING_DELETION}. */
    private static final Field<String> SELFIE_STATES = field(
                    select(listAgg(SELFIES.STATE, OrderRows.LIST_SEPARATOR).withinGroupOrderBy(SELFIES.POSITION))
                            .from(SELFIES)
                            .where(SELFIES.ORDER_ID.eq(ORDERS.ID)))
            .as("selfie_states");
    /** Per transaction, what is stored of the orders it read or saved, by order id. */
    private static final Database.TransactionState<Map<UUID, Stored>> KNOWN =
            new Database.TransactionState<>(HashMap::new);

    private final Database db;

    OrderWrites(Database db) {
        this.db = db;
    }

    /**
     * What is stored of an order's children at a version: how many status changes, checkouts and headshots,
     * each selfie's state. All that a save needs to write only what changed.
     */
    private record Stored(long version, int history, int checkouts, int headshots, List<SelfieState> selfies) {
        static Stored of(Order order) {
            return new Stored(
                    order.version(),
                    order.history().size(),
                    order.checkouts().size(),
                    order.headshots().size(),
                    order.selfies().stream().map(SelfieState::of).toList());
        }
    }

    /** Inserts (version 0) or updates {@code order}, in a transaction; answers it at its new version. */
    Order save(Order order, Optional<Instant> nextRetentionDue) {
        return db.inTransaction(() -> {
            if (order.version() == 0) {
                insert(order, nextRetentionDue.orElse(null));
            } else {
                update(order, nextRetentionDue.orElse(null));
            }
            Order saved = order.withVersion(order.version() + 1);
            remember(saved);
            return saved;
        });
    }

    /** Keeps, for the rest of the transaction open on this thread (if one is), what is stored of {@code order}. */
    void remember(Order order) {
        db.transactionState(KNOWN).ifPresent(known -> known.put(order.id().value(), Stored.of(order)));
    }

    /** Forgets what the transaction open on this thread knows of order {@code id} (it is being deleted). */
    void forget(OrderId id) {
        db.transactionState(KNOWN).ifPresent(known -> known.remove(id.value()));
    }

    /** What this transaction knows is stored of {@code order}'s version, if it read or saved it. */
    private Optional<Stored> known(Order order) {
        return db.transactionState(KNOWN)
                .map(known -> known.get(order.id().value()))
                .filter(s -> s.version() == order.version());
    }

    /** A new order: its row must not exist yet; then every child is new. */
    private void insert(Order order, Instant due) {
        DSLContext ctx = db.ctx();
        UUID id = order.id().value();
        // Every row is built (and checked) before the first write.
        OrdersRecord row = OrderRows.orderRow(order, due, 1);
        List<OrderStatusChangesRecord> history = OrderRows.historyFrom(order, 0);
        List<OrderCheckoutsRecord> checkouts = OrderRows.checkoutsFrom(order, 0);
        List<SelfiesRecord> selfies = new ArrayList<>();
        for (int i = 0; i < order.selfies().size(); i++) {
            selfies.add(OrderRows.selfieRow(id, i, order.selfies().get(i)));
        }
        List<HeadshotsRecord> headshots = OrderRows.headshotsFrom(order, 0);

        OrderRows.modelEvidence(order).ifPresent(e -> EvidenceRows.store(db, e)); // the order row points to it
        int inserted;
        try {
            inserted = ctx.insertInto(ORDERS).set(row).onConflictDoNothing().execute();
        } catch (DataAccessException e) {
            if (Database.isUniqueViolation(e)) {
                throw concurrentUpdate(order);
            }
            throw e;
        }
        if (inserted != 1) {
            throw concurrentUpdate(order);
        }
        insertAll(ctx, ORDER_STATUS_CHANGES, history);
        insertAll(ctx, ORDER_CHECKOUTS, checkouts);
        order.selfies().forEach(s -> OrderRows.evidenceOf(s).ifPresent(e -> EvidenceRows.store(db, e)));
        insertAll(ctx, SELFIES, selfies);
        insertAll(ctx, HEADSHOTS, headshots);
    }

    /**
     * An existing order: the order row is updated where its version is still the one read (the
     * optimistic check), then only the children that changed are written. What is stored of the
     * children comes from this transaction's own read or save of that version if there was one (the
     * usual read, change, save), else from a read that locks the row first.
     */
    private void update(Order order, Instant due) {
        DSLContext ctx = db.ctx();
        UUID id = order.id().value();
        Stored stored = known(order).orElseGet(() -> lockAndRead(order));

        // Every row is built (and checked) before the first write.
        OrdersRecord row = OrderRows.orderRow(order, due, order.version() + 1);
        row.touched(ORDERS.ID, false);
        row.touched(ORDERS.ACCOUNT_ID, false);
        row.touched(ORDERS.CREATED_AT, false);
        List<OrderStatusChangesRecord> history = OrderRows.historyFrom(order, stored.history());
        List<OrderCheckoutsRecord> checkouts = OrderRows.checkoutsFrom(order, stored.checkouts());
        List<Selfie> changedSelfies = new ArrayList<>();
        List<SelfiesRecord> changedRows = new ArrayList<>();
        for (int i = 0; i < order.selfies().size(); i++) {
            Selfie selfie = order.selfies().get(i);
            if (i >= stored.selfies().size() || stored.selfies().get(i) != SelfieState.of(selfie)) {
                changedSelfies.add(selfie);
                changedRows.add(OrderRows.selfieRow(id, i, selfie));
            }
        }
        List<HeadshotsRecord> headshots = OrderRows.headshotsFrom(order, stored.headshots());

        // The order row points to its model's evidence: that row is written first, every time (an insert that
        // changes nothing when it exists). Skipping it when this transaction read it already stored is not safe on
        // H2, whose foreign-key check on the update can miss an evidence row another transaction just committed.
        OrderRows.modelEvidence(order).ifPresent(evidence -> EvidenceRows.store(db, evidence));
        if (ctx.update(ORDERS)
                        .set(row)
                        .where(ORDERS.ID.eq(id).and(ORDERS.VERSION.eq(order.version())))
                        .execute()
                != 1) {
            throw concurrentUpdate(order);
        }
        cutTo(
                ctx,
                ORDER_STATUS_CHANGES.ORDER_ID,
                ORDER_STATUS_CHANGES.POSITION,
                id,
                stored.history(),
                order.history().size());
        insertAll(ctx, ORDER_STATUS_CHANGES, history);
        cutTo(
                ctx,
                ORDER_CHECKOUTS.ORDER_ID,
                ORDER_CHECKOUTS.POSITION,
                id,
                stored.checkouts(),
                order.checkouts().size());
        insertAll(ctx, ORDER_CHECKOUTS, checkouts);
        cutTo(
                ctx,
                SELFIES.ORDER_ID,
                SELFIES.POSITION,
                id,
                stored.selfies().size(),
                order.selfies().size());
        if (!changedRows.isEmpty()) {
            changedSelfies.forEach(s -> OrderRows.evidenceOf(s).ifPresent(e -> EvidenceRows.store(db, e)));
            // One statement for all of them, keyed by id; a selfie id held by another order is never taken over.
            ctx.insertInto(SELFIES)
                    .columns(SELFIES.fields())
                    .valuesOfRecords(changedRows)
                    .onConflict(SELFIES.ID)
                    .doUpdate()
                    .setNonPrimaryKeyToExcluded()
                    .where(SELFIES.ORDER_ID.eq(excluded(SELFIES.ORDER_ID)))
                    .execute();
            // R51: a selfie's advice lives only as long as the selfie may be used; due for deletion, it goes.
            List<UUID> gone = changedSelfies.stream()
                    .filter(selfie -> !selfie.isLive())
                    .map(selfie -> selfie.id().value())
                    .toList();
            if (!gone.isEmpty()) {
                ctx.deleteFrom(SELFIE_ADVICE)
                        .where(SELFIE_ADVICE.SELFIE_ID.in(gone))
                        .execute();
            }
        }
        cutTo(
                ctx,
                HEADSHOTS.ORDER_ID,
                HEADSHOTS.POSITION,
                id,
                stored.headshots(),
                order.headshots().size());
        insertAll(ctx, HEADSHOTS, headshots);
    }

    /**
     * Deletes order {@code id}'s rows of a child table from position {@code kept} on, when it had {@code stored} of
     * them and that is more; else no statement.
     */
    private static <R extends TableRecord<R>> void cutTo(
            DSLContext ctx,
            TableField<R, UUID> orderId,
            TableField<R, Integer> position,
            UUID id,
            int stored,
            int kept) {
        if (stored > kept) {
            ctx.deleteFrom(position.getTable())
                    .where(orderId.eq(id).and(position.ge(kept)))
                    .execute();
        }
    }

    /** Inserts {@code rows} into {@code table} in one statement; none, no statement. */
    private static <R extends TableRecord<R>> void insertAll(DSLContext ctx, Table<R> table, List<R> rows) {
        if (!rows.isEmpty()) {
            ctx.insertInto(table).columns(table.fields()).valuesOfRecords(rows).execute();
        }
    }

    /** Locks the order's row, checks its version and reads what is stored of its children, in one query. */
    private Stored lockAndRead(Order order) {
        Record5<Long, Integer, Integer, Integer, String> row = db.ctx()
                .select(ORDERS.VERSION, HISTORY_SIZE, CHECKOUT_COUNT, HEADSHOT_COUNT, SELFIE_STATES)
                .from(ORDERS)
                .where(ORDERS.ID.eq(order.id().value()))
                .forUpdate()
                .fetchOne();
        if (row == null || row.value1() != order.version()) {
            throw concurrentUpdate(order);
        }
        List<SelfieState> selfies = row.value5() == null || row.value5().isEmpty()
                ? List.of()
                : Arrays.stream(row.value5().split(OrderRows.LIST_SEPARATOR))
                        .map(state -> Rows.enumValue(SelfieState.class, state, "selfies", "state"))
                        .toList();
        return new Stored(row.value1(), row.value2(), row.value3(), row.value4(), selfies);
    }

    private static ConcurrentUpdate concurrentUpdate(Order order) {
        return new ConcurrentUpdate("Order " + order.id(), order.version());
    }
}
