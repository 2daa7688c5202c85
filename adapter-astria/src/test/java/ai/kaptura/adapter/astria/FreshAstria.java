package ai.kaptura.adapter.astria;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A new local Astria each time a contract asks for a new generator or obligations, the one before it stopped; registered
 * as the test's extension, the last one stops after the test.
 */
final class FreshAstria implements AfterEachCallback {

    private StubbedAstria current;

    /** Stops the local Astria made before, if any, and answers a new one. */
    StubbedAstria replace() {
        stop();
        current = new StubbedAstria();
        return current;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
