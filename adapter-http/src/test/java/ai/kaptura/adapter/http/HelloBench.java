package ai.kaptura.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import java.util.Map;

/**
 * The framework's own ceiling for {@code bench/http.sh}: a bare Javalin JSON hello-world with the adapter's
 * server settings (virtual threads, routes declared in {@code config.routes}) and a small JSON object written
 * by Jackson, the way {@link Json#respond} writes the API's answers. No guard, no security headers, no metrics,
 * no database: what is left is Jetty, Javalin's routing and Jackson on this JDK and these JVM flags.
 *
 * <p>Usage: {@code java -cp <adapter-http test classpath> ai.kaptura.adapter.http.HelloBench <port>}; it serves
 * {@code GET /hello} on every interface, like the adapter, until the process is stopped.
 */
final class HelloBench {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private HelloBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].matches("[0-9]{1,5}") || Integer.parseInt(args[0]) > 65_535) {
            System.err.println("usage: HelloBench <port>   (a port from 0 to 65535)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Map<String, Object> hello = Map.of("message", "Hello, World!");
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get("/hello", ctx -> ctx.status(200).contentType("application/json")
                    .result(MAPPER.writeValueAsBytes(hello)));
        });
        Runtime.getRuntime().addShutdownHook(new Thread(javalin::stop, "hello-bench-stop"));
        javalin.start(port);
        System.out.println("hello-bench: serving http://127.0.0.1:" + javalin.port() + "/hello");
    }
}
