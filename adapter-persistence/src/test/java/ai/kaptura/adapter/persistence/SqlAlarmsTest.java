package ai.kaptura.adapter.persistence;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.domain.alarm.Alarm;
import ai.kaptura.domain.alarm.Promise;
import ai.kaptura.domain.audit.Subject;
import ai.kaptura.ports.out.Alarms;
import ai.kaptura.ports.out.contract.AlarmsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SqlAlarmsTest {

    static final Database H2 = TestDatabases.h2();
    static final Database PG = TestDatabases.postgres();

    @Nested
    class OnH2 extends OnDatabase {
        OnH2() {
            super(H2);
        }
    }

    @Nested
    class OnPostgres extends OnDatabase {
        OnPostgres() {
            super(PG);
        }
    }

    /** The contract, and what only a database shared by nodes can show, on one database. */
    abstract static class OnDatabase extends AlarmsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected Alarms alarms() {
            return new SqlAlarms(db);
        }

        @Test
        @Tag("R49")
        void an_alarm_raised_by_one_node_is_seen_raised_by_another_and_cleared_once() {
            Alarm alarm = Alarm.raise(
                    Promise.JOB_DEAD, Subject.of("job", "SEND_EMAIL:email:ORDER_FAILED:42"), minutes(0), "21 failures");
            assertThat(new SqlAlarms(db).raise(alarm)).isTrue();

            try (Database other = TestDatabases.anotherNodeOn(db)) {
                SqlAlarms there = new SqlAlarms(other);
                assertThat(there.raise(alarm)).as("already raised").isFalse();
                assertThat(there.raised()).containsExactly(alarm);
                assertThat(there.clear(alarm.key())).isTrue();
            }
            assertThat(new SqlAlarms(db).clear(alarm.key())).isFalse();
        }

        @Test
        void an_alarm_raised_in_a_transaction_that_rolls_back_was_never_raised() {
            Alarm alarm = Alarm.raise(
                    Promise.ORDER_STALLED, Subject.of("order", "6b617074-7572-4000-8000-000000000001"), minutes(0), "");
            try {
                db.run(() -> {
                    new SqlAlarms(db).raise(alarm);
                    throw new IllegalStateException("the check failed after raising");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }

            assertThat(new SqlAlarms(db).raised()).isEmpty();
        }
    }
}
