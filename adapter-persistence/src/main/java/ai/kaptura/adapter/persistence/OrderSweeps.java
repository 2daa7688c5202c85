package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_STATUS_CHANGES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;

import ai.kaptura.adapter.persistence.OrderRows.ModelState;
import ai.kaptura.adapter.persistence.OrderRows.SelfieState;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.SelectLimitStep;
import org.jooq.impl.DSL;

/**
 * The sweeps' queries of {@link SqlOrders}: which orders a periodic job must look at (retention due, production overdue,
 * model deletion to request or confirm, stalled, selfies pending deletion, refunds owed). Each answers at most
 * {@code limit} order ids in a stable order (ties by id), reading order columns, never whole orders. These are
 * {@link ai.kaptura.ports.out.Orders}' methods of the same names, which {@link SqlOrders} inherits from here.
 */
abstract sealed class OrderSweeps permits SqlOrders {

    /** When an order in production began its current stage: training when the model was asked, generating when it was trained. */
    private static final Field<Instant> STAGE_BEGAN = DSL.when(
                    ORDERS.STATUS.eq(OrderStatus.TRAINING.name()), ORDERS.MODEL_REQUESTED_AT)
            .otherwise(ORDERS.MODEL_TRAINED_AT);
    /** When the vendor model was trained, or, never trained, asked for. */
    private static final Field<Instant> MODEL_BEGAN = DSL.coalesce(ORDERS.MODEL_TRAINED_AT, ORDERS.MODEL_REQUESTED_AT);
    /** The order's last status change. */
    private static final Field<Instant> LAST_CHANGE = DSL.field(DSL.select(DSL.max(ORDER_STATUS_CHANGES.CHANGED_AT))
            .from(ORDER_STATUS_CHANGES)
            .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID)));

    /** The statuses of an order in production: its model training, or its headshots generating. */
    private static final List<String> IN_PRODUCTION = names(OrderStatus.TRAINING, OrderStatus.GENERATING);
    /** The model states of a vendor model whose deletion the vendor has not confirmed yet. */
    private static final List<String> MODEL_UNCONFIRMED =
            names(ModelState.REQUESTED, ModelState.TRAINED, ModelState.DELETION_REQUESTED);
    /** The statuses of an order paid for whose headshots are not delivered yet. */
    private static final List<String> UNDER_WAY = names(OrderStatus.PAID, OrderStatus.TRAINING, OrderStatus.GENERATING);

    private final Database db;

    OrderSweeps(Database db) {
        this.db = db;
    }

    public List<OrderId> dueForRetention(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        return ids(limit, ctx -> due(ctx, now));
    }

    /** The sweep's query: it reads the due index only (earliest first, ties by id), never the whole table. */
    static ResultQuery<Record1<UUID>> dueQuery(DSLContext ctx, Instant now, int limit) {
        return due(ctx, now).limit(limit);
    }

    private static SelectLimitStep<Record1<UUID>> due(DSLContext ctx, Instant now) {
        return ctx.select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.RETENTION_DUE_AT.le(now))
                .orderBy(ORDERS.RETENTION_DUE_AT, ORDERS.ID);
    }

    public List<OrderId> inProductionSince(Instant stageBegunBy, int limit) {
        return begunBy(ORDERS.STATUS, IN_PRODUCTION, STAGE_BEGAN, stageBegunBy, limit);
    }

    public List<OrderId> awaitingModelDeletion(int limit) {
        return ids(
                limit,
                ctx -> ctx.select(ORDERS.ID)
                        .from(ORDERS)
                        .where(ORDERS.MODEL_STATE.eq(ModelState.DELETION_REQUESTED.name()))
                        .orderBy(ORDERS.MODEL_DELETION_REQUESTED_AT, ORDERS.ID));
    }

    public List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit) {
        Objects.requireNonNull(trainedBy, "trained by");
        return begunBy(ORDERS.MODEL_STATE, MODEL_UNCONFIRMED, MODEL_BEGAN, trainedBy, limit);
    }

    public List<OrderId> stalledSince(Instant stageBegunBy, int limit) {
        Objects.requireNonNull(stageBegunBy, "stage begun by");
        return begunBy(ORDERS.STATUS, UNDER_WAY, LAST_CHANGE, stageBegunBy, limit);
    }

    public List<OrderId> withSelfiesPendingDeletion(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        return ids(
                limit,
                ctx -> ctx.select(SELFIES.ORDER_ID)
                        .from(SELFIES)
                        .where(SELFIES.STATE.eq(SelfieState.PENDING_DELETION.name()))
                        .and(SELFIES.DELETION_SINCE.le(since))
                        .groupBy(SELFIES.ORDER_ID)
                        .orderBy(DSL.min(SELFIES.DELETION_SINCE), SELFIES.ORDER_ID));
    }

    public List<OrderId> awaitingRefund(int limit) {
        return ids(
                limit,
                ctx -> ctx.select(ORDERS.ID)
                        .from(ORDERS)
                        .where(ORDERS.STATUS.in(OrderStatus.FAILED.name(), OrderStatus.CANCELLED.name()))
                        .and(ORDERS.PAYMENT_REF.isNotNull())
                        .orderBy(ORDERS.CREATED_AT.desc(), ORDERS.ID));
    }

    /** The orders whose {@code state} is one of {@code states} and whose {@code began} is at or before {@code by}, earliest first. */
    private List<OrderId> begunBy(
            Field<String> state, List<String> states, Field<Instant> began, Instant by, int limit) {
        return ids(
                limit,
                ctx -> ctx.select(ORDERS.ID)
                        .from(ORDERS)
                        .where(state.in(states))
                        .and(began.le(by))
                        .orderBy(began, ORDERS.ID));
    }

    private static List<String> names(Enum<?>... values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    /** The first {@code limit} order ids {@code query} answers, in a transaction; none without asking when {@code limit} is not positive. */
    private List<OrderId> ids(int limit, Function<DSLContext, SelectLimitStep<Record1<UUID>>> query) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> query.apply(db.ctx()).limit(limit).fetch(r -> new OrderId(r.value1())));
    }
}
