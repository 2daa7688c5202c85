package ai.kaptura.ports.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What one class logs through {@link System.Logger} (java.util.logging underneath, as in the adapters' tests), for
 * tests that check a log says what it must and never what it must not (personal data, secrets). Capturing starts
 * when this is made; {@link #close()} stops it.
 */
public final class CapturedLog implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger logger;

    private final Level levelBefore;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private CapturedLog(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        this.levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts capturing what the logger of {@code type} writes, at every level. */
    public static CapturedLog of(Class<?> type) {
        return new CapturedLog(type.getName());
    }

    /** Starts capturing what the logger named {@code loggerName} writes (for a class the test cannot see). */
    public static CapturedLog named(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** Every record so far, in order. */
    public List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** The messages logged at {@code level}, with their parameters filled in. */
    public List<String> messages(Level level) {
        SimpleFormatter formatter = new SimpleFormatter();
        return records().stream()
                .filter(r -> r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .toList();
    }

    /** The first record at {@code level} whose raw message contains {@code fragment}, waiting up to {@code within}. */
    public LogRecord await(Level level, String fragment, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            for (LogRecord record : records()) {
                if (record.getLevel().equals(level) && record.getMessage().contains(fragment)) {
                    return record;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("No " + level + " log containing '" + fragment + "' within " + within);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }
}
