package ai.kaptura.adapter.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real S3-compatible server for the tests: S3Proxy (from Maven Central, copied into target/s3proxy by
 * the build) run as a separate JVM over its filesystem backend. No Docker.
 */
final class S3ProxyServer implements AutoCloseable {

    static final String IDENTITY = "local-identity";
    static final String CREDENTIAL = "local-credential";

    private final Process process;
    private final String endpoint;

    private S3ProxyServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static S3ProxyServer start(Path workDir) {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar.toAbsolutePath() + " is missing: the build copies it before the tests run");
        }
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Path data = Files.createDirectories(workDir.resolve("s3-data"));
            Path properties = workDir.resolve("s3proxy.conf");
            Files.write(
                    properties,
                    List.of(
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + IDENTITY,
                            "s3proxy.credential=" + CREDENTIAL,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + data.toAbsolutePath()));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(
                            java.toString(),
                            "--sun-misc-unsafe-memory-access=allow",
                            "-jar",
                            jar.toAbsolutePath().toString(),
                            "--properties",
                            properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("s3proxy.log").toFile())
                    .start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "S3Proxy exited: " + Files.readString(workDir.resolve("s3proxy.log")));
                }
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    return new S3ProxyServer(process, "http://127.0.0.1:" + port);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("S3Proxy did not start within 60 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
