package ai.kaptura.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The framework's own ceilings for {@code bench/http.sh}: a bare Javalin JSON hello-world with the adapter's
 * server settings (virtual threads, routes declared in {@code config.routes}) and a small JSON object written
 * by Jackson, the way {@link Json#respond} writes the API's answers. No guard, no security headers, no metrics:
 * what is left is Jetty, Javalin's routing and Jackson on this JDK and these JVM flags.
 *
 * <p>Given a PostgreSQL URL as well, {@code GET /hello} first reads its message by primary key from a one-row
 * table through a HikariCP pool as large as Kaptura's (16), one auto-commit statement per request: the ceiling
 * of any server that asks PostgreSQL once per request on the same machine, however little it does otherwise.
 *
 * <p>Usage: {@code java -cp <adapter-http test classpath> ai.kaptura.adapter.http.HelloBench <port> [<jdbc url>
 * <user>]}; it serves {@code GET /hello} on every interface, like the adapter, until the process is stopped.
 */
final class HelloBench {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String USAGE =
            "usage: HelloBench <port> [<jdbc:postgresql:// url> <user>]   (a port from 0 to 65535)";

    private HelloBench() {}

    public static void main(String[] args) throws SQLException {
        if ((args.length != 1 && args.length != 3)
                || !args[0].matches("[0-9]{1,5}")
                || Integer.parseInt(args[0]) > 65_535
                || (args.length == 3 && !args[1].startsWith("jdbc:postgresql:"))) {
            System.err.println(USAGE);
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        HikariDataSource pool = args.length == 3 ? pool(args[1], args[2]) : null;
        Map<String, Object> hello = Map.of("message", "Hello, World!");
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get(
                    "/hello",
                    ctx -> ctx.status(200)
                            .contentType("application/json")
                            .result(MAPPER.writeValueAsBytes(pool == null ? hello : Map.of("message", read(pool)))));
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            javalin.stop();
                            if (pool != null) {
                                pool.close();
                            }
                        },
                        "hello-bench-stop"));
        javalin.start(port);
        System.out.println("hello-bench: serving http://127.0.0.1:" + javalin.port() + "/hello"
                + (pool == null ? "" : " (one PostgreSQL read per request)"));
    }

    private static HikariDataSource pool(String url, String user) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(16);
        config.setPoolName("hello-bench");
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists hello_bench (id integer primary key, message text not null)");
            statement.execute("insert into hello_bench values (1, 'Hello, World!') on conflict (id) do nothing");
        }
        return pool;
    }

    private static String read(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("select message from hello_bench where id = ?")) {
            statement.setInt(1, 1);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("hello_bench has no row 1");
                }
                return row.getString(1);
            }
        }
    }
}
