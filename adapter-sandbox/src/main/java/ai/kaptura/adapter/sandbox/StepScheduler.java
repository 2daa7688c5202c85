package ai.kaptura.adapter.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * When the sandbox's steps run: a training's end and a drawing one delay after they are asked, and a callback's next
 * attempt after its wait, all on one daemon thread. A step that fails is tried again, and after
 * {@value #STEP_ATTEMPTS} attempts its model is given up ({@code giveUp}, which reports it failed).
 */
final class StepScheduler {

    static final int STEP_ATTEMPTS = 3;

    private static final System.Logger LOG = System.getLogger(SandboxGenerator.class.getName());

    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("generator"));
    private final Duration delay;
    /** The wait before a failed step is tried again: one delay, at least a second. */
    private final Duration retryWait;

    private final BooleanSupplier closed;
    private final Consumer<String> giveUp;

    /**
     * @param delay  the sandbox's delay: what a training and a drawing take, and (at least a second) the wait before a
     *               failed step is tried again
     * @param closed whether the sandbox is closed: then nothing more is scheduled
     * @param giveUp what is done with the id of a model whose step failed {@value #STEP_ATTEMPTS} times
     */
    StepScheduler(Duration delay, BooleanSupplier closed, Consumer<String> giveUp) {
        this.delay = delay;
        this.retryWait = delay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : delay;
        this.closed = closed;
        this.giveUp = giveUp;
    }

    /** How long from {@code now} until {@code due}: nothing if it is past, at most one delay (a clock set back). */
    Duration until(Instant due, Instant now) {
        Duration left = Duration.between(now, due);
        return left.isNegative() ? Duration.ZERO : left.compareTo(delay) > 0 ? delay : left;
    }

    /** Runs {@code step} (the {@code what} of model {@code id}) one delay from now. */
    void afterDelay(String id, Runnable step, String what) {
        schedule(id, step, delay, what, 1);
    }

    /**
     * Runs {@code step} (the {@code what} of model {@code id}) after {@code after}; a step that fails is tried
     * again, and after {@value #STEP_ATTEMPTS} attempts the model is given up.
     */
    void schedule(String id, Runnable step, Duration after, String what) {
        schedule(id, step, after, what, 1);
    }

    private void schedule(String id, Runnable step, Duration after, String what, int attempt) {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            worker.schedule(
                    () -> {
                        try {
                            step.run();
                        } catch (RuntimeException e) {
                            if (attempt < STEP_ATTEMPTS) {
                                LOG.log(
                                        System.Logger.Level.WARNING,
                                        () -> "Sandbox: the " + what + " of model " + id + " failed ("
                                                + e.getClass().getSimpleName() + "); trying again");
                                schedule(id, step, retryWait, what, attempt + 1);
                            } else {
                                LOG.log(
                                        System.Logger.Level.WARNING,
                                        () -> "Sandbox: the " + what + " of model " + id + " failed " + STEP_ATTEMPTS
                                                + " times (" + e.getClass().getSimpleName()
                                                + "); the model is reported failed");
                                giveUp.accept(id);
                            }
                        }
                    },
                    after.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "Sandbox: closed; the " + what + " of model " + id + " is not scheduled");
        }
    }

    /** Runs {@code task} once after {@code wait}, without retries; answers false if the scheduler is shut down. */
    boolean later(Runnable task, Duration wait) {
        try {
            worker.schedule(task, wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
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
}
