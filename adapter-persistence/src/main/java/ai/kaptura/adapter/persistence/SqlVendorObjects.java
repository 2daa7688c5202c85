package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.VENDOR_OBJECTS;

import ai.kaptura.adapter.persistence.schema.tables.records.VendorObjectsRecord;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.VendorObjects;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link VendorObjects} in the {@code vendor_objects} table, keyed by (vendor, kind, id): the insert that adds a row is
 * the one recording of that object, whichever node runs it; a row is then only closed, once.
 */
record SqlVendorObjects(Database db) implements VendorObjects {

    @Override
    public boolean record(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        VendorObjectsRecord row = ColumnLengths.checked(new VendorObjectsRecord(
                entry.vendor(),
                entry.kind(),
                entry.id(),
                entry.order().value(),
                entry.home(),
                entry.note(),
                entry.recordedAt(),
                entry.closed().map(Closed::at).orElse(null),
                entry.closed().map(Closed::evidence).orElse(null),
                null));
        // Not inserted: a node recording the same object (perhaps at the same time) recorded it first.
        return db.inTransaction(() -> Database.inserted(db.ctx()
                .insertInto(VENDOR_OBJECTS)
                .set(VENDOR_OBJECTS.VENDOR, row.getVendor())
                .set(VENDOR_OBJECTS.KIND, row.getKind())
                .set(VENDOR_OBJECTS.OBJECT_ID, row.getObjectId())
                .set(VENDOR_OBJECTS.ORDER_ID, row.getOrderId())
                .set(VENDOR_OBJECTS.HOME, row.getHome())
                .set(VENDOR_OBJECTS.NOTE, row.getNote())
                .set(VENDOR_OBJECTS.RECORDED_AT, row.getRecordedAt())
                .set(VENDOR_OBJECTS.CLOSED_AT, row.getClosedAt())
                .set(VENDOR_OBJECTS.CLOSED_EVIDENCE, row.getClosedEvidence())
                .onConflictDoNothing()));
    }

    @Override
    public Optional<Entry> find(String vendor, String kind, String id) {
        return db.inTransaction(() ->
                db.ctx().selectFrom(VENDOR_OBJECTS).where(is(vendor, kind, id)).fetchOptional(SqlVendorObjects::entry));
    }

    @Override
    public List<Entry> ofOrder(String vendor, OrderId order) {
        Objects.requireNonNull(order, "order");
        return db.inTransaction(() -> db.ctx()
                .selectFrom(VENDOR_OBJECTS)
                .where(VENDOR_OBJECTS.VENDOR.eq(vendor).and(VENDOR_OBJECTS.ORDER_ID.eq(order.value())))
                .orderBy(VENDOR_OBJECTS.RECORDED_AT, VENDOR_OBJECTS.SEQ)
                .fetch(SqlVendorObjects::entry));
    }

    @Override
    public boolean close(String vendor, String kind, String id, Closed closed) {
        Objects.requireNonNull(closed, "closed");
        ColumnLengths.checked(
                new VendorObjectsRecord(vendor, kind, id, null, "", "", null, closed.at(), closed.evidence(), null));
        return db.inTransaction(() -> db.ctx()
                        .update(VENDOR_OBJECTS)
                        .set(VENDOR_OBJECTS.CLOSED_AT, closed.at())
                        .set(VENDOR_OBJECTS.CLOSED_EVIDENCE, closed.evidence())
                        .where(is(vendor, kind, id))
                        .and(VENDOR_OBJECTS.CLOSED_AT.isNull())
                        .execute()
                == 1);
    }

    private static Condition is(String vendor, String kind, String id) {
        return VENDOR_OBJECTS
                .VENDOR
                .eq(vendor)
                .and(VENDOR_OBJECTS.KIND.eq(kind))
                .and(VENDOR_OBJECTS.OBJECT_ID.eq(id));
    }

    private static Entry entry(VendorObjectsRecord r) {
        Optional<Closed> closed = r.getClosedAt() == null
                ? Optional.empty()
                : Optional.of(new Closed(r.getClosedAt(), r.getClosedEvidence()));
        return new Entry(
                r.getVendor(),
                r.getKind(),
                r.getObjectId(),
                new OrderId(r.getOrderId()),
                r.getHome(),
                r.getNote(),
                r.getRecordedAt(),
                closed);
    }
}
