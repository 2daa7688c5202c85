package ai.kaptura.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The {@link AttackTarget}s of one test: each started on a data directory of its own, and stopped when the test ends,
 * with whatever else the test handed to {@link #closeAfter} (a vendor's stand-in, a browser), the last opened first;
 * then their data directories are deleted. A test method's parameter of type {@link AttackTarget} is a target on the
 * embedded defaults; {@link #start(Map)} starts one with other settings.
 *
 * <pre>{@code
 * @RegisterExtension
 * final AttackTargets targets = new AttackTargets();
 * }</pre>
 *
 * (an instance field: one per test, as JUnit makes a test instance per test).
 */
final class AttackTargets implements AfterEachCallback, ParameterResolver {

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    /** A target on the embedded defaults. */
    AttackTarget start() {
        return start(Map.of());
    }

    /** A target whose environment is the defaults changed by {@code settings} (see {@link AttackTarget#start}). */
    AttackTarget start(Map<String, String> settings) {
        return closeAfter(AttackTarget.start(newDataDir(), settings));
    }

    /** A target in a JVM of its own, which the test can {@link AttackTarget#kill()} and {@link AttackTarget#restart()}. */
    AttackTarget startInChildProcess(Map<String, String> settings) {
        return closeAfter(AttackTarget.inChildProcess(newDataDir(), settings));
    }

    /** A fresh data directory for one target, deleted when the test ends. */
    private Path newDataDir() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("kaptura-target-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dataDirs.add(dataDir);
        return dataDir;
    }

    /** Closes {@code resource} when the test ends, before anything opened earlier; answers it. */
    <T extends AutoCloseable> T closeAfter(T resource) {
        opened.add(resource);
        return resource;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == AttackTarget.class;
    }

    @Override
    public AttackTarget resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failed = null;
        for (AutoCloseable resource : opened.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        opened.clear();
        for (Path dataDir : dataDirs) {
            deleteTree(dataDir);
        }
        dataDirs.clear();
        if (failed != null) {
            throw failed;
        }
    }

    /** Deletes {@code root} and everything under it, as far as it can (a file still held open stays behind). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
