package ai.kaptura.app;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A database of its own on the test PostgreSQL (KAPTURA_TEST_DATABASE_URL, else 127.0.0.1:5432 as user
 * {@code postgres}, as the persistence tests use), created for one test and dropped after it, so that nodes of the
 * real app can run against PostgreSQL without touching anything else on the server.
 */
final class FreshPostgres implements AutoCloseable {

    private static final String DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test";

    final String host;
    final int port;
    final String name;
    final String user;
    private final String adminUrl;

    private FreshPostgres(String host, int port, String name, String user, String adminUrl) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.user = user;
        this.adminUrl = adminUrl;
    }

    static FreshPostgres create() {
        String base = System.getenv().getOrDefault("KAPTURA_TEST_DATABASE_URL", DEFAULT);
        URI uri = URI.create(base.substring("jdbc:".length()));
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String user = System.getenv().getOrDefault("KAPTURA_TEST_DATABASE_USER", "postgres");
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        String name = "kaptura_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c =
                        DriverManager.getConnection(adminUrl, user, System.getenv("KAPTURA_TEST_DATABASE_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The fault tests need the test PostgreSQL at " + adminUrl
                            + " (start it: pg_ctlcluster 15 main start, or set KAPTURA_TEST_DATABASE_URL)",
                    e);
        }
        return new FreshPostgres(host, port, name, user, adminUrl);
    }

    /** The JDBC address of this database through another host and port, such as a relay in front of the server. */
    String urlVia(String viaHost, int viaPort) {
        return "jdbc:postgresql://" + viaHost + ":" + viaPort + "/" + name;
    }

    String url() {
        return urlVia(host, port);
    }

    /** The number a query of one row and one column answers, asked of this database. */
    long count(String sql) {
        try (Connection c = DriverManager.getConnection(url(), user, System.getenv("KAPTURA_TEST_DATABASE_PASSWORD"));
                Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not ask the test database " + name + ": " + sql, e);
        }
    }

    @Override
    public void close() {
        try (Connection c =
                        DriverManager.getConnection(adminUrl, user, System.getenv("KAPTURA_TEST_DATABASE_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop the test database " + name, e);
        }
    }
}
