package ai.kaptura.ports.out.fake;

import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.ports.out.Alarms;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link Alarms} in memory, on the shared {@link InMemoryDatabase} (so a rolled-back transaction raises nothing). */
public record InMemoryAlarms(InMemoryDatabase db) implements Alarms {

    public InMemoryAlarms {
        Objects.requireNonNull(db, "database");
    }

    @Override
    public List<Alarm> raised() {
        synchronized (db) {
            return db.alarms.values().stream()
                    .sorted(Comparator.comparing(Alarm::raisedAt))
                    .toList();
        }
    }

    @Override
    public Optional<Alarm> find(Alarm.Key key) {
        Objects.requireNonNull(key, "key");
        synchronized (db) {
            return Optional.ofNullable(db.alarms.get(key));
        }
    }

    @Override
    public boolean raise(Alarm alarm) {
        Objects.requireNonNull(alarm, "alarm");
        synchronized (db) {
            return db.alarms.putIfAbsent(alarm.key(), alarm) == null;
        }
    }

    @Override
    public boolean clear(Alarm.Key key) {
        Objects.requireNonNull(key, "key");
        synchronized (db) {
            return db.alarms.remove(key) != null;
        }
    }

    @Override
    public boolean mailed(Alarm.Key key, Instant at) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(at, "at");
        synchronized (db) {
            Alarm alarm = db.alarms.get(key);
            if (alarm == null) {
                return false;
            }
            db.alarms.put(key, alarm.mailed(at));
            return true;
        }
    }
}
