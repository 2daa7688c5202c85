package ai.kaptura.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The real Kaptura, started in this JVM from environment variables exactly as {@code ./kaptura serve} starts it
 * ({@link Main#start}), for tests outside this package (the attack tests in {@code ai.kaptura.app.attack}), which
 * cannot reach the package-private wiring themselves. The test closes it.
 */
public final class InProcessNode implements AutoCloseable {

    private final Kaptura kaptura;
    private final URI base;

    private InProcessNode(Kaptura kaptura, URI base) {
        this.kaptura = kaptura;
        this.base = base;
    }

    /** Reads {@code env} as {@code serve} does (refusing what it refuses) and starts the node. */
    public static InProcessNode start(Map<String, String> env) {
        Configuration config = Configuration.from(env);
        Kaptura kaptura = Main.start(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return new InProcessNode(kaptura, config.baseUrl());
    }

    /** {@code KAPTURA_BASE_URL} as configured. */
    public URI base() {
        return base;
    }

    @Override
    public void close() {
        kaptura.close();
    }
}
