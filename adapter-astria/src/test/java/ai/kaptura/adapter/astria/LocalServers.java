package ai.kaptura.adapter.astria;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The {@link LocalServer}s one test starts, registered as its extension so that each is closed after the test. */
final class LocalServers implements AfterEachCallback {

    private final List<LocalServer> started = new ArrayList<>();

    /** Keeps {@code server} to be closed after the test, and answers it. */
    synchronized LocalServer add(LocalServer server) {
        started.add(server);
        return server;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        started.forEach(LocalServer::close);
        started.clear();
    }
}
