package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.HEADSHOTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_CHECKOUTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_STATUS_CHANGES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.listAgg;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectCount;
import static org.jooq.impl.DSL.selectFrom;

import ai.kaptura.adapter.persistence.schema.tables.records.HeadshotsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrderCheckoutsRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrderStatusChangesRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.OrdersRecord;
import ai.kaptura.adapter.persistence.schema.tables.records.SelfiesRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.biometric.DeletionReason;
import ai.kaptura.domain.biometric.ModelRef;
import ai.kaptura.domain.biometric.PhotoRef;
import ai.kaptura.domain.biometric.Selfie;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.biometric.VendorModel;
import ai.kaptura.domain.headshot.AiMarker;
import ai.kaptura.domain.headshot.Headshot;
import ai.kaptura.domain.headshot.HeadshotId;
import ai.kaptura.domain.order.CheckoutAttempt;
import ai.kaptura.domain.order.CheckoutRef;
import ai.kaptura.domain.order.Money;
import ai.kaptura.domain.order.Order;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.domain.order.OrderStatus;
import ai.kaptura.domain.order.PaymentRef;
import ai.kaptura.domain.order.PlanId;
import ai.kaptura.domain.order.StatusChange;
import ai.kaptura.domain.order.StyleId;
import ai.kaptura.domain.retention.DeletionEvidence;
import ai.kaptura.domain.shared.ConcurrentUpdate;
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import ai.kaptura.ports.out.Orders;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record3;
import org.jooq.Record5;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * {@link Orders} in six tables: the order row (which also holds the vendor model and the retention
 * due instant), its status history, the checkouts opened for it, its selfies, its headshots, and the
 * deletion evidence its selfies and model point to. Rows map straight into the domain's records; a value the code does not know is
 * a {@link DomainViolation} naming table, column and value.
 *
 * <p>Reading is one statement however many orders are read, the children nested as {@code MULTISET}s
 * (evidence joined in), so a read is one snapshot even in a read-committed transaction.
 *
 * <p>Saving a new order inserts its row (an existing id is a {@link ConcurrentUpdate}) and then its
 * children, several rows per statement. Saving an existing order updates its row where the version is
 * still the one read (else {@link ConcurrentUpdate}, nothing written) and then writes only what changed:
 * the new status changes and checkouts, the selfies whose state moved (one upsert) and the new headshots. What is
 * stored to compare with comes from the transaction's own read or save of that version (the use case's
 * read, change, save), else from one query that locks the row first. This relies on the domain's rules
 * that history, checkouts and headshots only grow and that a selfie keeps its place and changes only by changing
 * state. Every row is built and checked against its columns' lengths ({@link ColumnLengths}) before the
 * first write: too long a text is an {@link ai.kaptura.domain.shared.InvalidInput} on both databases
 * (never cut short by H2's emulated upsert), and a save refused for its content has written nothing.
 */
final class SqlOrders implements Orders {

    private static final ai.kaptura.adapter.persistence.schema.tables.DeletionEvidence EVIDENCE =
            DELETION_EVIDENCE.as("evidence");
    private static final String LIST_SEPARATOR = ",";
    private static final Field<Result<Record3<String, Instant, String>>> HISTORY = multiset(
            select(ORDER_STATUS_CHANGES.STATUS, ORDER_STATUS_CHANGES.CHANGED_AT, ORDER_STATUS_CHANGES.WHY)
                    .from(ORDER_STATUS_CHANGES)
                    .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID))
                    .orderBy(ORDER_STATUS_CHANGES.POSITION)).as("history");
    private static final Field<Result<Record>> SELFIE_ROWS = multiset(
            select(SELFIES.fields()).select(EVIDENCE.fields())
                    .from(SELFIES)
                    .leftJoin(EVIDENCE).on(EVIDENCE.ID.eq(SELFIES.EVIDENCE_ID))
                    .where(SELFIES.ORDER_ID.eq(ORDERS.ID))
                    .orderBy(SELFIES.POSITION)).as("selfies");
    private static final Field<Result<HeadshotsRecord>> HEADSHOT_ROWS = multiset(
            selectFrom(HEADSHOTS).where(HEADSHOTS.ORDER_ID.eq(ORDERS.ID)).orderBy(HEADSHOTS.POSITION)).as("headshots");
    private static final Field<Result<OrderCheckoutsRecord>> CHECKOUT_ROWS = multiset(
            selectFrom(ORDER_CHECKOUTS).where(ORDER_CHECKOUTS.ORDER_ID.eq(ORDERS.ID)).orderBy(ORDER_CHECKOUTS.POSITION)).as("checkouts");
    private static final Field<Integer> CHECKOUT_COUNT = field(selectCount().from(ORDER_CHECKOUTS)
            .where(ORDER_CHECKOUTS.ORDER_ID.eq(ORDERS.ID))).as("checkout_count");
    private static final Field<Integer> HEADSHOT_COUNT = field(selectCount().from(HEADSHOTS)
            .where(HEADSHOTS.ORDER_ID.eq(ORDERS.ID))).as("headshot_count");
    private static final Field<Integer> HISTORY_SIZE = field(selectCount().from(ORDER_STATUS_CHANGES)
            .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID))).as("history_size");
    /** Each selfie's state in position order, such as {@code SENT_TO_VENDOR,PENDING_DELETION}. */
    private static final Field<String> SELFIE_STATES = field(select(listAgg(SELFIES.STATE, LIST_SEPARATOR)
            .withinGroupOrderBy(SELFIES.POSITION)).from(SELFIES).where(SELFIES.ORDER_ID.eq(ORDERS.ID))).as("selfie_states");
    /** Per thread, the orders its current transaction read or saved. */
    private static final ThreadLocal<Known> KNOWN = new ThreadLocal<>();

    private final Database db;
    /** The read of one order by id, on every request that shows an order: rendered once. */
    private final RenderedQuery byId;

    SqlOrders(Database db) {
        this.db = db;
        this.byId = new RenderedQuery(db, loadQuery(ORDERS.ID.eq(DSL.param("id", UUID.class))), 1);
    }

    /** The four states a selfie row can be in, named as the {@code selfies.state} column holds them. */
    private enum SelfieState {
        STORED, SENT_TO_VENDOR, PENDING_DELETION, DELETED;

        static SelfieState of(Selfie selfie) {
            return switch (selfie) {
                case Selfie.Stored s -> STORED;
                case Selfie.SentToVendor s -> SENT_TO_VENDOR;
                case Selfie.PendingDeletion s -> PENDING_DELETION;
                case Selfie.Deleted s -> DELETED;
            };
        }
    }

    /** The vendor model's states, named as the {@code orders.model_state} column holds them. */
    private enum ModelState {
        REQUESTED, TRAINED, DELETION_REQUESTED, DELETION_CONFIRMED
    }

    // ---- reading --------------------------------------------------------------------------------

    @Override
    public Optional<Order> find(OrderId id) {
        Objects.requireNonNull(id, "order id");
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
        return db.read(ctx -> load(ctx, ORDERS.ID.in(
                select(HEADSHOTS.ORDER_ID).from(HEADSHOTS).where(HEADSHOTS.ID.eq(headshot.value()))))
                .stream().findFirst());
    }

    @Override
    public List<OrderId> dueForRetention(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> dueQuery(db.ctx(), now, limit).fetch(r -> new OrderId(r.value1())));
    }

    /** The sweep's query: it reads the due index only (earliest first, ties by id), never the whole table. */
    static ResultQuery<Record1<UUID>> dueQuery(DSLContext ctx, Instant now, int limit) {
        return ctx.select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.RETENTION_DUE_AT.le(now))
                .orderBy(ORDERS.RETENTION_DUE_AT, ORDERS.ID)
                .limit(limit);
    }

    @Override
    public List<OrderId> inProductionSince(Instant stageBegunBy, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Field<Instant> stageBegan = DSL.when(ORDERS.STATUS.eq(OrderStatus.TRAINING.name()), ORDERS.MODEL_REQUESTED_AT)
                .otherwise(ORDERS.MODEL_TRAINED_AT);
        return db.inTransaction(() -> db.ctx().select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.STATUS.in(OrderStatus.TRAINING.name(), OrderStatus.GENERATING.name()))
                .and(stageBegan.le(stageBegunBy))
                .orderBy(stageBegan, ORDERS.ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    @Override
    public List<OrderId> awaitingModelDeletion(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> db.ctx().select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.MODEL_STATE.eq(ModelState.DELETION_REQUESTED.name()))
                .orderBy(ORDERS.MODEL_DELETION_REQUESTED_AT, ORDERS.ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    @Override
    public List<OrderId> modelsUnconfirmedSince(Instant trainedBy, int limit) {
        Objects.requireNonNull(trainedBy, "trained by");
        if (limit <= 0) {
            return List.of();
        }
        Field<Instant> began = DSL.coalesce(ORDERS.MODEL_TRAINED_AT, ORDERS.MODEL_REQUESTED_AT);
        return db.inTransaction(() -> db.ctx().select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.MODEL_STATE.in(ModelState.REQUESTED.name(), ModelState.TRAINED.name(), ModelState.DELETION_REQUESTED.name()))
                .and(began.le(trainedBy))
                .orderBy(began, ORDERS.ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    @Override
    public List<OrderId> stalledSince(Instant stageBegunBy, int limit) {
        Objects.requireNonNull(stageBegunBy, "stage begun by");
        if (limit <= 0) {
            return List.of();
        }
        Field<Instant> lastChange = DSL.field(DSL.select(DSL.max(ORDER_STATUS_CHANGES.CHANGED_AT))
                .from(ORDER_STATUS_CHANGES)
                .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID)));
        return db.inTransaction(() -> db.ctx().select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.STATUS.in(OrderStatus.PAID.name(), OrderStatus.TRAINING.name(), OrderStatus.GENERATING.name()))
                .and(lastChange.le(stageBegunBy))
                .orderBy(lastChange, ORDERS.ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    @Override
    public List<OrderId> withSelfiesPendingDeletion(Instant since, int limit) {
        Objects.requireNonNull(since, "since");
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> db.ctx().select(SELFIES.ORDER_ID)
                .from(SELFIES)
                .where(SELFIES.STATE.eq(SelfieState.PENDING_DELETION.name()))
                .and(SELFIES.DELETION_SINCE.le(since))
                .groupBy(SELFIES.ORDER_ID)
                .orderBy(DSL.min(SELFIES.DELETION_SINCE), SELFIES.ORDER_ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    @Override
    public List<OrderId> awaitingRefund(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return db.inTransaction(() -> db.ctx().select(ORDERS.ID)
                .from(ORDERS)
                .where(ORDERS.STATUS.in(OrderStatus.FAILED.name(), OrderStatus.CANCELLED.name()))
                .and(ORDERS.PAYMENT_REF.isNotNull())
                .orderBy(ORDERS.CREATED_AT.desc(), ORDERS.ID)
                .limit(limit)
                .fetch(r -> new OrderId(r.value1())));
    }

    /**
     * The orders {@code which} selects, newest first, each with all its children: one statement (the
     * children nested as {@code MULTISET}s), so one snapshot even in a read-committed transaction. The
     * transaction remembers what it read, for a save of the same version.
     */
    private List<Order> load(DSLContext ctx, Condition which) {
        return orders(ctx.fetch(loadQuery(which)));
    }

    private static Select<Record> loadQuery(Condition which) {
        return select(ORDERS.fields())
                .select(EVIDENCE.fields())
                .select(HISTORY, CHECKOUT_ROWS, SELFIE_ROWS, HEADSHOT_ROWS)
                .from(ORDERS)
                .leftJoin(EVIDENCE).on(EVIDENCE.ID.eq(ORDERS.MODEL_EVIDENCE_ID))
                .where(which)
                .orderBy(ORDERS.CREATED_AT.desc(), ORDERS.ID.desc());
    }

    /** The orders of {@link #loadQuery}'s rows; a transaction remembers what it read, for a save of the same version. */
    private List<Order> orders(Result<Record> rows) {
        List<Order> orders = rows.map(r -> order(r, r.get(HISTORY).map(SqlOrders::statusChange),
                r.get(CHECKOUT_ROWS).map(SqlOrders::checkout), r.get(SELFIE_ROWS).map(SqlOrders::selfie),
                r.get(HEADSHOT_ROWS).map(SqlOrders::headshot)));
        if (db.inTransactionNow()) {
            orders.forEach(this::remember);
        }
        return orders;
    }

    private static Order order(Record row, List<StatusChange> history, List<CheckoutAttempt> checkouts, List<Selfie> selfies,
                               List<Headshot> headshots) {
        OrdersRecord o = row.into(ORDERS);
        String table = "orders";
        return new Order(
                new OrderId(o.getId()),
                new AccountId(o.getAccountId()),
                new PlanId(o.getPlan()),
                o.getHeadshotsOrdered(),
                new Money(o.getPriceMinor(), currency(o.getCurrency(), "orders")),
                styles(o.getStyles()),
                Rows.enumValue(OrderStatus.class, o.getStatus(), table, "status"),
                history,
                selfies,
                Optional.ofNullable(o.getPaymentRef()).map(PaymentRef::new),
                o.getCheckoutAttempts(),
                checkouts,
                model(o, evidence(row)),
                headshots,
                o.getLastActivityAt(),
                o.getVersion());
    }

    private static Optional<VendorModel> model(OrdersRecord o, Optional<DeletionEvidence> evidence) {
        if (o.getModelState() == null) {
            return Optional.empty();
        }
        String table = "orders";
        ModelState state = Rows.enumValue(ModelState.class, o.getModelState(), table, "model_state");
        ModelRef ref = new ModelRef(required(o.getModelRef(), table, "model_ref"));
        Instant requestedAt = required(o.getModelRequestedAt(), table, "model_requested_at");
        Optional<Instant> trainedAt = Optional.ofNullable(o.getModelTrainedAt());
        return Optional.of(switch (state) {
            case REQUESTED -> new VendorModel.Requested(ref, requestedAt);
            case TRAINED -> new VendorModel.Trained(ref, requestedAt, required(o.getModelTrainedAt(), table, "model_trained_at"));
            case DELETION_REQUESTED -> new VendorModel.DeletionRequested(ref, requestedAt, trainedAt,
                    Rows.enumValue(DeletionReason.class, o.getModelDeletionReason(), table, "model_deletion_reason"),
                    required(o.getModelDeletionRequestedAt(), table, "model_deletion_requested_at"),
                    required(o.getModelDeletionAttempts(), table, "model_deletion_attempts"),
                    Optional.ofNullable(o.getModelLastAttemptAt()));
            case DELETION_CONFIRMED -> new VendorModel.DeletionConfirmed(ref, requestedAt, trainedAt,
                    evidence.orElseThrow(() -> missing(table, "model_evidence_id")));
        });
    }

    private static StatusChange statusChange(Record3<String, Instant, String> r) {
        return new StatusChange(Rows.enumValue(OrderStatus.class, r.value1(), "order_status_changes", "status"), r.value2(), r.value3());
    }

    private static CheckoutAttempt checkout(OrderCheckoutsRecord r) {
        String table = "order_checkouts";
        return new CheckoutAttempt(required(r.getAttempt(), table, "attempt"), new CheckoutRef(required(r.getReference(), table, "reference")),
                new Money(required(r.getAmountMinor(), table, "amount_minor"), currency(r.getCurrency(), table)),
                required(r.getOpenedAt(), table, "opened_at"));
    }

    private static Selfie selfie(Record row) {
        SelfiesRecord r = row.into(SELFIES);
        Optional<DeletionEvidence> evidence = evidence(row);
        String table = "selfies";
        SelfieId id = new SelfieId(r.getId());
        Instant uploadedAt = r.getUploadedAt();
        return switch (Rows.enumValue(SelfieState.class, r.getState(), table, "state")) {
            case STORED -> new Selfie.Stored(id, photo(r), new Digest(required(r.getSha256(), table, "sha256")),
                    r.getBytes() == null ? 0 : r.getBytes(), uploadedAt);
            case SENT_TO_VENDOR -> new Selfie.SentToVendor(id, photo(r), new Digest(required(r.getSha256(), table, "sha256")),
                    uploadedAt, required(r.getSentAt(), table, "sent_at"));
            case PENDING_DELETION -> new Selfie.PendingDeletion(id, photo(r), uploadedAt,
                    Rows.enumValue(DeletionReason.class, r.getDeletionReason(), table, "deletion_reason"),
                    required(r.getDeletionSince(), table, "deletion_since"));
            case DELETED -> new Selfie.Deleted(id, uploadedAt, evidence.orElseThrow(() -> missing(table, "evidence_id")));
        };
    }

    private static PhotoRef photo(SelfiesRecord r) {
        return new PhotoRef(required(r.getPhotoKey(), "selfies", "photo_key"));
    }

    private static Headshot headshot(HeadshotsRecord r) {
        return new Headshot(new HeadshotId(r.getId()), new StyleId(r.getStyle()), new PhotoRef(r.getPhotoKey()),
                new Digest(r.getSha256()), new AiMarker(r.getAssetId()), r.getStoredAt());
    }

    /** The evidence joined into a row (as {@link #EVIDENCE}), if the row points to any. */
    private static Optional<DeletionEvidence> evidence(Record r) {
        if (r.get(EVIDENCE.ID) == null) {
            return Optional.empty();
        }
        return Optional.of(EvidenceRows.map(r.into(EVIDENCE)));
    }

    private static List<StyleId> styles(String stored) {
        return Arrays.stream(stored.split(LIST_SEPARATOR)).map(StyleId::new).toList();
    }

    private static Currency currency(String code, String table) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DomainViolation(table + ".currency holds '" + code + "', which is not an ISO 4217 currency code");
        }
    }

    private static <T> T required(T value, String table, String column) {
        if (value == null) {
            throw missing(table, column);
        }
        return value;
    }

    private static DomainViolation missing(String table, String column) {
        return new DomainViolation(table + "." + column + " is empty where the row's state requires a value");
    }

    // ---- writing --------------------------------------------------------------------------------

    @Override
    public Order save(Order order, Optional<Instant> nextRetentionDue) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(nextRetentionDue, "next retention due");
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

    /** A new order: its row must not exist yet; then every child is new. */
    private void insert(Order order, Instant due) {
        DSLContext ctx = db.ctx();
        UUID id = order.id().value();
        // Every row is built (and checked) before the first write.
        OrdersRecord row = orderRow(order, due, 1);
        Optional<Query> history = historyFrom(ctx, order, 0);
        Optional<Query> checkouts = checkoutsFrom(ctx, order, 0);
        List<SelfiesRecord> selfies = new ArrayList<>();
        for (int i = 0; i < order.selfies().size(); i++) {
            selfies.add(selfieRow(id, i, order.selfies().get(i)));
        }
        Optional<Query> headshots = headshotsFrom(ctx, order, 0);

        modelEvidence(order).ifPresent(e -> EvidenceRows.store(db, e)); // the order row points to it
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
        history.ifPresent(Query::execute);
        checkouts.ifPresent(Query::execute);
        order.selfies().forEach(s -> evidenceOf(s).ifPresent(e -> EvidenceRows.store(db, e)));
        if (!selfies.isEmpty()) {
            ctx.insertInto(SELFIES).columns(SELFIES.fields()).valuesOfRecords(selfies).execute();
        }
        headshots.ifPresent(Query::execute);
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
        OrdersRecord row = orderRow(order, due, order.version() + 1);
        row.touched(ORDERS.ID, false);
        row.touched(ORDERS.ACCOUNT_ID, false);
        row.touched(ORDERS.CREATED_AT, false);
        Optional<Query> history = historyFrom(ctx, order, stored.history());
        Optional<Query> checkouts = checkoutsFrom(ctx, order, stored.checkouts());
        List<Selfie> changedSelfies = new ArrayList<>();
        List<SelfiesRecord> changedRows = new ArrayList<>();
        for (int i = 0; i < order.selfies().size(); i++) {
            Selfie selfie = order.selfies().get(i);
            if (i >= stored.selfies().size() || stored.selfies().get(i) != SelfieState.of(selfie)) {
                changedSelfies.add(selfie);
                changedRows.add(selfieRow(id, i, selfie));
            }
        }
        Optional<Query> headshots = headshotsFrom(ctx, order, stored.headshots());

        // The order row points to its model's evidence: that row is written first, every time (an insert that
        // changes nothing when it exists). Skipping it when this transaction read it already stored is not safe on
        // H2, whose foreign-key check on the update can miss an evidence row another transaction just committed.
        modelEvidence(order).ifPresent(evidence -> EvidenceRows.store(db, evidence));
        if (ctx.update(ORDERS).set(row).where(ORDERS.ID.eq(id).and(ORDERS.VERSION.eq(order.version()))).execute() != 1) {
            throw concurrentUpdate(order);
        }
        if (stored.history() > order.history().size()) {
            ctx.deleteFrom(ORDER_STATUS_CHANGES)
                    .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(id).and(ORDER_STATUS_CHANGES.POSITION.ge(order.history().size())))
                    .execute();
        }
        history.ifPresent(Query::execute);
        if (stored.checkouts() > order.checkouts().size()) {
            ctx.deleteFrom(ORDER_CHECKOUTS)
                    .where(ORDER_CHECKOUTS.ORDER_ID.eq(id).and(ORDER_CHECKOUTS.POSITION.ge(order.checkouts().size())))
                    .execute();
        }
        checkouts.ifPresent(Query::execute);
        if (stored.selfies().size() > order.selfies().size()) {
            ctx.deleteFrom(SELFIES).where(SELFIES.ORDER_ID.eq(id).and(SELFIES.POSITION.ge(order.selfies().size()))).execute();
        }
        if (!changedRows.isEmpty()) {
            changedSelfies.forEach(s -> evidenceOf(s).ifPresent(e -> EvidenceRows.store(db, e)));
            // One statement for all of them, keyed by id; a selfie id held by another order is never taken over.
            ctx.insertInto(SELFIES).columns(SELFIES.fields()).valuesOfRecords(changedRows)
                    .onConflict(SELFIES.ID).doUpdate().setNonPrimaryKeyToExcluded()
                    .where(SELFIES.ORDER_ID.eq(excluded(SELFIES.ORDER_ID)))
                    .execute();
        }
        if (stored.headshots() > order.headshots().size()) {
            ctx.deleteFrom(HEADSHOTS).where(HEADSHOTS.ORDER_ID.eq(id).and(HEADSHOTS.POSITION.ge(order.headshots().size()))).execute();
        }
        headshots.ifPresent(Query::execute);
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
        List<SelfieState> selfies = row.value5() == null || row.value5().isEmpty() ? List.of()
                : Arrays.stream(row.value5().split(LIST_SEPARATOR))
                        .map(state -> Rows.enumValue(SelfieState.class, state, "selfies", "state")).toList();
        return new Stored(row.value1(), row.value2(), row.value3(), row.value4(), selfies);
    }

    /**
     * What is stored of an order's children at a version: how many status changes, checkouts and headshots,
     * each selfie's state. All that a save needs to write only what changed.
     */
    private record Stored(long version, int history, int checkouts, int headshots, List<SelfieState> selfies) {
        static Stored of(Order order) {
            return new Stored(order.version(), order.history().size(), order.checkouts().size(), order.headshots().size(),
                    order.selfies().stream().map(SelfieState::of).toList());
        }
    }

    /** The orders the current transaction read or saved, as it read or saved them. */
    private record Known(WeakReference<DSLContext> transaction, Map<UUID, Stored> orders) {
    }

    private void remember(Order order) {
        DSLContext transaction = db.ctx();
        Known known = KNOWN.get();
        if (known == null || known.transaction().get() != transaction) {
            known = new Known(new WeakReference<>(transaction), new HashMap<>());
            KNOWN.set(known);
        }
        known.orders().put(order.id().value(), Stored.of(order));
    }

    /** What this transaction knows is stored of {@code order}'s version, if it read or saved it. */
    private Optional<Stored> known(Order order) {
        Known known = KNOWN.get();
        if (known == null || known.transaction().get() != db.ctx()) {
            return Optional.empty();
        }
        return Optional.ofNullable(known.orders().get(order.id().value())).filter(s -> s.version() == order.version());
    }

    private void forget(OrderId id) {
        Known known = KNOWN.get();
        if (known != null) {
            known.orders().remove(id.value());
        }
    }

    /** Inserts the status changes from position {@code from} on, if there are any. */
    private static Optional<Query> historyFrom(DSLContext ctx, Order order, int from) {
        List<StatusChange> history = order.history();
        if (from >= history.size()) {
            return Optional.empty();
        }
        List<OrderStatusChangesRecord> rows = new ArrayList<>();
        for (int i = from; i < history.size(); i++) {
            StatusChange change = history.get(i);
            OrderStatusChangesRecord r = new OrderStatusChangesRecord();
            r.setOrderId(order.id().value());
            r.setPosition(i);
            r.setStatus(change.status().name());
            r.setChangedAt(change.at());
            r.setWhy(change.why());
            rows.add(ColumnLengths.checked(r));
        }
        return Optional.of(ctx.insertInto(ORDER_STATUS_CHANGES).columns(ORDER_STATUS_CHANGES.fields()).valuesOfRecords(rows));
    }

    /** Inserts the checkouts from position {@code from} on, if there are any. */
    private static Optional<Query> checkoutsFrom(DSLContext ctx, Order order, int from) {
        List<CheckoutAttempt> checkouts = order.checkouts();
        if (from >= checkouts.size()) {
            return Optional.empty();
        }
        List<OrderCheckoutsRecord> rows = new ArrayList<>();
        for (int i = from; i < checkouts.size(); i++) {
            CheckoutAttempt checkout = checkouts.get(i);
            OrderCheckoutsRecord r = new OrderCheckoutsRecord();
            r.setOrderId(order.id().value());
            r.setPosition(i);
            r.setAttempt(checkout.attempt());
            r.setReference(checkout.reference().value());
            r.setAmountMinor(checkout.asked().minorUnits());
            r.setCurrency(checkout.asked().currency().getCurrencyCode());
            r.setOpenedAt(checkout.openedAt());
            rows.add(ColumnLengths.checked(r));
        }
        return Optional.of(ctx.insertInto(ORDER_CHECKOUTS).columns(ORDER_CHECKOUTS.fields()).valuesOfRecords(rows));
    }

    /** Inserts the headshots from position {@code from} on, if there are any. */
    private static Optional<Query> headshotsFrom(DSLContext ctx, Order order, int from) {
        List<Headshot> headshots = order.headshots();
        if (from >= headshots.size()) {
            return Optional.empty();
        }
        List<HeadshotsRecord> rows = new ArrayList<>();
        for (int i = from; i < headshots.size(); i++) {
            Headshot h = headshots.get(i);
            HeadshotsRecord r = new HeadshotsRecord();
            r.setId(h.id().value());
            r.setOrderId(order.id().value());
            r.setPosition(i);
            r.setStyle(h.style().value());
            r.setPhotoKey(h.photo().key());
            r.setSha256(h.sha256().hex());
            r.setAssetId(h.marker().assetId());
            r.setStoredAt(h.storedAt());
            rows.add(ColumnLengths.checked(r));
        }
        return Optional.of(ctx.insertInto(HEADSHOTS).columns(HEADSHOTS.fields()).valuesOfRecords(rows));
    }

    private static OrdersRecord orderRow(Order order, Instant due, long version) {
        OrdersRecord r = new OrdersRecord();
        r.setId(order.id().value());
        r.setAccountId(order.account().value());
        r.setPlan(order.plan().value());
        r.setHeadshotsOrdered(order.headshotsOrdered());
        r.setPriceMinor(order.price().minorUnits());
        r.setCurrency(order.price().currency().getCurrencyCode());
        r.setStyles(String.join(LIST_SEPARATOR, order.styles().stream().map(StyleId::value).toList()));
        r.setStatus(order.status().name());
        r.setPaymentRef(order.payment().map(PaymentRef::value).orElse(null));
        r.setCheckoutAttempts(order.checkoutAttempts());
        r.setLastActivityAt(order.lastActivityAt());
        r.setCreatedAt(order.createdAt());
        r.setRetentionDueAt(due);
        r.setVersion(version);
        order.model().ifPresent(model -> {
            r.setModelRef(model.ref().value());
            r.setModelRequestedAt(model.requestedAt());
            r.setModelTrainedAt(model.trainedAt().orElse(null));
            switch (model) {
                case VendorModel.Requested m -> r.setModelState(ModelState.REQUESTED.name());
                case VendorModel.Trained m -> r.setModelState(ModelState.TRAINED.name());
                case VendorModel.DeletionRequested m -> {
                    r.setModelState(ModelState.DELETION_REQUESTED.name());
                    r.setModelDeletionReason(m.reason().name());
                    r.setModelDeletionRequestedAt(m.deletionRequestedAt());
                    r.setModelDeletionAttempts(m.attempts());
                    r.setModelLastAttemptAt(m.lastAttemptAt().orElse(null));
                }
                case VendorModel.DeletionConfirmed m -> {
                    r.setModelState(ModelState.DELETION_CONFIRMED.name());
                    r.setModelEvidenceId(EvidenceRows.idOf(m.evidence()));
                }
            }
        });
        r.touched(true);
        return ColumnLengths.checked(r);
    }

    private static SelfiesRecord selfieRow(UUID orderId, int position, Selfie selfie) {
        SelfiesRecord r = new SelfiesRecord();
        r.setId(selfie.id().value());
        r.setOrderId(orderId);
        r.setPosition(position);
        r.setState(SelfieState.of(selfie).name());
        r.setUploadedAt(selfie.uploadedAt());
        r.setPhotoKey(selfie.photo().map(PhotoRef::key).orElse(null));
        switch (selfie) {
            case Selfie.Stored s -> {
                r.setSha256(s.sha256().hex());
                r.setBytes(s.bytes());
            }
            case Selfie.SentToVendor s -> {
                r.setSha256(s.sha256().hex());
                r.setSentAt(s.sentAt());
            }
            case Selfie.PendingDeletion s -> {
                r.setDeletionReason(s.reason().name());
                r.setDeletionSince(s.since());
            }
            case Selfie.Deleted s -> r.setEvidenceId(EvidenceRows.idOf(s.evidence()));
        }
        r.touched(true);
        return ColumnLengths.checked(r);
    }

    private static Optional<DeletionEvidence> evidenceOf(Selfie selfie) {
        return selfie instanceof Selfie.Deleted deleted ? Optional.of(deleted.evidence()) : Optional.empty();
    }

    private static Optional<DeletionEvidence> modelEvidence(Order order) {
        return order.model().filter(VendorModel.DeletionConfirmed.class::isInstance)
                .map(m -> ((VendorModel.DeletionConfirmed) m).evidence());
    }

    private static ConcurrentUpdate concurrentUpdate(Order order) {
        return new ConcurrentUpdate("Order " + order.id(), order.version());
    }

    /** Keys asked about per statement: well under every database's limit on bind values. */
    private static final int KEYS_PER_QUERY = 500;

    @Override
    public Set<PhotoRef> referenced(Collection<PhotoRef> photos) {
        List<String> keys = photos.stream().map(PhotoRef::key).distinct().toList();
        Set<PhotoRef> found = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> some = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            db.read(ctx -> ctx.select(SELFIES.PHOTO_KEY).from(SELFIES).where(SELFIES.PHOTO_KEY.in(some))
                    .union(select(HEADSHOTS.PHOTO_KEY).from(HEADSHOTS).where(HEADSHOTS.PHOTO_KEY.in(some)))
                    .fetch(SELFIES.PHOTO_KEY)).forEach(key -> found.add(new PhotoRef(key)));
        }
        return Set.copyOf(found);
    }

    @Override
    public void delete(OrderId id) {
        Objects.requireNonNull(id, "order id");
        db.run(() -> {
            forget(id);
            db.ctx().deleteFrom(ORDERS).where(ORDERS.ID.eq(id.value())).execute();
        });
    }
}
