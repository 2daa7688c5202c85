package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.DELETION_EVIDENCE;
import static ai.kaptura.adapter.persistence.schema.Tables.HEADSHOTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDERS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_CHECKOUTS;
import static ai.kaptura.adapter.persistence.schema.Tables.ORDER_STATUS_CHANGES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;
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
import ai.kaptura.domain.shared.Digest;
import ai.kaptura.domain.shared.DomainViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.TableRecord;

/**
 * An order's rows and the domain's {@link Order}, both ways, and nothing else: the one query that reads orders with all
 * their children (nested as {@code MULTISET}s, the deletion evidence joined in), the domain records built from its rows,
 * and the rows built from an order, each checked against its columns' lengths ({@link ColumnLengths}). A value the code
 * does not know is a {@link DomainViolation} naming table, column and value.
 */
final class OrderRows {

    private static final ai.kaptura.adapter.persistence.schema.tables.DeletionEvidence EVIDENCE =
            DELETION_EVIDENCE.as("evidence");
    /** What separates the values of a list held in one column ({@code orders.styles}). */
    static final String LIST_SEPARATOR = ",";

    private static final Field<Result<Record3<String, Instant, String>>> HISTORY = multiset(
                    select(ORDER_STATUS_CHANGES.STATUS, ORDER_STATUS_CHANGES.CHANGED_AT, ORDER_STATUS_CHANGES.WHY)
                            .from(ORDER_STATUS_CHANGES)
                            .where(ORDER_STATUS_CHANGES.ORDER_ID.eq(ORDERS.ID))
                            .orderBy(ORDER_STATUS_CHANGES.POSITION))
            .as("history");
    private static final Field<Result<Record>> SELFIE_ROWS = multiset(select(SELFIES.fields())
                    .select(EVIDENCE.fields())
                    .from(SELFIES)
                    .leftJoin(EVIDENCE)
                    .on(EVIDENCE.ID.eq(SELFIES.EVIDENCE_ID))
                    .where(SELFIES.ORDER_ID.eq(ORDERS.ID))
                    .orderBy(SELFIES.POSITION))
            .as("selfies");
    private static final Field<Result<HeadshotsRecord>> HEADSHOT_ROWS = multiset(selectFrom(HEADSHOTS)
                    .where(HEADSHOTS.ORDER_ID.eq(ORDERS.ID))
                    .orderBy(HEADSHOTS.POSITION))
            .as("headshots");
    private static final Field<Result<OrderCheckoutsRecord>> CHECKOUT_ROWS = multiset(selectFrom(ORDER_CHECKOUTS)
                    .where(ORDER_CHECKOUTS.ORDER_ID.eq(ORDERS.ID))
                    .orderBy(ORDER_CHECKOUTS.POSITION))
            .as("checkouts");

    private OrderRows() {}

    /** The four states a selfie row can be in, named as the {@code selfies.state} column holds them. */
    enum SelfieState {
        STORED,
        SENT_TO_VENDOR,
        PENDING_DELETION,
        DELETED;

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
    enum ModelState {
        REQUESTED,
        TRAINED,
        DELETION_REQUESTED,
        DELETION_CONFIRMED
    }

    // ---- reading --------------------------------------------------------------------------------

    /**
     * The orders {@code which} selects, newest first, each with all its children: one statement (the children nested as
     * {@code MULTISET}s), so one snapshot even in a read-committed transaction.
     */
    static Select<Record> loadQuery(Condition which) {
        return select(ORDERS.fields())
                .select(EVIDENCE.fields())
                .select(HISTORY, CHECKOUT_ROWS, SELFIE_ROWS, HEADSHOT_ROWS)
                .from(ORDERS)
                .leftJoin(EVIDENCE)
                .on(EVIDENCE.ID.eq(ORDERS.MODEL_EVIDENCE_ID))
                .where(which)
                .orderBy(ORDERS.CREATED_AT.desc(), ORDERS.ID.desc());
    }

    /** The order of one of {@link #loadQuery}'s rows. */
    static Order order(Record row) {
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
                row.get(HISTORY).map(OrderRows::statusChange),
                row.get(SELFIE_ROWS).map(OrderRows::selfie),
                Optional.ofNullable(o.getPaymentRef()).map(PaymentRef::new),
                o.getCheckoutAttempts(),
                row.get(CHECKOUT_ROWS).map(OrderRows::checkout),
                model(o, evidence(row)),
                row.get(HEADSHOT_ROWS).map(OrderRows::headshot),
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
        return Optional.of(
                switch (state) {
                    case REQUESTED -> new VendorModel.Requested(ref, requestedAt);
                    case TRAINED ->
                        new VendorModel.Trained(
                                ref, requestedAt, required(o.getModelTrainedAt(), table, "model_trained_at"));
                    case DELETION_REQUESTED ->
                        new VendorModel.DeletionRequested(
                                ref,
                                requestedAt,
                                trainedAt,
                                Rows.enumValue(
                                        DeletionReason.class,
                                        o.getModelDeletionReason(),
                                        table,
                                        "model_deletion_reason"),
                                required(o.getModelDeletionRequestedAt(), table, "model_deletion_requested_at"),
                                required(o.getModelDeletionAttempts(), table, "model_deletion_attempts"),
                                Optional.ofNullable(o.getModelLastAttemptAt()));
                    case DELETION_CONFIRMED ->
                        new VendorModel.DeletionConfirmed(
                                ref,
                                requestedAt,
                                trainedAt,
                                evidence.orElseThrow(() -> missing(table, "model_evidence_id")));
                });
    }

    private static StatusChange statusChange(Record3<String, Instant, String> r) {
        return new StatusChange(
                Rows.enumValue(OrderStatus.class, r.value1(), "order_status_changes", "status"),
                r.value2(),
                r.value3());
    }

    private static CheckoutAttempt checkout(OrderCheckoutsRecord r) {
        String table = "order_checkouts";
        return new CheckoutAttempt(
                required(r.getAttempt(), table, "attempt"),
                new CheckoutRef(required(r.getReference(), table, "reference")),
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
            case STORED ->
                new Selfie.Stored(
                        id,
                        photo(r),
                        new Digest(required(r.getSha256(), table, "sha256")),
                        r.getBytes() == null ? 0 : r.getBytes(),
                        uploadedAt);
            case SENT_TO_VENDOR ->
                new Selfie.SentToVendor(
                        id,
                        photo(r),
                        new Digest(required(r.getSha256(), table, "sha256")),
                        uploadedAt,
                        required(r.getSentAt(), table, "sent_at"));
            case PENDING_DELETION ->
                new Selfie.PendingDeletion(
                        id,
                        photo(r),
                        uploadedAt,
                        Rows.enumValue(DeletionReason.class, r.getDeletionReason(), table, "deletion_reason"),
                        required(r.getDeletionSince(), table, "deletion_since"));
            case DELETED ->
                new Selfie.Deleted(id, uploadedAt, evidence.orElseThrow(() -> missing(table, "evidence_id")));
        };
    }

    private static PhotoRef photo(SelfiesRecord r) {
        return new PhotoRef(required(r.getPhotoKey(), "selfies", "photo_key"));
    }

    private static Headshot headshot(HeadshotsRecord r) {
        return new Headshot(
                new HeadshotId(r.getId()),
                new StyleId(r.getStyle()),
                new PhotoRef(r.getPhotoKey()),
                new Digest(r.getSha256()),
                new AiMarker(r.getAssetId()),
                r.getStoredAt());
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

    /** The status change rows from position {@code from} on (none if there are none). */
    static List<OrderStatusChangesRecord> historyFrom(Order order, int from) {
        return rowsFrom(order.history(), from, (position, change) -> {
            OrderStatusChangesRecord r = new OrderStatusChangesRecord();
            r.setOrderId(order.id().value());
            r.setPosition(position);
            r.setStatus(change.status().name());
            r.setChangedAt(change.at());
            r.setWhy(change.why());
            return r;
        });
    }

    /** The checkout rows from position {@code from} on (none if there are none). */
    static List<OrderCheckoutsRecord> checkoutsFrom(Order order, int from) {
        return rowsFrom(order.checkouts(), from, (position, checkout) -> {
            OrderCheckoutsRecord r = new OrderCheckoutsRecord();
            r.setOrderId(order.id().value());
            r.setPosition(position);
            r.setAttempt(checkout.attempt());
            r.setReference(checkout.reference().value());
            r.setAmountMinor(checkout.asked().minorUnits());
            r.setCurrency(checkout.asked().currency().getCurrencyCode());
            r.setOpenedAt(checkout.openedAt());
            return r;
        });
    }

    /** The headshot rows from position {@code from} on (none if there are none). */
    static List<HeadshotsRecord> headshotsFrom(Order order, int from) {
        return rowsFrom(order.headshots(), from, (position, h) -> {
            HeadshotsRecord r = new HeadshotsRecord();
            r.setId(h.id().value());
            r.setOrderId(order.id().value());
            r.setPosition(position);
            r.setStyle(h.style().value());
            r.setPhotoKey(h.photo().key());
            r.setSha256(h.sha256().hex());
            r.setAssetId(h.marker().assetId());
            r.setStoredAt(h.storedAt());
            return r;
        });
    }

    /** The rows of {@code items} from position {@code from} on, each built by {@code row} and checked ({@link ColumnLengths}). */
    private static <T, R extends TableRecord<R>> List<R> rowsFrom(
            List<T> items, int from, BiFunction<Integer, T, R> row) {
        List<R> rows = new ArrayList<>();
        for (int i = from; i < items.size(); i++) {
            rows.add(ColumnLengths.checked(row.apply(i, items.get(i))));
        }
        return rows;
    }

    /** The order's own row at {@code version}, its retention due at {@code due} (null: none). */
    static OrdersRecord orderRow(Order order, Instant due, long version) {
        OrdersRecord r = new OrdersRecord();
        r.setId(order.id().value());
        r.setAccountId(order.account().value());
        r.setPlan(order.plan().value());
        r.setHeadshotsOrdered(order.headshotsOrdered());
        r.setPriceMinor(order.price().minorUnits());
        r.setCurrency(order.price().currency().getCurrencyCode());
        r.setStyles(String.join(
                LIST_SEPARATOR, order.styles().stream().map(StyleId::value).toList()));
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

    /** The row of the selfie at {@code position} of order {@code orderId}. */
    static SelfiesRecord selfieRow(UUID orderId, int position, Selfie selfie) {
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

    /** The evidence a selfie's row points to, if it is deleted. */
    static Optional<DeletionEvidence> evidenceOf(Selfie selfie) {
        return selfie instanceof Selfie.Deleted deleted ? Optional.of(deleted.evidence()) : Optional.empty();
    }

    /** The evidence the order's row points to, if its model's deletion is confirmed. */
    static Optional<DeletionEvidence> modelEvidence(Order order) {
        return order.model()
                .filter(VendorModel.DeletionConfirmed.class::isInstance)
                .map(m -> ((VendorModel.DeletionConfirmed) m).evidence());
    }
}
