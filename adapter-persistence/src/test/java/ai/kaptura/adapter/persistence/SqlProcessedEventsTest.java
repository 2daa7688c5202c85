package ai.kaptura.adapter.persistence;

import static ai.kaptura.adapter.persistence.schema.Tables.PROCESSED_EVENTS;
import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.shared.InvalidInput;
import ai.kaptura.ports.out.ProcessedEvents;
import ai.kaptura.ports.out.contract.ProcessedEventsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlProcessedEventsTest {

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

    /** The contract, and what only a database can get wrong, on one database. */
    abstract static class OnDatabase extends ProcessedEventsContract {

        private final Database db;

        OnDatabase(Database db) {
            this.db = db;
        }

        @BeforeEach
        void empty() {
            TestDatabases.reset(db);
        }

        @Override
        protected ProcessedEvents processedEvents() {
            return new SqlProcessedEvents(db);
        }

        @Test
        void an_event_id_longer_than_the_column_is_refused_never_cut_to_collide_with_another() {
            ProcessedEvents events = processedEvents();
            String stored = "e".repeat(255);
            assertThat(events.firstTime("astria", stored, minutes(0))).isTrue();

            assertThatThrownBy(() -> events.firstTime("astria", stored + "x", minutes(1)))
                    .isInstanceOf(InvalidInput.class);
            assertThatThrownBy(() -> events.firstTime("astria-" + "s".repeat(40), "evt_1", minutes(1)))
                    .isInstanceOf(InvalidInput.class);

            assertThat(db.ctx().fetchCount(PROCESSED_EVENTS)).isEqualTo(1);
        }

        @Test
        void the_first_sighting_is_recorded_with_its_instant() {
            processedEvents().firstTime("stripe", "evt_9", minutes(3).plusMillis(45));
            processedEvents().firstTime("stripe", "evt_9", minutes(9));

            assertThat(db.ctx()
                            .select(PROCESSED_EVENTS.PROCESSED_AT)
                            .from(PROCESSED_EVENTS)
                            .fetchSingle()
                            .value1())
                    .isEqualTo(minutes(3).plusMillis(45));
        }
    }
}
