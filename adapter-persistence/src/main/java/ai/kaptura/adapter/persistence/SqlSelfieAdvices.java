package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.SELFIES;
import static ai.kaptura.adapter.persistence.schema.Tables.SELFIE_ADVICE;

import ai.kaptura.adapter.persistence.schema.tables.records.SelfieAdviceRecord;
import ai.kaptura.domain.advice.AdviceFlag;
import ai.kaptura.domain.advice.SelfieAdvice;
import ai.kaptura.domain.biometric.SelfieId;
import ai.kaptura.domain.order.OrderId;
import ai.kaptura.ports.out.SelfieAdvices;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link SelfieAdvices} in the {@code selfie_advice} table (R51): per selfie, the names of its advice flags and the
 * earlier selfie a {@code SAME_AS} names. The row references its selfie and goes with it.
 */
record SqlSelfieAdvices(Database db) implements SelfieAdvices {

    @Override
    public void record(OrderId order, SelfieId selfie, SelfieAdvice advice) {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(selfie, "selfie");
        Objects.requireNonNull(advice, "advice");
        SelfieAdviceRecord row = ColumnLengths.checked(new SelfieAdviceRecord(
                selfie.value(),
                order.value(),
                advice.flags().stream().map(Enum::name).collect(Collectors.joining(",")),
                advice.sameAs().map(SelfieId::value).orElse(null)));
        db.inTransaction(() -> {
            db.nowAndAtEnd(() -> db.caches().advices().forget(order.value()));
            // The selfie's row, locked: a removal saving it as due for deletion either waits for this transaction
            // (and then deletes this advice with the others) or has committed, and then the selfie gets none.
            String state = db.ctx()
                    .select(SELFIES.STATE)
                    .from(SELFIES)
                    .where(SELFIES.ID.eq(selfie.value()), SELFIES.ORDER_ID.eq(order.value()))
                    .forUpdate()
                    .fetchOne(SELFIES.STATE);
            if (!"STORED".equals(state) && !"SENT_TO_VENDOR".equals(state)) {
                return 0;
            }
            return db.ctx().insertInto(SELFIE_ADVICE).set(row).execute();
        });
    }

    @Override
    public Map<SelfieId, SelfieAdvice> of(OrderId order) {
        Objects.requireNonNull(order, "order");
        // Shown on every view of a draft with photos: kept in memory with its order while changes are heard
        // (ReadCaches).
        return db.remembered(db.caches().advices(), order.value(), () -> load(order));
    }

    private Map<SelfieId, SelfieAdvice> load(OrderId order) {
        Map<SelfieId, SelfieAdvice> out = new LinkedHashMap<>();
        db.read(ctx -> ctx.selectFrom(SELFIE_ADVICE)
                        .where(SELFIE_ADVICE.ORDER_ID.eq(order.value()))
                        .fetch())
                .forEach(r -> out.put(new SelfieId(r.getSelfieId()), advice(r)));
        return Map.copyOf(out);
    }

    @Override
    public void forget(SelfieId selfie) {
        db.inTransaction(() -> {
            db.nowAndAtEnd(() -> db.caches().advices().forgetWhere(advice -> advice.containsKey(selfie)));
            return db.ctx()
                    .deleteFrom(SELFIE_ADVICE)
                    .where(SELFIE_ADVICE.SELFIE_ID.eq(selfie.value()))
                    .execute();
        });
    }

    private static SelfieAdvice advice(SelfieAdviceRecord r) {
        EnumSet<AdviceFlag> flags = EnumSet.noneOf(AdviceFlag.class);
        if (!r.getFlags().isEmpty()) {
            Arrays.stream(r.getFlags().split(",")).map(AdviceFlag::valueOf).forEach(flags::add);
        }
        return new SelfieAdvice(flags, Optional.ofNullable(r.getSameAs()).map(SelfieId::new));
    }
}
