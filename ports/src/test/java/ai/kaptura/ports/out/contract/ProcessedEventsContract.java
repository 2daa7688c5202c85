package ai.kaptura.ports.out.contract;

import static ai.kaptura.ports.out.contract.ContractFixtures.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.ProcessedEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProcessedEvents} store must do: answer {@code true} exactly once per source and
 * event id, whenever and however often it is asked, also when threads race.
 *
 * <p>{@link #processedEvents()} is called at the start of each test (after every {@code @BeforeEach})
 * and must answer an empty store.
 */
public abstract class ProcessedEventsContract {

    /** A fresh store that has seen nothing. */
    protected abstract ProcessedEvents processedEvents();

    @Test
    void an_event_is_new_the_first_time_only() {
        ProcessedEvents events = processedEvents();

        assertThat(events.firstTime("stripe", "evt_1NirD82eZvKYlo2C", minutes(0)))
                .isTrue();
        assertThat(events.firstTime("stripe", "evt_1NirD82eZvKYlo2C", minutes(0)))
                .isFalse();
        assertThat(events.firstTime("stripe", "evt_1NirD82eZvKYlo2C", minutes(60 * 24 * 3)))
                .isFalse();
    }

    @Test
    void sources_are_independent() {
        ProcessedEvents events = processedEvents();

        assertThat(events.firstTime("stripe", "evt_1", minutes(0))).isTrue();
        assertThat(events.firstTime("astria", "evt_1", minutes(0))).isTrue();
        assertThat(events.firstTime("astria", "evt_1", minutes(1))).isFalse();
        assertThat(events.firstTime("stripe", "evt_1", minutes(1))).isFalse();
    }

    @Test
    void event_ids_are_compared_exactly() {
        ProcessedEvents events = processedEvents();

        for (String id : List.of("evt_abc", "evt_ABC", "evt_abc ", "evt_ab")) {
            assertThat(events.firstTime("stripe", id, minutes(0)))
                    .as("'%s' is new", id)
                    .isTrue();
        }
        assertThat(events.firstTime("stripe", "evt_abc", minutes(0))).isFalse();
    }

    @Test
    void long_ids_are_kept_whole() {
        ProcessedEvents events = processedEvents();
        String longId = "callback:" + "0123456789abcdef".repeat(12);

        assertThat(events.firstTime("astria", longId, minutes(0))).isTrue();

        assertThat(events.firstTime("astria", longId.substring(0, longId.length() - 1) + "0", minutes(0)))
                .isTrue();
        assertThat(events.firstTime("astria", longId, minutes(0))).isFalse();
    }

    @Test
    void of_eight_threads_seeing_the_same_event_exactly_one_hears_it_is_new() {
        ProcessedEvents events = processedEvents();

        List<Boolean> answers = Concurrently.all(8, i -> events.firstTime("stripe", "evt_race", minutes(i)));

        assertThat(answers).containsOnlyOnce(true);
        assertThat(answers.stream().filter(b -> !b)).hasSize(7);
        assertThat(events.firstTime("stripe", "evt_race", minutes(9))).isFalse();
    }

    @Test
    void many_threads_with_their_own_events_each_hear_new_once() {
        ProcessedEvents events = processedEvents();

        List<Long> newCounts = Concurrently.all(8, t -> {
            long fresh = 0;
            for (int i = 0; i < 50; i++) {
                if (events.firstTime("astria", "evt_" + t + "_" + i, minutes(i))) {
                    fresh++;
                }
                if (events.firstTime("astria", "evt_" + t + "_" + i, minutes(i))) {
                    fresh += 1_000;
                }
            }
            return fresh;
        });

        assertThat(newCounts).containsOnly(50L);
    }
}
