package ai.kaptura.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The real app, wired and started in this JVM from environment variables as {@code ./kaptura serve} would be
 * ({@link Main#start}), for tests outside this package (the attack tests). What it prints at start is kept,
 * not shown.
 */
public final class InProcessKaptura implements AutoCloseable {

    private final Kaptura kaptura;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private InProcessKaptura(Map<String, String> env) {
        this.kaptura = Main.start(Configuration.from(env), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    /** Starts a node configured by {@code env}; close it when done. */
    public static InProcessKaptura start(Map<String, String> env) {
        return new InProcessKaptura(env);
    }

    /** What the node printed when it started. */
    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        kaptura.close();
    }
}
