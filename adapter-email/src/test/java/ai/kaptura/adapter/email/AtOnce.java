package ai.kaptura.adapter.email;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Runs one action on several threads released at the same moment, for the tests of concurrent sends. */
final class AtOnce {

    private AtOnce() {}

    /** Runs {@code action} {@code times} times on {@code pool}, all released by one latch, and waits for every run. */
    static void run(ExecutorService pool, int times, Runnable action) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            runs.add(pool.submit((Callable<Void>) () -> {
                start.await();
                action.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
    }
}
