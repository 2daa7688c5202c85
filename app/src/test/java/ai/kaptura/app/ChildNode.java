package ai.kaptura.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real node in a JVM of its own: {@code Main serve} on the running test's classpath and JDK, configured only by
 * the environment given (every inherited {@code KAPTURA_*}, vendor and database variable is removed first), its output
 * in a log file per start. {@link #kill()} is {@code kill -9} (no shutdown hook runs).
 */
final class ChildNode {

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final Map<String, String> env;
    private final Path logs;
    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;

    ChildNode(Map<String, String> env, Path logs, URI base) {
        this.env = Map.copyOf(env);
        this.logs = logs;
        this.base = base;
    }

    /** Starts the node and waits until it answers ready. */
    void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The node is already running");
        }
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(
                java,
                "-Xmx512m",
                "--sun-misc-unsafe-memory-access=allow",
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                "ai.kaptura.app.Main",
                "serve");
        try {
            Files.createDirectories(logs);
            log = logs.resolve("node-" + (++starts) + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment()
                    .keySet()
                    .removeIf(name -> name.startsWith("KAPTURA_")
                            || name.startsWith("ASTRIA_")
                            || name.startsWith("STRIPE_")
                            || name.startsWith("RESEND_"));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The node stopped (exit " + process.exitValue() + "):\n" + tail());
            }
            if (ready()) {
                return;
            }
            AttackTarget.sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("The node was not ready within " + READY_WITHIN.toSeconds() + " s:\n" + tail());
    }

    /** {@code kill -9}, then waits until the process is gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("The node did not die within 30 s of kill -9");
            }
            if (process.exitValue() != 137) {
                throw new AssertionError(
                        "The node ended by itself (exit " + process.exitValue() + "), not by kill -9:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code SIGTERM}: the node stops as an orchestrator asks it to (its shutdown hook finishes the requests it
     * accepted), then waits until the process is gone.
     */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("The node did not stop within 60 s of SIGTERM:\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the node's process is running. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The process id of the node's latest start. */
    long pid() {
        if (process == null) {
            throw new IllegalStateException("The node was never started");
        }
        return process.pid();
    }

    /** Where the node listens. */
    URI base() {
        return base;
    }

    private boolean ready() {
        try {
            HttpResponse<Void> answer = http.send(
                    HttpRequest.newBuilder(base.resolve("/health/ready"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 40 lines the node printed in its latest start. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
