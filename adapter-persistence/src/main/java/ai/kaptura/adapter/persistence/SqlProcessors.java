package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.PROCESSORS;
import static org.jooq.impl.DSL.excluded;

import ai.kaptura.adapter.persistence.schema.tables.records.ProcessorsRecord;
import ai.kaptura.domain.processor.Processor;
import ai.kaptura.domain.processor.ProcessorRegistry;
import ai.kaptura.domain.processor.TransferMechanism;
import ai.kaptura.domain.retention.DataCategory;
import ai.kaptura.ports.out.Processors;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Processors} in the {@code processors} table, one row per name (R33). The data categories are
 * a comma-separated list of {@link DataCategory} names in declaration order (empty for none); the
 * transfer mechanism is NULL while the entry lacks one. The registry lists entries by name.
 */
record SqlProcessors(Database db) implements Processors {

    private static final String TABLE = "processors";

    @Override
    public ProcessorRegistry registry() {
        return db.inTransaction(() -> new ProcessorRegistry(
                db.ctx().selectFrom(PROCESSORS).orderBy(PROCESSORS.NAME).fetch(SqlProcessors::processor)));
    }

    @Override
    public void register(Processor p) {
        ProcessorsRecord row = new ProcessorsRecord();
        row.setName(p.name());
        row.setLegalName(p.legalName());
        row.setPurpose(p.purpose());
        row.setCategories(categories(p.categories()));
        row.setCountry(p.country());
        row.setTransfer(p.transfer().map(Enum::name).orElse(null));
        row.setDpaReference(p.dpaReference());
        db.run(() -> db.ctx()
                .insertInto(PROCESSORS)
                .set(ColumnLengths.checked(row))
                .onConflict(PROCESSORS.NAME)
                .doUpdate()
                .set(PROCESSORS.LEGAL_NAME, excluded(PROCESSORS.LEGAL_NAME))
                .set(PROCESSORS.PURPOSE, excluded(PROCESSORS.PURPOSE))
                .set(PROCESSORS.CATEGORIES, excluded(PROCESSORS.CATEGORIES))
                .set(PROCESSORS.COUNTRY, excluded(PROCESSORS.COUNTRY))
                .set(PROCESSORS.TRANSFER, excluded(PROCESSORS.TRANSFER))
                .set(PROCESSORS.DPA_REFERENCE, excluded(PROCESSORS.DPA_REFERENCE))
                .execute());
    }

    static String categories(Set<DataCategory> categories) {
        return categories.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    static Set<DataCategory> categories(String stored) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        if (stored == null || stored.isEmpty()) {
            return categories;
        }
        Arrays.stream(stored.split(",", -1))
                .forEach(name -> categories.add(Rows.enumValue(DataCategory.class, name, TABLE, "categories")));
        return categories;
    }

    private static Processor processor(ProcessorsRecord r) {
        return new Processor(
                r.getName(),
                r.getLegalName(),
                r.getPurpose(),
                categories(r.getCategories()),
                r.getCountry(),
                Optional.ofNullable(r.getTransfer())
                        .map(t -> Rows.enumValue(TransferMechanism.class, t, TABLE, "transfer")),
                r.getDpaReference());
    }
}
