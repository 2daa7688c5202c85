package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.MAIL_HOLDS;

import ai.kaptura.adapter.persistence.schema.tables.records.MailHoldsRecord;
import ai.kaptura.ports.out.MailHolds;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link MailHolds} in the {@code mail_holds} table, keyed by (reason, subject): the insert that adds a row is the one
 * beginning of that hold; holding again updates its end and keeps its beginning; the delete that removes it is the one
 * release.
 */
record SqlMailHolds(Database db) implements MailHolds {

    private static final String TABLE = "mail_holds";

    @Override
    public boolean hold(Hold hold) {
        Objects.requireNonNull(hold, "hold");
        MailHoldsRecord row = ColumnLengths.checked(
                new MailHoldsRecord(hold.reason().name(), hold.subject(), hold.since(), hold.until(), hold.detail()));
        return db.inTransaction(() -> {
            boolean inserted =
                    Database.inserted(db.ctx().insertInto(MAIL_HOLDS).set(row).onConflictDoNothing());
            if (!inserted) {
                db.ctx()
                        .update(MAIL_HOLDS)
                        .set(MAIL_HOLDS.HELD_UNTIL, hold.until())
                        .set(MAIL_HOLDS.DETAIL, hold.detail())
                        .where(is(hold.reason(), hold.subject()))
                        .execute();
            }
            return inserted;
        });
    }

    @Override
    public boolean release(Reason reason, String subject) {
        return db.delete(MAIL_HOLDS, is(reason, subject)) == 1;
    }

    @Override
    public Optional<Hold> find(Reason reason, String subject) {
        return db.inTransaction(
                () -> db.ctx().selectFrom(MAIL_HOLDS).where(is(reason, subject)).fetchOptional(SqlMailHolds::hold));
    }

    @Override
    public List<Hold> held(int limit) {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(MAIL_HOLDS)
                .orderBy(MAIL_HOLDS.HELD_SINCE, MAIL_HOLDS.REASON, MAIL_HOLDS.SUBJECT)
                .limit(limit)
                .fetch(SqlMailHolds::hold));
    }

    private static Condition is(Reason reason, String subject) {
        return MAIL_HOLDS.REASON.eq(reason.name()).and(MAIL_HOLDS.SUBJECT.eq(subject));
    }

    private static Hold hold(MailHoldsRecord r) {
        return new Hold(
                Rows.enumValue(Reason.class, r.getReason(), TABLE, "reason"),
                r.getSubject(),
                r.getHeldSince(),
                r.getHeldUntil(),
                r.getDetail());
    }
}
