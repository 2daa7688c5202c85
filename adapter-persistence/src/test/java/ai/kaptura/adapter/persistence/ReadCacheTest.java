package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.contract.ContractFixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ReadCache} on its own: what it keeps, when it forgets, and the race between a load and a change. */
class ReadCacheTest {

    private final ReadCaches caches = new ReadCaches();
    private final AtomicLong clock = new AtomicLong();
    private final ReadCache<String, String> cache = new ReadCache<>(caches, Duration.ofSeconds(30), 3, clock::get);
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void on() {
        caches.turnOn();
    }

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void a_read_is_answered_from_memory_until_the_key_is_forgotten() {
        assertThat(cache.get("k", () -> load("v1"))).isEqualTo("v1");
        assertThat(cache.get("k", () -> load("other"))).isEqualTo("v1");
        assertThat(loads).hasValue(1);

        cache.forget("k");

        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v2");
        assertThat(loads).hasValue(2);
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void absence_is_never_kept() {
        assertThat(cache.get("k", () -> load(null))).isNull();
        assertThat(cache.get("k", () -> load("now-there"))).isEqualTo("now-there");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_value_loaded_while_a_change_was_heard_is_not_kept() {
        // The change commits while the old value is being read: its announcement comes before the value is kept.
        assertThat(cache.get("k", () -> {
                    cache.forget("k");
                    return load("replaced");
                }))
                .isEqualTo("replaced");

        assertThat(cache.get("k", () -> load("current"))).isEqualTo("current");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_change_to_another_key_during_a_load_also_drops_the_loaded_value() {
        cache.get("k", () -> {
            caches.heard("o|" + java.util.UUID.randomUUID());
            return load("v1");
        });
        cache.get("k", () -> load("v1"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void nothing_is_kept_while_caching_is_off_and_turning_it_off_forgets_everything() {
        cache.get("k", () -> load("v1"));
        caches.turnOff();

        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v2");
        assertThat(cache.get("k", () -> load("v3"))).isEqualTo("v3");
        assertThat(cache.size()).isZero();

        caches.turnOn();
        assertThat(cache.get("k", () -> load("v4"))).isEqualTo("v4");
        assertThat(cache.get("k", () -> load("v5"))).isEqualTo("v4");
    }

    @Test
    void caching_turned_off_during_a_load_keeps_nothing() {
        cache.get("k", () -> {
            caches.turnOff();
            return load("v1");
        });
        caches.turnOn();
        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v2");
    }

    @Test
    void an_entry_older_than_its_maximum_age_is_read_again() {
        cache.get("k", () -> load("v1"));
        clock.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v1");

        clock.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThat(cache.get("k", () -> load("v2"))).isEqualTo("v2");
    }

    @Test
    void the_map_never_grows_past_its_bound() {
        for (int i = 0; i < 10; i++) {
            String key = "k" + i;
            cache.get(key, () -> load(key));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void forgetting_by_value_forgets_only_what_matches() {
        cache.get("a", () -> load("alice-1"));
        cache.get("b", () -> load("bob-1"));

        cache.forgetWhere(v -> v.startsWith("alice"));

        assertThat(cache.get("a", () -> load("alice-2"))).isEqualTo("alice-2");
        assertThat(cache.get("b", () -> load("bob-2"))).isEqualTo("bob-1");
    }

    @Test
    void an_announcement_this_version_does_not_know_forgets_everything() {
        var session = ContractFixtures.session(ContractFixtures.accountId(), ContractFixtures.T0, ContractFixtures.T0);
        caches.sessions().get("s", () -> session);
        assertThat(caches.sessions().size()).isEqualTo(1);

        caches.heard("*");

        assertThat(caches.sessions().size()).isZero();
    }
}
