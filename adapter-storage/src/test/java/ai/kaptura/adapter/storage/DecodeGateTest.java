package ai.kaptura.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.kaptura.domain.shared.Rejection;
import ai.kaptura.ports.out.PhotoSanitizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decode gate: pictures are worked on by at most its permits at once, on platform threads, whoever asks; a
 * caller that finds no permit within the wait is refused as busy, a job waits; a permit comes back whatever the
 * work did.
 */
class DecodeGateTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path tempRoot;

    @Test
    void the_work_runs_on_a_platform_thread_even_when_a_virtual_thread_asks() throws Exception {
        DecodeGate gate = new DecodeGate(1, LONG);
        boolean[] virtual = new boolean[1];
        String[] name = new String[1];

        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                gate.within(() -> {
                    virtual[0] = Thread.currentThread().isVirtual();
                    name[0] = Thread.currentThread().getName();
                    return null;
                });
            } catch (IOException | ImageRefusal e) {
                throw new AssertionError(e);
            }
        });
        caller.join(10_000);

        assertThat(caller.isVirtual()).isTrue();
        assertThat(virtual[0]).as("the decoding thread is virtual").isFalse();
        assertThat(name[0]).startsWith("kaptura-decode-");
    }

    @Test
    void no_more_pictures_are_worked_on_at_once_than_there_are_permits() throws Exception {
        DecodeGate gate = new DecodeGate(2, LONG);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<Object>> callers = new ArrayList<>();
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                callers.add(virtual.submit(() -> gate.within(() -> {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    pause(50);
                    now.decrementAndGet();
                    return null;
                })));
            }
            for (Future<Object> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(most.get()).as("seen by the work itself").isEqualTo(2);
        assertThat(gate.mostInFlight()).as("the gate's own count").isEqualTo(2);
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.refusedBusy()).isZero();
    }

    @Test
    void a_caller_that_finds_no_permit_within_the_wait_is_refused_as_busy_and_counted() throws Exception {
        DecodeGate gate = new DecodeGate(1, Duration.ofMillis(100));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = virtual.submit(() -> gate.within(() -> {
                holding.countDown();
                await(release);
                return "done";
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> gate.within(() -> "never")).isInstanceOfSatisfying(ImageRefusal.class, refusal -> {
                assertThat(refusal.why().reason()).isEqualTo(Rejection.Reason.SERVER_BUSY);
                assertThat(refusal.why().detail()).contains("not stored").contains("again");
            });
            assertThat(gate.refusedBusy()).isEqualTo(1);

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(gate.within(() -> "free again")).isEqualTo("free again");
    }

    @Test
    void a_job_waits_for_a_permit_beyond_the_wait_instead_of_being_refused() throws Exception {
        DecodeGate gate = new DecodeGate(1, Duration.ofMillis(50));
        CountDownLatch holding = new CountDownLatch(1);
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = virtual.submit(() -> gate.within(() -> {
                holding.countDown();
                pause(400);
                return "first";
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(gate.whenFree(() -> "the job's")).isEqualTo("the job's");
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        }
        assertThat(gate.refusedBusy()).isZero();
    }

    @Test
    void a_permit_comes_back_when_the_work_fails() throws Exception {
        DecodeGate gate = new DecodeGate(1, Duration.ofMillis(200));

        assertThatThrownBy(() -> gate.within(() -> {
                    throw new IllegalStateException("a decoder bug");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a decoder bug");
        assertThatThrownBy(() -> gate.within(() -> {
                    throw ImageRefusal.invalid("not a photo");
                }))
                .isInstanceOf(ImageRefusal.class);
        assertThatThrownBy(() -> gate.within(() -> {
                    throw new StackOverflowError();
                }))
                .isInstanceOf(StackOverflowError.class);

        assertThat(gate.within(() -> "still free")).isEqualTo("still free");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void a_selfie_that_finds_no_decoder_in_time_is_refused_as_busy_not_as_invalid() throws Exception {
        DecodeGate gate = new DecodeGate(1, Duration.ofMillis(100));
        PhotoSanitizer sanitizer = new ImageSanitizer(
                Optional.empty(),
                gate,
                HeicDecoder.Limits.of(Duration.ofSeconds(30), HeicDecoder.Limits.DEFAULT_ADDRESS_SPACE),
                tempRoot);
        byte[] photo = ImageSanitizerFixtures.jpeg(800, 600);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Object> busy = virtual.submit(() -> gate.within(() -> {
                holding.countDown();
                await(release);
                return null;
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            PhotoSanitizer.Outcome refused = sanitizer.sanitizeSelfie(new ByteArrayInputStream(photo));

            assertThat(refused)
                    .isInstanceOfSatisfying(
                            PhotoSanitizer.Outcome.Rejected.class,
                            r -> assertThat(r.why().reason()).isEqualTo(Rejection.Reason.SERVER_BUSY));
            release.countDown();
            busy.get(10, TimeUnit.SECONDS);
        }
        assertThat(sanitizer.sanitizeSelfie(new ByteArrayInputStream(photo)))
                .isInstanceOf(PhotoSanitizer.Outcome.Accepted.class);
    }

    @Test
    void decode_limits_out_of_range_are_refused_naming_their_variable() {
        assertThatThrownBy(() -> new StorageAdapter.DecodeLimits(0, LONG, 1L << 30, LONG))
                .hasMessageContaining("KAPTURA_DECODE_CONCURRENCY");
        assertThatThrownBy(() -> new StorageAdapter.DecodeLimits(1, Duration.ofSeconds(-1), 1L << 30, LONG))
                .hasMessageContaining("KAPTURA_UPLOAD_WAIT");
        assertThatThrownBy(() -> new StorageAdapter.DecodeLimits(1, LONG, 1024, LONG))
                .hasMessageContaining("KAPTURA_HEIF_MEMORY");
        assertThatThrownBy(() -> new StorageAdapter.DecodeLimits(1, LONG, 1L << 30, Duration.ZERO))
                .hasMessageContaining("KAPTURA_HEIF_TIMEOUT");
        assertThat(StorageAdapter.DecodeLimits.defaults().concurrency())
                .isBetween(1, Runtime.getRuntime().availableProcessors());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
