package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.LEGAL_HOLDS;

import ai.kaptura.adapter.persistence.schema.tables.records.LegalHoldsRecord;
import ai.kaptura.domain.account.AccountId;
import ai.kaptura.domain.audit.Actor;
import ai.kaptura.domain.retention.AccountHold;
import ai.kaptura.domain.retention.LegalHold;
import ai.kaptura.ports.out.LegalHolds;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LegalHolds} in the {@code legal_holds} table: one row per hold, placed once and lifted once. While a hold is
 * active its row's {@code active_account} names the account, whose unique key allows one active hold per account even
 * when two operators race; lifting clears it and fills in who lifted it, why and when (R11).
 */
record SqlLegalHolds(Database db) implements LegalHolds {

    private static final String TABLE = "legal_holds";

    @Override
    public boolean place(AccountHold.Active hold) {
        Objects.requireNonNull(hold, "hold");
        LegalHoldsRecord row = ColumnLengths.checked(new LegalHoldsRecord(
                hold.id().value(),
                hold.account().value(),
                hold.account().value(),
                hold.hold().basis().name(),
                hold.hold().reference(),
                hold.reason(),
                hold.placedBy().id(),
                hold.hold().placedAt(),
                null,
                null,
                null,
                null));
        return db.inTransaction(() -> {
            if (activeOn(hold.account()).isPresent()) {
                return false;
            }
            return Database.inserted(db.ctx().insertInto(LEGAL_HOLDS).set(row).onConflictDoNothing());
        });
    }

    @Override
    public boolean lift(AccountHold.Lifted lifted) {
        Objects.requireNonNull(lifted, "lifted");
        LegalHoldsRecord liftRow = new LegalHoldsRecord();
        liftRow.setLiftReason(lifted.liftReason());
        ColumnLengths.checked(liftRow);
        return db.inTransaction(() -> db.ctx()
                        .update(LEGAL_HOLDS)
                        .set(LEGAL_HOLDS.ACTIVE_ACCOUNT, (java.util.UUID) null)
                        .set(LEGAL_HOLDS.LIFTED_BY, lifted.liftedBy().id())
                        .set(LEGAL_HOLDS.LIFT_REASON, lifted.liftReason())
                        .set(LEGAL_HOLDS.LIFTED_AT, lifted.liftedAt())
                        .where(LEGAL_HOLDS.ID.eq(lifted.id().value()))
                        .and(LEGAL_HOLDS.ACTIVE_ACCOUNT.isNotNull())
                        .execute()
                == 1);
    }

    @Override
    public Optional<AccountHold.Active> activeOn(AccountId account) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(LEGAL_HOLDS)
                .where(LEGAL_HOLDS.ACTIVE_ACCOUNT.eq(account.value()))
                .fetchOptional(r -> (AccountHold.Active) hold(r)));
    }

    @Override
    public List<AccountHold.Active> active(int limit) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(LEGAL_HOLDS)
                .where(LEGAL_HOLDS.ACTIVE_ACCOUNT.isNotNull())
                .orderBy(LEGAL_HOLDS.PLACED_AT, LEGAL_HOLDS.SEQ)
                .limit(Math.max(limit, 0))
                .fetch(r -> (AccountHold.Active) hold(r)));
    }

    @Override
    public List<AccountHold> history(AccountId account) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(LEGAL_HOLDS)
                .where(LEGAL_HOLDS.ACCOUNT_ID.eq(account.value()))
                .orderBy(LEGAL_HOLDS.PLACED_AT, LEGAL_HOLDS.SEQ)
                .fetch(SqlLegalHolds::hold));
    }

    private static AccountHold hold(LegalHoldsRecord r) {
        AccountHold.Active active = new AccountHold.Active(
                new AccountHold.Id(r.getId()),
                new AccountId(r.getAccountId()),
                new LegalHold(
                        Rows.enumValue(LegalHold.Basis.class, r.getBasis(), TABLE, "basis"),
                        r.getReference(),
                        r.getPlacedAt()),
                operator(r.getPlacedBy()),
                r.getReason());
        if (r.getActiveAccount() != null) {
            return active;
        }
        return active.lift(operator(r.getLiftedBy()), r.getLiftReason(), r.getLiftedAt());
    }

    private static Actor operator(String id) {
        return new Actor(Actor.Kind.OPERATOR, id);
    }
}
