package ai.kaptura.adapter.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens, on a PostgreSQL connection of its own, to the changes the {@code V103} triggers announce on
 * {@code kaptura_changes} at each commit, and makes the node's {@link ReadCaches} forget what changed. The caches are on
 * only while this listener listens to a schema that has those triggers: before the migrations made them, while the
 * connection is lost, and after {@link #close}, they are off and every read goes to the database.
 *
 * <p>A connection that dies quietly (a network cut with no reset) would leave the listener waiting for announcements
 * that cannot come: so the connection is asked a trivial question every {@link #PROBE_EVERY}, with a socket timeout,
 * and a failure turns the caches off until it listens again. That bounds how long a node can miss a change to about
 * {@code PROBE_EVERY} + the socket timeout, on top of the {@link ReadCaches#MAX_AGE} every entry has anyway.
 *
 * <p>This is PostgreSQL's own publish–subscribe (LISTEN/NOTIFY), not a protocol of Kaptura's: announcements reach every
 * session listening on the database at commit, in commit order, and are folded when identical within a transaction.
 */
final class ChangeListener implements AutoCloseable {

    static final String CHANNEL = "kaptura_changes";
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final int SOCKET_TIMEOUT_SECONDS = 5;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());

    private final String url;
    private final Properties properties;
    private final String schema;
    private final ReadCaches caches;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    /** Whether the last attempt failed: an outage is logged once when it starts and once when it ends. */
    private boolean failing;

    private ChangeListener(HikariDataSource pool, ReadCaches caches) {
        this.url = pool.getJdbcUrl();
        this.properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "kaptura change listener");
        this.schema = pool.getSchema();
        this.caches = Objects.requireNonNull(caches, "caches");
        this.thread =
                Thread.ofPlatform().daemon().name("kaptura:change-listener").unstarted(this::listen);
    }

    /** Starts listening for {@code pool}'s database; the caches turn on once it listens to a schema with the triggers. */
    static ChangeListener start(HikariDataSource pool, ReadCaches caches) {
        ChangeListener listener = new ChangeListener(pool, caches);
        listener.thread.start();
        return listener;
    }

    /** Looks again at once whether the triggers are there (after migrating), instead of at the next probe. */
    void schemaChanged() {
        if (!caches.on()) {
            thread.interrupt();
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                connection = c;
                if (schema != null) {
                    c.setSchema(schema);
                }
                String listened = currentSchema(c);
                if (!announcing(c, listened)) {
                    pause(PROBE_EVERY);
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                caches.turnOn();
                if (failing) {
                    failing = false;
                    LOG.log(System.Logger.Level.INFO, "Listening to database changes again: reads kept in memory");
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "Listening to changes of schema " + listened);
                }
                hear(c, listened + "|");
            } catch (SQLException | RuntimeException e) {
                caches.turnOff();
                if (!closed) {
                    LOG.log(
                            failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                            "Not listening to database changes (reads go to the database until it listens again): "
                                    + e.getMessage());
                    failing = true;
                    pause(RETRY_AFTER);
                }
            } finally {
                caches.turnOff();
                connection = null;
            }
        }
    }

    /** Passes each announcement for {@code prefix}'s schema to the caches, probing the connection between waits. */
    private void hear(Connection c, String prefix) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long probeAt = System.nanoTime() + PROBE_EVERY.toNanos();
        while (!closed) {
            Thread.interrupted(); // a wake meant for a pause: nothing to do while listening
            PGNotification[] heard = pg.getNotifications((int) PROBE_EVERY.toMillis());
            if (heard != null) {
                for (PGNotification n : heard) {
                    String payload = n.getParameter();
                    if (payload.startsWith(prefix)) {
                        caches.heard(payload.substring(prefix.length()));
                    }
                }
            }
            if (System.nanoTime() - probeAt >= 0) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                probeAt = System.nanoTime() + PROBE_EVERY.toNanos();
            }
        }
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT current_schema()")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Whether {@code schema}'s tables announce their changes (the {@code V103} migration ran). */
    private static boolean announcing(Connection c, String schema) throws SQLException {
        try (var s = c.prepareStatement("SELECT count(*) FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace"
                + " WHERE n.nspname = ? AND t.tgname IN ('kaptura_announce_sessions', 'kaptura_announce_orders')"
                + " AND t.tgenabled <> 'D'")) {
            s.setString(1, schema);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1) == 2;
            }
        }
    }

    private void pause(Duration how) {
        if (Thread.interrupted()) {
            return;
        }
        try {
            Thread.sleep(how);
        } catch (InterruptedException e) {
            // Woken early (schemaChanged or close): look again now.
        }
    }

    /** Whether the caches may be on: the listener listens now. For tests. */
    boolean listening() {
        return caches.on();
    }

    @Override
    public void close() {
        closed = true;
        caches.turnOff();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing: the thread ends either way.
            }
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
