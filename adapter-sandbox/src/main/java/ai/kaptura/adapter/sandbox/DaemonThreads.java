package ai.kaptura.adapter.sandbox;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the sandbox's threads and makes them daemons, so a stand-in never keeps the JVM alive. */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String role) {
        this.prefix = "kaptura-sandbox-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
