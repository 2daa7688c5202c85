package ai.kaptura.ports.out.fake;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kaptura.ports.out.RateLimits;
import ai.kaptura.ports.out.contract.RateLimitsContract;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryRateLimitsTest extends RateLimitsContract {

    private InMemoryRateLimits store;

    @Override
    protected RateLimits rateLimits(InstantSource clock) {
        store = new InMemoryRateLimits(clock);
        return store;
    }

    @Override
    protected RateLimits anotherNode(InstantSource clock) {
        return store.anotherNode(clock);
    }

    @Override
    protected String everythingStored() {
        return store.dump();
    }

    @Test
    void a_clock_set_back_never_makes_a_wait_longer_than_the_window() {
        InMemoryRateLimits limits = new InMemoryRateLimits(clock);
        for (int i = 0; i < 3; i++) {
            limits.attempt(THREE_PER_MINUTE, "key");
        }
        clock.advance(Duration.ofMinutes(-10));

        assertThat(limits.attempt(THREE_PER_MINUTE, "key")).isEqualTo(Optional.of(Duration.ofMinutes(1)));
    }
}
