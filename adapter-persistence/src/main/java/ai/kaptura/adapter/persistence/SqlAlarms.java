package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.ALARMS;

import ai.kaptura.adapter.persistence.schema.tables.records.AlarmsRecord;
import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.ports.out.Alarms;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * {@link Alarms} in the {@code alarms} table, keyed by (promise, subject): the insert that adds a row is the one start
 * of that alarm, the delete that removes it the one clear, whichever node runs them.
 */
record SqlAlarms(Database db) implements Alarms {

    private static final String TABLE = "alarms";

    @Override
    public List<Alarm> raised() {
        return db.inTransaction(() -> db.ctx()
                .selectFrom(ALARMS)
                .orderBy(ALARMS.RAISED_AT, ALARMS.PROMISE, ALARMS.SUBJECT_TYPE, ALARMS.SUBJECT_ID)
                .fetch(SqlAlarms::alarm));
    }

    @Override
    public Optional<Alarm> find(Alarm.Key key) {
        Objects.requireNonNull(key, "key");
        return db.inTransaction(() -> db.ctx().selectFrom(ALARMS).where(is(key)).fetchOptional(SqlAlarms::alarm));
    }

    @Override
    public boolean raise(Alarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        AlarmsRecord row = ColumnLengths.checked(new AlarmsRecord(
                alarm.promise().name(),
                alarm.subject().type(),
                alarm.subject().id(),
                alarm.raisedAt(),
                alarm.detail(),
                alarm.mailedAt().orElse(null)));
        // Not inserted: a node raising the same alarm (perhaps at the same time) saw it start.
        return db.inTransaction(
                () -> Database.inserted(db.ctx().insertInto(ALARMS).set(row).onConflictDoNothing()));
    }

    @Override
    public boolean clear(Alarm.Key key) {
        Objects.requireNonNull(key, "key");
        return db.delete(ALARMS, is(key)) == 1;
    }

    @Override
    public boolean mailed(Alarm.Key key, Instant at) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        return db.inTransaction(() ->
                db.ctx().update(ALARMS).set(ALARMS.MAILED_AT, at).where(is(key)).execute() == 1);
    }

    private static Condition is(Alarm.Key key) {
        return ALARMS.PROMISE
                .eq(key.promise().name())
                .and(ALARMS.SUBJECT_TYPE.eq(key.subject().type()))
                .and(ALARMS.SUBJECT_ID.eq(key.subject().id()));
    }

    private static Alarm alarm(AlarmsRecord r) {
        return new Alarm(
                Rows.enumValue(Promise.class, r.getPromise(), TABLE, "promise"),
                new Subject(r.getSubjectType(), r.getSubjectId()),
                r.getRaisedAt(),
                r.getDetail(),
                Optional.ofNullable(r.getMailedAt()));
    }
}
