package ai.kaptura.adapter.astria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.Request;
import feign.RetryableException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry policy on its own: capped exponential waits, Retry-After as a capped hint, and no blind repeat of a creation. */
class BackoffTest {

    private final List<Duration> slept = new ArrayList<>();
    private final Backoff backoff = new Backoff(4, Duration.ofSeconds(30), Duration.ofMinutes(2), slept::add);

    private static Request request(Request.HttpMethod method) {
        return Request.create(method, "https://api.astria.ai/tunes", Map.of(), null, StandardCharsets.UTF_8, null);
    }

    private static RetryableException status(int status, Request.HttpMethod method, Duration hint) {
        return new AstriaErrors.TryAgain(status, status + " from Astria", request(method), hint);
    }

    private static RetryableException noAnswer(Request.HttpMethod method, java.io.IOException cause) {
        return new RetryableException(-1, "no answer", method, cause, (Long) null, request(method));
    }

    @Test
    void waits_double_from_the_first_and_stop_at_the_cap() {
        assertThat(backoff.wait(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.wait(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.wait(3, Duration.ZERO)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.wait(4, Duration.ZERO)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.wait(40, Duration.ZERO)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void a_longer_retry_after_is_honoured_up_to_the_cap() {
        assertThat(backoff.wait(1, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
        assertThat(backoff.wait(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.wait(1, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void gives_up_after_the_last_attempt_saying_how_many_there_were() {
        Backoff fresh = (Backoff) backoff.clone();
        RetryableException failure = status(503, Request.HttpMethod.GET, Duration.ZERO);

        fresh.continueOrPropagate(failure);
        fresh.continueOrPropagate(failure);
        fresh.continueOrPropagate(failure);

        assertThatThrownBy(() -> fresh.continueOrPropagate(failure))
                .isInstanceOf(AstriaFailure.GaveUp.class)
                .hasMessageContaining("after 4 attempts")
                .hasMessageContaining("503");
        assertThat(slept).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    @Test
    void a_creation_that_got_no_answer_is_never_repeated() {
        assertThatThrownBy(() -> backoff.clone()
                        .continueOrPropagate(
                                noAnswer(Request.HttpMethod.POST, new HttpTimeoutException("request timed out"))))
                .isInstanceOf(AstriaFailure.OutcomeUnknown.class);
        assertThat(slept).isEmpty();
    }

    @Test
    void a_creation_that_could_not_even_connect_is_repeated_as_a_read_that_got_no_answer_is() {
        backoff.clone()
                .continueOrPropagate(noAnswer(Request.HttpMethod.POST, new ConnectException("Connection refused")));
        backoff.clone()
                .continueOrPropagate(noAnswer(Request.HttpMethod.GET, new HttpTimeoutException("request timed out")));

        assertThat(slept).hasSize(2);
    }
}
