package ai.kaptura.adapter.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's timers for the sandbox generator's steps, all on one daemon thread, so the steps a node takes run one at
 * a time: a wake-up at the time a step it knows of is due (a training's end, a drawing, a callback's next attempt), and
 * a sweep every {@link #SWEEP} for the steps due that no timer of this node waits for (taken over from a node that
 * stopped). Which node takes a step is decided by the claim in the shared records, not here.
 */
final class StepScheduler {

    /** How often a node looks for due steps it has no timer for. */
    static final Duration SWEEP = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());

    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("generator"));
    private final Duration delay;
    /** Whether the last task failed: then the next failure is not logged again. */
    private final AtomicBoolean troubled = new AtomicBoolean();

    /** @param delay the sandbox's delay: no timer waits longer (a clock set back) */
    StepScheduler(Duration delay) {
        this.delay = delay;
    }

    /** How long from {@code now} until {@code due}: nothing if it is past, at most one delay (a clock set back). */
    Duration until(Instant due, Instant now) {
        Duration left = Duration.between(now, due);
        return left.isNegative() ? Duration.ZERO : left.compareTo(delay) > 0 ? delay : left;
    }

    /** Runs {@code task} once after {@code wait}; answers false if the scheduler is shut down. */
    boolean later(Runnable task, Duration wait) {
        try {
            worker.schedule(guarded(task), wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} every {@link #SWEEP}, the first time one sweep from now; a run that throws is logged. */
    void everySweep(Runnable task) {
        try {
            worker.scheduleWithFixedDelay(guarded(task), SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "Sandbox: closed; no sweep");
        }
    }

    /** Stops the thread at once; a step under way is interrupted. */
    void shutdownNow() {
        worker.shutdownNow();
    }

    /** Waits up to {@code wait} for a step under way to end. */
    void awaitTermination(Duration wait) throws InterruptedException {
        worker.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A task whose failure is logged, not thrown: a periodic task that throws would never run again. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> "Sandbox: a step could not be taken ("
                                + e.getClass().getSimpleName() + "); it is taken again when next due");
            }
        };
    }
}
