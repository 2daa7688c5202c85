package ai.kaptura.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this test's classpath and JDK (the crash tests' committing process), its standard output read line by
 * line as it comes, and its end a SIGKILL.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        });
    }

    /** Starts {@code main} with {@code args}; what it writes to its standard error is dropped. */
    static ChildJvm start(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("the child JVM did not start", e);
        }
    }

    /** The next line the child wrote, or null if none came by {@code deadline} or the child ended without one. */
    String next(Instant deadline) {
        try {
            while (true) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line == null && !reader.isAlive()) {
                    line = lines.poll();
                }
                if (line != null) {
                    seen.add(line);
                    return line;
                }
                if (!reader.isAlive() || Instant.now().isAfter(deadline)) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills the child with SIGKILL and answers every line it wrote, read to the end of its output. */
    List<String> kill() {
        process.destroyForcibly();
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("the child died")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("killed by SIGKILL (128 + 9), not ended by itself")
                    .isEqualTo(137);
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        lines.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
