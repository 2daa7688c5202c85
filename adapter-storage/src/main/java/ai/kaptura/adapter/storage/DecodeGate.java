package ai.kaptura.adapter.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where pixels are decoded and encoded: at most {@code permits} pictures at once, each on a platform thread of a
 * small pool of that size, whoever asks.
 *
 * <p>Decoding a photo takes a core and up to about 128 MB for a second or more. Run on the HTTP server's
 * virtual threads, every upload would decode at once (memory without bound), and the native JPEG code would
 * pin their carrier threads, so that requests that have nothing to do with photos wait too. Here the caller, a
 * virtual thread, parks while a pool thread works; it waits for a permit at most {@code wait}, and past that
 * its photo is refused as {@link ImageRefusal#busy() busy} (503 {@code server-busy}, nothing kept). Jobs, which
 * have no person waiting and retry anyway, wait as long as it takes ({@link #whenFree}). heif-convert runs
 * inside a permit too, so it shares the same cap.
 *
 * <p>A permit is given back when the work ends, not when its caller stops waiting, so the cap holds even for
 * work whose caller was interrupted. {@link #mostInFlight()} is the most pictures ever worked on at once: never
 * more than the permits.
 */
final class DecodeGate implements StorageAdapter.DecodeLoad {

    /** One piece of work on a picture. */
    interface Work<T> {
        T run() throws IOException, ImageRefusal;
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int permits;
    private final Duration wait;
    private final Semaphore free;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final AtomicLong refusedBusy = new AtomicLong();

    DecodeGate(int permits, Duration wait) {
        if (permits < 1) {
            throw new IllegalArgumentException("KAPTURA_DECODE_CONCURRENCY must be at least 1 (got " + permits + ")");
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("KAPTURA_UPLOAD_WAIT cannot be negative (got " + wait + ")");
        }
        this.permits = permits;
        this.wait = wait;
        this.free = new Semaphore(permits, true);
        // Platform threads, created when needed and ended after a minute idle, so an idle node holds none.
        this.pool = new ThreadPoolExecutor(
                permits,
                permits,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform()
                        .daemon(true)
                        .name("kaptura-decode-" + POOLS.incrementAndGet() + "-", 1)
                        .factory());
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code work} once a permit is free, waiting at most the configured time; refused as busy after that. */
    <T> T within(Work<T> work) throws IOException, ImageRefusal {
        boolean acquired;
        try {
            acquired = free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            refusedBusy.incrementAndGet();
            throw ImageRefusal.busy();
        }
        return run(work);
    }

    /** Runs {@code work} once a permit is free, however long that takes (for jobs, which have no one waiting). */
    <T> T whenFree(Work<T> work) throws IOException, ImageRefusal {
        try {
            free.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for a decoder", e);
        }
        return run(work);
    }

    /** With a permit held: runs the work on a pool thread, which gives the permit back when the work ends. */
    private <T> T run(Work<T> work) throws IOException, ImageRefusal {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        Future<T> result;
        try {
            result = pool.submit(() -> {
                try {
                    return work.run();
                } finally {
                    inFlight.decrementAndGet();
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            free.release();
            throw e;
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while a decoder worked", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ImageRefusal refusal -> throw refusal;
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    @Override
    public int permits() {
        return permits;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public int mostInFlight() {
        return mostInFlight.get();
    }

    @Override
    public long refusedBusy() {
        return refusedBusy.get();
    }
}
