package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.RateLimits.Limit;
import ai.kaptura.ports.out.fake.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateLimits} store must do (R47): let the first {@code attempts} attempts of a key in a
 * window through and refuse the rest with the time left, start again once the window has passed (the
 * clock decides, nobody sleeps), keep keys and limits apart, count exactly under concurrency — on one
 * node and across two nodes over the same storage — never keep a key in clear, and remove only counters
 * whose window has lapsed (R12).
 *
 * <p>{@link #rateLimits} is called at the start of each test (after every {@code @BeforeEach}) and must
 * answer an empty store.
 */
@Tag("R47")
public abstract class RateLimitsContract {

    protected static final Limit THREE_PER_MINUTE = new Limit("contract-three-per-minute", 3, Duration.ofMinutes(1));
    private static final String ADDRESS = "203.0.113.7";

    /** The time every store of the test reads; tests move it, nobody sleeps. */
    protected final MutableClock clock = new MutableClock();

    /** A fresh, empty store that reads the time from {@code clock}. */
    protected abstract RateLimits rateLimits(InstantSource clock);

    /** A second store over the same counters as the one {@link #rateLimits} made: another node. */
    protected abstract RateLimits anotherNode(InstantSource clock);

    /** Everything the store holds, as text (ids, states, times), to show that no key is kept in clear. */
    protected abstract String everythingStored();

    @Test
    void the_first_attempts_of_a_window_pass_and_the_next_is_refused_with_the_whole_window_to_wait() {
        RateLimits limits = rateLimits(clock);

        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 3);

        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofMinutes(1));
    }

    @Test
    void the_wait_is_what_is_left_of_the_window_opened_by_the_first_attempt() {
        RateLimits limits = rateLimits(clock);
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 2);

        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofSeconds(40));
        clock.advance(Duration.ofSeconds(40).minusMillis(1));
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS))
                .as("the window is over")
                .isEmpty();
    }

    @Test
    void every_refusal_waits_a_positive_time_no_longer_than_the_window() {
        Limit twoPerHour = new Limit("contract-two-per-hour", 2, Duration.ofHours(1));
        RateLimits limits = rateLimits(clock);
        attempts(limits, twoPerHour, ADDRESS, 2);

        for (int minute = 0; minute < 60; minute += 7) {
            assertThat(limits.attempt(twoPerHour, ADDRESS))
                    .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(7));
        }
    }

    @Test
    void once_the_window_has_passed_the_full_number_passes_again_and_no_more() {
        RateLimits limits = rateLimits(clock);
        attempts(limits, THREE_PER_MINUTE, ADDRESS, 4);

        clock.advance(Duration.ofMinutes(1));

        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 3);
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS))
                .hasValueSatisfying(wait -> assertThat(wait).isPositive());
    }

    @Test
    void windows_follow_one_another_from_the_first_attempt_while_the_counter_is_kept() {
        RateLimits limits = rateLimits(clock);
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).isEmpty();

        clock.advance(Duration.ofMinutes(2).plusSeconds(15));

        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 3);
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS))
                .as("the third window ends 3 minutes after the first attempt")
                .contains(Duration.ofSeconds(45));
    }

    @Test
    void refused_attempts_are_not_counted() {
        RateLimits limits = rateLimits(clock);
        attempts(limits, THREE_PER_MINUTE, ADDRESS, 3);
        clock.advance(Duration.ofSeconds(30));

        assertThat(attempts(limits, THREE_PER_MINUTE, ADDRESS, 50)).doesNotContain(Optional.empty());
        clock.advance(Duration.ofSeconds(30));

        // the refusals used nothing up
        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 3);
    }

    @Test
    void different_keys_are_counted_apart() {
        RateLimits limits = rateLimits(clock);
        attempts(limits, THREE_PER_MINUTE, ADDRESS, 3);

        assertThat(limits.attempt(THREE_PER_MINUTE, "203.0.113.8")).isEmpty();
        assertThat(limits.attempt(THREE_PER_MINUTE, "203.0.113.70")).isEmpty();
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).isPresent();
    }

    @Test
    void limits_with_different_names_are_counted_apart_even_for_the_same_key() {
        RateLimits limits = rateLimits(clock);
        Limit other = new Limit("contract-other", 3, Duration.ofMinutes(1));
        attempts(limits, THREE_PER_MINUTE, "ada@example.com", 3);

        assertAllPass(limits, other, "ada@example.com", 3);
        assertThat(limits.attempt(other, "ada@example.com")).isPresent();
        assertThat(limits.attempt(THREE_PER_MINUTE, "ada@example.com")).isPresent();
    }

    @Test
    void a_limit_is_its_name_attempts_and_window_so_changing_one_starts_new_counters() {
        RateLimits limits = rateLimits(clock);
        attempts(limits, THREE_PER_MINUTE, ADDRESS, 3);

        Limit raised = new Limit(THREE_PER_MINUTE.name(), 5, THREE_PER_MINUTE.window());
        assertAllPass(limits, raised, ADDRESS, 5);
        assertThat(limits.attempt(raised, ADDRESS)).isPresent();
    }

    @Test
    void neither_the_key_nor_the_limit_name_is_stored_in_clear() {
        RateLimits limits = rateLimits(clock);
        List<String> keys = List.of("ada@example.com", ADDRESS, "2001:db8::7");
        for (String key : keys) {
            attempts(limits, THREE_PER_MINUTE, key, 4);
        }

        String stored = everythingStored();

        assertThat(stored)
                .as("the store holds something, or this test proves nothing")
                .isNotBlank();
        for (String clear :
                List.of("ada@example.com", "example.com", ADDRESS, "2001:db8::7", THREE_PER_MINUTE.name())) {
            assertThat(stored)
                    .doesNotContainIgnoringCase(clear)
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(clear.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void a_blank_key_and_an_impossible_limit_are_refused() {
        RateLimits limits = rateLimits(clock);

        assertThatThrownBy(() -> limits.attempt(THREE_PER_MINUTE, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.attempt(THREE_PER_MINUTE, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits.attempt(THREE_PER_MINUTE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> limits.attempt(null, ADDRESS)).isInstanceOf(NullPointerException.class);
        for (String name : List.of("", "Sign-In", "sign_in", "sign in", "a".repeat(41))) {
            assertThatThrownBy(() -> new Limit(name, 3, Duration.ofMinutes(1)))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Limit("zero", 0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit("no-window", 3, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit("negative", 3, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit("over-a-day", 3, Duration.ofDays(1).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("R12");
        assertThat(new Limit("a-day-0-9", 1, Duration.ofDays(1)).window()).isEqualTo(Duration.ofDays(1));
        assertThat(new Limit("a".repeat(40), 1, Duration.ofNanos(1)).name()).hasSize(40);
    }

    @Test
    void an_empty_store_removes_nothing() {
        assertThat(rateLimits(clock).removeExpired()).isZero();
    }

    @Test
    void remove_expired_removes_only_counters_whose_window_has_lapsed() {
        RateLimits limits = rateLimits(clock);
        Limit onePerMinute = new Limit("contract-one-per-minute", 1, Duration.ofMinutes(1));
        assertThat(limits.attempt(onePerMinute, "early")).isEmpty();
        assertThat(limits.attempt(THREE_PER_MINUTE, "partly-used")).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(limits.attempt(onePerMinute, "late")).isEmpty();

        clock.advance(Duration.ofSeconds(30).minusMillis(1));
        assertThat(limits.removeExpired()).as("every window is still open").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(limits.removeExpired())
                .as("the two counters opened first have lapsed")
                .isEqualTo(2);

        assertThat(limits.attempt(onePerMinute, "late"))
                .as("still counted, so still refused")
                .contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limits.removeExpired()).isEqualTo(1);
        assertThat(limits.removeExpired()).isZero();
    }

    @Test
    void a_removed_counter_starts_again_with_the_full_number() {
        RateLimits limits = rateLimits(clock);
        attempts(limits, THREE_PER_MINUTE, ADDRESS, 3);
        clock.advance(Duration.ofMinutes(5));
        assertThat(limits.removeExpired()).isEqualTo(1);

        assertAllPass(limits, THREE_PER_MINUTE, ADDRESS, 3);
        assertThat(limits.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofMinutes(1));
    }

    @Test
    void two_nodes_share_the_counters() {
        RateLimits one = rateLimits(clock);
        RateLimits two = anotherNode(clock);

        assertThat(one.attempt(THREE_PER_MINUTE, ADDRESS)).isEmpty();
        assertThat(two.attempt(THREE_PER_MINUTE, ADDRESS)).isEmpty();
        assertThat(one.attempt(THREE_PER_MINUTE, ADDRESS)).isEmpty();

        assertThat(two.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofMinutes(1));
        assertThat(one.attempt(THREE_PER_MINUTE, ADDRESS)).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(two.removeExpired()).isEqualTo(1);
        assertThat(one.removeExpired()).isZero();
    }

    @Test
    void concurrent_attempts_on_one_key_let_exactly_the_limit_through() {
        RateLimits limits = rateLimits(clock);
        Limit limit = new Limit("contract-concurrent", 25, Duration.ofMinutes(1));

        List<Integer> allowed = Concurrently.all(8, thread -> allowedOf(limits, limit, "one-key", 12));

        assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
    }

    @Test
    void concurrent_attempts_on_two_nodes_let_exactly_the_limit_through() {
        RateLimits one = rateLimits(clock);
        RateLimits two = anotherNode(clock);
        Limit limit = new Limit("contract-two-nodes", 25, Duration.ofMinutes(1));

        List<Integer> allowed =
                Concurrently.all(8, thread -> allowedOf(thread % 2 == 0 ? one : two, limit, "one-key", 12));

        assertThat(allowed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(25);
    }

    /** Checks that the next {@code times} attempts of {@code key} under {@code limit} all pass. */
    private static void assertAllPass(RateLimits limits, Limit limit, String key, int times) {
        assertThat(attempts(limits, limit, key, times))
                .as("the next %d attempts of %s pass", times, key)
                .containsOnly(Optional.empty());
    }

    private static List<Optional<Duration>> attempts(RateLimits limits, Limit limit, String key, int times) {
        return IntStream.range(0, times)
                .mapToObj(i -> limits.attempt(limit, key))
                .toList();
    }

    private static int allowedOf(RateLimits limits, Limit limit, String key, int times) {
        return (int) attempts(limits, limit, key, times).stream()
                .filter(Optional::isEmpty)
                .count();
    }
}
