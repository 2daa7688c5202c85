package ai.kaptura.ports.out.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs the same task on several threads released at once, and collects what each one got: its
 * answer or what it threw. For the contracts' race tests.
 */
public final class Concurrently {

    private static final long TIMEOUT_SECONDS = 60;

    private Concurrently() {}

    /** What one thread got. */
    public record Outcome<T>(int thread, T value, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }

        public Optional<Throwable> failed() {
            return Optional.ofNullable(failure);
        }
    }

    /**
     * Starts {@code threads} threads, releases them together, and waits (at most a minute) for all.
     * {@code task} receives the thread's number, from 0.
     */
    public static <T> List<Outcome<T>> run(int threads, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return new Outcome<>(thread, task.apply(thread), null);
                    } catch (Throwable failure) {
                        return new Outcome<T>(thread, null, failure);
                    }
                }));
            }
            if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("The threads did not start");
            }
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<Outcome<T>> future : futures) {
                outcomes.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while racing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("A racing thread did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Like {@link #run}, but every thread must succeed; answers their values in thread order. */
    public static <T> List<T> all(int threads, IntFunction<T> task) {
        List<T> values = new ArrayList<>();
        for (Outcome<T> outcome : run(threads, task)) {
            if (!outcome.succeeded()) {
                throw new AssertionError(
                        "Thread " + outcome.thread() + " failed: " + outcome.failure(), outcome.failure());
            }
            values.add(outcome.value());
        }
        return values;
    }

    /**
     * Like {@link #run}, but exactly one thread must succeed and every other must fail with {@code losersFail};
     * answers the one winner's value.
     */
    public static <T> T oneWinner(int threads, IntFunction<T> task, Class<? extends Throwable> losersFail) {
        List<Outcome<T>> outcomes = run(threads, task);
        List<T> winners =
                outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
        assertThat(winners).hasSize(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::failure))
                .hasSize(threads - 1)
                .allSatisfy(f -> assertThat(f).isInstanceOf(losersFail));
        return winners.getFirst();
    }
}
